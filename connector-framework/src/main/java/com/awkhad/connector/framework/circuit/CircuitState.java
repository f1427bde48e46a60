package com.awkhad.connector.framework.circuit;

import java.time.Instant;

/**
 * A backend's circuit as stored in {@code connector_circuit}.
 *
 * @param open true while the backend counts as unreachable and its jobs wait for a probe
 * @param failures network errors in a row while closed (reset by an answer)
 * @param reason the last network error
 * @param openedAt when it last opened (null if never)
 * @param closedAt when it last closed (null if never)
 * @param probes probes that failed since it opened
 * @param nextProbeAt open: the earliest time of the next probe
 * @param probingUntil open: a probe is running, at most until then
 * @param probeJob open: the job that probes next, or probes now
 * @param waiting jobs waiting for it to close
 */
public record CircuitState(long backendId, boolean open, int failures, String reason, Instant openedAt, Instant closedAt,
    int probes, Instant nextProbeAt, Instant probingUntil, String probeJob, int waiting) {

  /** {@code open} or {@code closed}. */
  public String stateName() {
    return open ? "open" : "closed";
  }
}
