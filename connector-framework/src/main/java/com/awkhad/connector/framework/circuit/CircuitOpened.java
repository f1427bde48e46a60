package com.awkhad.connector.framework.circuit;

import java.time.Instant;

/**
 * A backend's circuit opened.
 *
 * @param backendId the backend
 * @param backendName its name
 * @param at when it opened
 * @param failures the network errors in a row that opened it
 * @param reason the last of them (the request, the backend, what failed; never a secret)
 * @param nextProbeAt when the first probe may run
 */
public record CircuitOpened(long backendId, String backendName, Instant at, int failures, String reason, Instant nextProbeAt) {}
