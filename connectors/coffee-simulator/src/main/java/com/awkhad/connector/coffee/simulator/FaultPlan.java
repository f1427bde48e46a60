package com.awkhad.connector.coffee.simulator;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Random;

/**
 * Random network faults for the {@link CoffeeMachineSimulator}, drawn from a seeded generator: each
 * authorised request gets at most one {@link NetworkFault}, each with its own probability. A given
 * request (same method, path, idempotency key and body) is faulted at most
 * {@link #maxPerRequest()} times, so that the faults stay transient: a client retrying the same
 * request gets through after a bounded number of tries.
 *
 * <pre>{@code
 * machine.faults(FaultPlan.seeded(seed).unavailable(0.05).reset(0.03).lostResponse(0.08)
 *     .slow(0.02, Duration.ofMillis(1500)).maxPerRequest(2));
 * }</pre>
 *
 * <p>With one client thread the same seed gives the same faults; with concurrent clients the
 * draws follow the order in which requests arrive.
 */
public final class FaultPlan {
  private final long seed;
  private final Random random;
  private final Map<NetworkFault, Double> probabilities;
  private final Duration slowDelay;
  private final int maxPerRequest;

  private FaultPlan(long seed, Map<NetworkFault, Double> probabilities, Duration slowDelay, int maxPerRequest) {
    this.seed = seed;
    this.random = new Random(seed);
    this.probabilities = probabilities;
    this.slowDelay = slowDelay;
    this.maxPerRequest = maxPerRequest;
  }

  /** No faults, drawn from {@code seed}; add some with the other methods. */
  public static FaultPlan seeded(long seed) {
    return new FaultPlan(seed, new EnumMap<>(NetworkFault.class), Duration.ofMillis(1500), 2);
  }

  /** Answers 503 with probability {@code p}. */
  public FaultPlan unavailable(double p) {
    return with(NetworkFault.UNAVAILABLE, p, slowDelay);
  }

  /** Closes the connection without answering, with probability {@code p}. */
  public FaultPlan reset(double p) {
    return with(NetworkFault.RESET, p, slowDelay);
  }

  /** Applies the request and loses the answer mid-body, with probability {@code p}. */
  public FaultPlan lostResponse(double p) {
    return with(NetworkFault.LOST_RESPONSE, p, slowDelay);
  }

  /** Waits {@code delay} before applying and answering, with probability {@code p}. */
  public FaultPlan slow(double p, Duration delay) {
    Objects.requireNonNull(delay, "delay");
    return with(NetworkFault.SLOW, p, delay);
  }

  /** How many times one request may be faulted (default 2); at least 1. */
  public FaultPlan maxPerRequest(int value) {
    if (value < 1) {
      throw new IllegalArgumentException("maxPerRequest must be at least 1, got " + value);
    }
    return new FaultPlan(seed, probabilities, slowDelay, value);
  }

  public long seed() {
    return seed;
  }

  public Duration slowDelay() {
    return slowDelay;
  }

  public int maxPerRequest() {
    return maxPerRequest;
  }

  /** The probability of {@code fault} per request. */
  public double probability(NetworkFault fault) {
    return probabilities.getOrDefault(fault, 0.0);
  }

  /** The next draw: a fault, or null for a normal answer. */
  NetworkFault draw() {
    double x = random.nextDouble();
    double acc = 0;
    for (NetworkFault f : NetworkFault.values()) {
      acc += probability(f);
      if (x < acc) {
        return f;
      }
    }
    return null;
  }

  private FaultPlan with(NetworkFault fault, double p, Duration delay) {
    if (p < 0 || p > 1) {
      throw new IllegalArgumentException("The probability of " + fault + " must be between 0 and 1, got " + p);
    }
    Map<NetworkFault, Double> copy = new EnumMap<>(NetworkFault.class);
    copy.putAll(probabilities);
    copy.put(fault, p);
    double total = copy.values().stream().mapToDouble(Double::doubleValue).sum();
    if (total > 1) {
      throw new IllegalArgumentException("The fault probabilities add up to " + total + ": keep their sum at most 1");
    }
    return new FaultPlan(seed, copy, delay, maxPerRequest);
  }

  @Override
  public String toString() {
    return "FaultPlan[seed=" + seed + ", " + probabilities + ", slow=" + slowDelay.toMillis() + " ms, maxPerRequest="
        + maxPerRequest + "]";
  }
}
