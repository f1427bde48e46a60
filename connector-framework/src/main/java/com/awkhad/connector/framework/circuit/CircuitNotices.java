package com.awkhad.connector.framework.circuit;

import com.awkhad.connector.base.text.Lines;
import com.awkhad.connector.queue.notify.Notice;
import com.awkhad.connector.queue.notify.Notifier;
import java.time.Duration;
import java.time.temporal.ChronoUnit;

/**
 * Tells operators when a backend's circuit opens and closes, through the process's
 * {@link Notifier} (webhooks, mail). Both notices of one backend share a group key, so an outage
 * shorter than the grouping window sends one message ("opened ... closed"), a longer one two.
 * The notices name the backend and the network error's first line, never a setting or secret.
 *
 * <pre>{@code
 * Circuits.of(env).addListener(new CircuitNotices(notifier));
 * }</pre>
 */
public final class CircuitNotices implements CircuitListener {
  public static final String OPENED = "backend.circuit_opened";
  public static final String CLOSED = "backend.circuit_closed";

  private final Notifier notifier;

  public CircuitNotices(Notifier notifier) {
    this.notifier = notifier;
  }

  @Override
  public void opened(CircuitOpened e) {
    notifier.post(Notice.of(OPENED, "Backend '" + e.backendName() + "' unreachable: its jobs wait for a probe")
        .withText(firstLine(e.reason()))
        .withField("backend", e.backendName() + " (id " + e.backendId() + ")")
        .withField("opened at", e.at().truncatedTo(ChronoUnit.SECONDS).toString())
        .withField("network errors in a row", String.valueOf(e.failures()))
        .withField("first probe at", e.nextProbeAt().truncatedTo(ChronoUnit.SECONDS).toString())
        .withGroupKey(groupKey(e.backendId())));
  }

  @Override
  public void closed(CircuitClosed e) {
    notifier.post(Notice.of(CLOSED, "Backend '" + e.backendName() + "' answers again after " + human(e.openFor())
            + ": " + e.released() + " waiting job(s) released")
        .withField("backend", e.backendName() + " (id " + e.backendId() + ")")
        .withField("closed at", e.closedAt().truncatedTo(ChronoUnit.SECONDS).toString())
        .withField("open for", human(e.openFor()))
        .withField("failed probes", String.valueOf(e.failedProbes()))
        .withField("jobs released", String.valueOf(e.released()))
        .withGroupKey(groupKey(e.backendId())));
  }

  static String groupKey(long backendId) {
    return "backend.circuit " + backendId;
  }

  static String human(Duration d) {
    long s = Math.max(0, d.toSeconds());
    return s < 120 ? s + " s" : s < 7200 ? (s / 60) + " min " + (s % 60) + " s" : (s / 3600) + " h " + (s % 3600 / 60) + " min";
  }

  private static String firstLine(String s) {
    return s == null ? "" : Lines.first(s.strip()).strip();
  }
}
