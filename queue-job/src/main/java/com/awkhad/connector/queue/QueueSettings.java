package com.awkhad.connector.queue;

import com.awkhad.connector.base.settings.Settings;
import com.awkhad.connector.queue.delay.Delayer;
import java.util.Locale;

/**
 * The {@code queue_job} addon's settings, read from the environment's {@link Settings} at start-up
 * (never from {@link System#getenv} directly):
 *
 * <ul>
 *   <li>{@value Delayer#NO_DELAY_ENV} (system property {@code connector.queue.noDelay}): {@code 1}
 *       or {@code true} runs delayed calls at once instead of storing jobs;
 *   <li>{@value #WAKE_HINTS_ENV} (system property {@code connector.queue.wakeHints}): {@code off}
 *       stops this process from sending wake hints to the runners (PostgreSQL only);
 *       {@code after-commit} sends them after each commit only, without the early hint before it.
 * </ul>
 *
 * <pre>{@code
 * QueueSettings settings = QueueSettings.from(env.settings());
 * }</pre>
 */
public final class QueueSettings {
  /** Environment variable turning the wake hints off in an enqueuing process ({@code off}). */
  public static final String WAKE_HINTS_ENV = "CONNECTOR_WAKE_HINTS";

  private final String noDelay;
  private final String wakeHints;

  private QueueSettings(String noDelay, String wakeHints) {
    this.noDelay = noDelay;
    this.wakeHints = wakeHints;
  }

  /** The queue's settings among {@code settings}. */
  public static QueueSettings from(Settings settings) {
    return new QueueSettings(settings.get(Delayer.NO_DELAY_ENV, "connector.queue.noDelay").orElse(null),
        settings.get(WAKE_HINTS_ENV, "connector.queue.wakeHints").orElse(null));
  }

  /** Whether delayed calls run at once ({@code 1} or {@code true}; anything else: no). */
  public boolean noDelay() {
    return noDelay != null && (noDelay.equals("1") || noDelay.equalsIgnoreCase("true"));
  }

  /**
   * Whether this process sends wake hints to the runners: yes unless {@value #WAKE_HINTS_ENV} is
   * {@code off}, {@code false} or {@code 0}.
   *
   * @throws IllegalArgumentException when the setting is none of on, true, 1, after-commit, off,
   *     false, 0
   */
  public boolean wakeHints() {
    return !wakeHintsMode().equals("off");
  }

  /**
   * Whether the runners are also woken just before an enqueue's commit (the early hint, and the
   * early signal of a runner in this process; see docs/runner.md): yes unless
   * {@value #WAKE_HINTS_ENV} is {@code after-commit} (hints after the commit only; each early one
   * costs an idle runner a claim that finds nothing) or off.
   *
   * @throws IllegalArgumentException when the setting is not understood (as {@link #wakeHints})
   */
  public boolean earlyWakeHints() {
    return wakeHintsMode().equals("on");
  }

  private String wakeHintsMode() {
    if (wakeHints == null) {
      return "on";
    }
    String f = wakeHints.trim().toLowerCase(Locale.ROOT);
    if (f.equals("off") || f.equals("false") || f.equals("0")) {
      return "off";
    }
    if (f.equals("on") || f.equals("true") || f.equals("1")) {
      return "on";
    }
    if (f.equals("after-commit")) {
      return f;
    }
    throw new IllegalArgumentException(WAKE_HINTS_ENV + "=" + wakeHints + " is not understood: use on, after-commit"
        + " (no early hint before the commit) or off");
  }
}
