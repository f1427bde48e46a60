package com.awkhad.connector.component.event.capture;

import java.time.Duration;
import java.time.Instant;

/**
 * The captured changes not published yet.
 *
 * @param pending changes not consumed yet
 * @param failing among them, changes whose publication failed at least once (a listener threw)
 * @param oldest when the oldest pending change was captured; null when there is none
 * @param age how long the oldest pending change has waited ({@link Duration#ZERO} when none)
 */
public record CaptureBacklog(long pending, long failing, Instant oldest, Duration age) {
  @Override
  public String toString() {
    return pending == 0 ? "capture backlog: 0 changes"
        : "capture backlog: " + pending + " change(s), oldest " + age.toMillis() + " ms old"
            + (failing > 0 ? ", " + failing + " failing" : "");
  }
}
