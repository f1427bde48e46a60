package com.awkhad.connector.framework.circuit;

import java.time.Duration;
import java.time.Instant;

/**
 * A backend's circuit closed: a probe succeeded.
 *
 * @param backendId the backend
 * @param backendName its name
 * @param openedAt when it had opened
 * @param closedAt when it closed
 * @param openFor how long it was open
 * @param failedProbes the probes that failed before this one succeeded
 * @param released the waiting jobs made due at once
 */
public record CircuitClosed(long backendId, String backendName, Instant openedAt, Instant closedAt, Duration openFor,
    int failedProbes, int released) {}
