package com.awkhad.connector.framework.circuit;

import com.awkhad.connector.framework.backend.Backend;
import com.awkhad.connector.framework.exception.ConnectorException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A backend's circuit settings, from its JSON settings:
 * {@value #THRESHOLD} (network errors in a row that open it, default 3; 0 turns the breaker off)
 * and {@value #PROBE_MAX} (the longest pause between two probes, default 15 s).
 */
record CircuitSettings(int threshold, int probeMaxSeconds, Duration probeLease) {
  static final String THRESHOLD = "circuit_failure_threshold";
  static final String PROBE_MAX = "circuit_probe_max_seconds";
  static final int DEFAULT_THRESHOLD = 3;
  static final int DEFAULT_PROBE_MAX = 15;
  /** The pauses before probe 1, 2, 3...; each capped at the backend's {@value #PROBE_MAX}. */
  private static final int[] PROBE_STEPS = {5, 10, 15, 30, 60, 120, 300, 600};

  static CircuitSettings of(Backend backend) {
    int threshold = backend.setting(THRESHOLD, Integer.class).orElse(DEFAULT_THRESHOLD);
    int probeMax = backend.setting(PROBE_MAX, Integer.class).orElse(DEFAULT_PROBE_MAX);
    if (threshold < 0 || probeMax < 1) {
      throw new ConnectorException("Backend '" + backend.name() + "' has " + THRESHOLD + " = " + threshold + " and "
          + PROBE_MAX + " = " + probeMax + ": set the threshold to 0 (no circuit breaker) or more, and the probe pause"
          + " to 1 s or more (defaults " + DEFAULT_THRESHOLD + " and " + DEFAULT_PROBE_MAX + ")");
    }
    int timeout = backend.setting("http_timeout_seconds", Integer.class).orElse(30);
    return new CircuitSettings(threshold, probeMax, Duration.ofSeconds(Math.max(60, 2L * timeout)));
  }

  boolean enabled() {
    return threshold > 0;
  }

  /**
   * The pause before the probe that follows {@code failedProbes} failed ones: 5 s, 10 s, 15 s, 30 s...
   * capped at {@link #probeMaxSeconds()}, within &plusmn;10%, and never shorter than the server's
   * {@code Retry-After} ({@code retryAfter}, null when it sent none).
   */
  Duration probePause(int failedProbes, Integer retryAfter) {
    int step = Math.min(PROBE_STEPS[Math.min(failedProbes, PROBE_STEPS.length - 1)], probeMaxSeconds);
    long millis = Math.round(step * 1000 * (0.9 + 0.2 * ThreadLocalRandom.current().nextDouble()));
    if (retryAfter != null) {
      millis = Math.max(millis, retryAfter * 1000L);
    }
    return Duration.ofMillis(millis);
  }
}
