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
 *       stops this process from sending wake hints to the runners (PostgreSQL only).
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
   * @throws IllegalArgumentException when the setting is none of on, true, 1, off, false, 0
   */
  public boolean wakeHints() {
    if (wakeHints == null) {
      return true;
    }
    String f = wakeHints.trim().toLowerCase(Locale.ROOT);
    if (f.equals("off") || f.equals("false") || f.equals("0")) {
      return false;
    }
    if (f.equals("on") || f.equals("true") || f.equals("1")) {
      return true;
    }
    throw new IllegalArgumentException(WAKE_HINTS_ENV + "=" + wakeHints + " is not understood: use on or off");
  }
}
