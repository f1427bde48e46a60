package com.awkhad.connector.queue.job;

import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How long a job waits before its next try, by try number: {@code {fromTry: seconds}}. The delay
 * for try {@code n} is the value of the largest key {@code <= n}; with no such key it is 600 s.
 * A value can be a {@code [min, max]} range for a random delay.
 *
 * <pre>{@code
 * RetryPattern p = RetryPattern.builder().after(1, 60).after(2, 180).after(3, 10).after(5, 300).build();
 * p.secondsFor(4); // 10
 * RetryPattern.parse("{\"1\": 60, \"3\": [10, 20]}");
 * }</pre>
 */
public final class RetryPattern {
  /** Delay when no pattern key applies. */
  public static final int DEFAULT_SECONDS = 600;

  private static final RetryPattern NONE = new RetryPattern(new TreeMap<>());

  private final NavigableMap<Integer, int[]> steps;

  private RetryPattern(NavigableMap<Integer, int[]> steps) {
    this.steps = steps;
  }

  /** The empty pattern: always 600 s. */
  public static RetryPattern none() {
    return NONE;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builds a pattern from try numbers to fixed seconds. */
  public static RetryPattern of(Map<Integer, Integer> fixed) {
    Builder b = builder();
    fixed.forEach(b::after);
    return b.build();
  }

  /**
   * Parses the stored JSON form, e.g. {@code {"1": 60, "3": [10, 20]}}; null or blank is the
   * empty pattern.
   *
   * @throws IllegalArgumentException saying which entry is wrong
   */
  public static RetryPattern parse(String json) {
    if (json == null || json.isBlank()) {
      return NONE;
    }
    com.fasterxml.jackson.databind.JsonNode node;
    try {
      node = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException("Retry pattern is not valid JSON: " + json + " (" + e.getOriginalMessage() + ")");
    }
    if (!node.isObject()) {
      throw new IllegalArgumentException("Retry pattern must be a JSON object {\"<from try>\": seconds}, got " + json);
    }
    Builder b = builder();
    var fields = node.fields();
    while (fields.hasNext()) {
      var e = fields.next();
      int fromTry;
      try {
        fromTry = Integer.parseInt(e.getKey().trim());
      } catch (NumberFormatException ex) {
        throw new IllegalArgumentException("Retry pattern key '" + e.getKey() + "' is not a try number in " + json);
      }
      var v = e.getValue();
      if (v.isInt()) {
        b.after(fromTry, v.asInt());
      } else if (v.isArray() && v.size() == 2 && v.get(0).isInt() && v.get(1).isInt()) {
        b.after(fromTry, v.get(0).asInt(), v.get(1).asInt());
      } else {
        throw new IllegalArgumentException("Retry pattern value for try " + fromTry + " must be seconds or [min, max], got " + v);
      }
    }
    return b.build();
  }

  /** The delay in seconds before the try that follows try number {@code tryCount}. */
  public int secondsFor(int tryCount) {
    Map.Entry<Integer, int[]> e = steps.floorEntry(tryCount);
    if (e == null) {
      return DEFAULT_SECONDS;
    }
    int[] range = e.getValue();
    return range[0] == range[1] ? range[0] : ThreadLocalRandom.current().nextInt(range[0], range[1] + 1);
  }

  public boolean isEmpty() {
    return steps.isEmpty();
  }

  /** The JSON form stored in {@code queue_job_function.retry_pattern}. */
  public String toJson() {
    StringBuilder sb = new StringBuilder("{");
    steps.forEach((k, v) -> {
      if (sb.length() > 1) sb.append(", ");
      sb.append('"').append(k).append("\": ");
      sb.append(v[0] == v[1] ? String.valueOf(v[0]) : "[" + v[0] + ", " + v[1] + "]");
    });
    return sb.append('}').toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RetryPattern p && toJson().equals(p.toJson());
  }

  @Override
  public int hashCode() {
    return Objects.hash(toJson());
  }

  @Override
  public String toString() {
    return toJson();
  }

  /** Builder for {@link RetryPattern}. */
  public static final class Builder {
    private final NavigableMap<Integer, int[]> steps = new TreeMap<>();

    /** From try {@code fromTry} on, wait {@code seconds}. */
    public Builder after(int fromTry, int seconds) {
      return after(fromTry, seconds, seconds);
    }

    /** From try {@code fromTry} on, wait a random delay between {@code min} and {@code max} seconds. */
    public Builder after(int fromTry, int min, int max) {
      if (fromTry < 0 || min < 0 || max < min) {
        throw new IllegalArgumentException(
            "Retry pattern step needs fromTry >= 0 and 0 <= min <= max, got try " + fromTry + ": [" + min + ", " + max + "]");
      }
      steps.put(fromTry, new int[] {min, max});
      return this;
    }

    public RetryPattern build() {
      return new RetryPattern(new TreeMap<>(steps));
    }
  }
}
