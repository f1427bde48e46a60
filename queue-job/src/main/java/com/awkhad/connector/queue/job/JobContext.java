package com.awkhad.connector.queue.job;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Collections;
import java.util.IllformedLocaleException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Who and what a job runs for: the user who enqueued it, the tenant (company), the locale and time
 * zone, and keys that addons declare ({@code Queue.declareContextKeys}). The enqueuing thread's
 * context is stored with each job it delays (column {@code queue_job.context}) and is the current
 * context again while the job runs, so the job, its work context (attribute {@value #ATTRIBUTE})
 * and the jobs it delays in turn see the same values: the original's {@code user_id},
 * {@code company_id} and allow-listed context keys ({@code tz}, {@code lang}, ...).
 *
 * <pre>{@code
 * JobContext ctx = JobContext.builder().user("alice").tenant("acme").locale(Locale.FRANCE)
 *     .timeZone(ZoneId.of("Europe/Paris")).put("sales_team", "north").build();
 * try (JobContext.Scope scope = JobContext.open(ctx)) {
 *   queue.delay(Exporter.class).exportOrder(42); // stored with ctx
 * }
 * // inside the job:
 * String who = JobContext.current().user().orElse("system");
 * }</pre>
 *
 * <p>Values are strings; keys are lower-case words ({@code [a-z][a-z0-9_.]*}, up to 64 characters).
 */
public final class JobContext {
  /** The work context attribute holding the job's context, when there is one. */
  public static final String ATTRIBUTE = "job_context";
  public static final String USER = "user";
  public static final String TENANT = "tenant";
  public static final String LOCALE = "locale";
  public static final String TIME_ZONE = "tz";
  /** The keys every job may carry without a declaration. */
  public static final Set<String> STANDARD_KEYS = Set.of(USER, TENANT, LOCALE, TIME_ZONE);
  /** No context. */
  public static final JobContext EMPTY = new JobContext(new TreeMap<>());

  private static final Pattern KEY = Pattern.compile("[a-z][a-z0-9_.]{0,63}");
  private static final int MAX_VALUE = 1000;
  private static final ThreadLocal<JobContext> CURRENT = new ThreadLocal<>();

  private final Map<String, String> values; // sorted, unmodifiable

  private JobContext(TreeMap<String, String> values) {
    this.values = Collections.unmodifiableMap(values);
  }

  public static Builder builder() {
    return new Builder(new TreeMap<>());
  }

  /**
   * A context of these values (standard and declared keys alike).
   *
   * @throws IllegalArgumentException for a bad key or value, saying which
   */
  public static JobContext of(Map<String, String> values) {
    Builder b = builder();
    values.forEach(b::put);
    return b.build();
  }

  /** This context with its values and the builder's changes. */
  public Builder toBuilder() {
    return new Builder(new TreeMap<>(values));
  }

  public Optional<String> user() {
    return get(USER);
  }

  public Optional<String> tenant() {
    return get(TENANT);
  }

  public Optional<Locale> locale() {
    return get(LOCALE).map(Locale::forLanguageTag);
  }

  public Optional<ZoneId> timeZone() {
    return get(TIME_ZONE).map(ZoneId::of);
  }

  public Optional<String> get(String key) {
    return Optional.ofNullable(values.get(key));
  }

  /** Every value by key, sorted. */
  public Map<String, String> asMap() {
    return values;
  }

  public boolean isEmpty() {
    return values.isEmpty();
  }

  /** The stored form: a JSON object with sorted keys; null for an empty context. */
  public String toJson() {
    if (values.isEmpty()) {
      return null;
    }
    try {
      return JobJson.mapper().writeValueAsString(values);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write the job context " + values, e);
    }
  }

  /** Reads the stored form (null or blank: {@link #EMPTY}). */
  public static JobContext fromJson(String json) {
    if (json == null || json.isBlank()) {
      return EMPTY;
    }
    try {
      return new JobContext(new TreeMap<>(JobJson.mapper().readValue(json, new TypeReference<Map<String, String>>() {})));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("The stored job context is not a JSON object of strings: " + json, e);
    }
  }

  /**
   * The {@code LIKE} pattern (escape character {@code !}) that matches the stored context of the
   * jobs whose {@code key} is {@code value}: the JSON text holds {@code "key":"value"} exactly
   * once, and a quote inside a value is escaped, so the pattern cannot match inside a value.
   */
  public static String likePattern(String key, String value) {
    String pair;
    try {
      pair = JobJson.mapper().writeValueAsString(key) + ":" + JobJson.mapper().writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    return "%" + pair.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%";
  }

  /** The context of this thread: the running job's, or the one {@link #open}ed; {@link #EMPTY} if none. */
  public static JobContext current() {
    JobContext c = CURRENT.get();
    return c == null ? EMPTY : c;
  }

  /** Makes {@code context} current on this thread until the scope closes (the previous one comes back). */
  public static Scope open(JobContext context) {
    JobContext previous = CURRENT.get();
    CURRENT.set(context);
    return () -> {
      if (previous == null) {
        CURRENT.remove();
      } else {
        CURRENT.set(previous);
      }
    };
  }

  /** Ends an {@link #open}ed context. */
  public interface Scope extends AutoCloseable {
    @Override
    void close();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof JobContext other && other.values.equals(values);
  }

  @Override
  public int hashCode() {
    return values.hashCode();
  }

  @Override
  public String toString() {
    return "JobContext" + values;
  }

  /** Builds a context; each setter checks its value. */
  public static final class Builder {
    private final TreeMap<String, String> values;

    private Builder(TreeMap<String, String> values) {
      this.values = values;
    }

    public Builder user(String value) {
      return put(USER, value);
    }

    public Builder tenant(String value) {
      return put(TENANT, value);
    }

    public Builder locale(Locale value) {
      return put(LOCALE, value == null ? null : value.toLanguageTag());
    }

    public Builder timeZone(ZoneId value) {
      return put(TIME_ZONE, value == null ? null : value.getId());
    }

    /**
     * Sets {@code key} ({@code null} removes it).
     *
     * @throws IllegalArgumentException for a key that is not a lower-case word, a value over
     *     1000 characters, a locale that is not a language tag or an unknown time zone
     */
    public Builder put(String key, String value) {
      if (key == null || !KEY.matcher(key).matches()) {
        throw new IllegalArgumentException("Job context key '" + key + "' is not a lower-case word: use letters a-z,"
            + " digits, '_' and '.', starting with a letter, up to 64 characters (e.g. sales_team)");
      }
      if (value == null) {
        values.remove(key);
        return this;
      }
      if (value.length() > MAX_VALUE) {
        throw new IllegalArgumentException("Job context value of '" + key + "' has " + value.length()
            + " characters, more than " + MAX_VALUE + ": store an id, not the data (job arguments carry data)");
      }
      if (key.equals(LOCALE)) {
        try {
          new Locale.Builder().setLanguageTag(value);
        } catch (IllformedLocaleException e) {
          throw new IllegalArgumentException("Job context locale '" + value + "' is not a language tag; write e.g. fr-FR");
        }
      }
      if (key.equals(TIME_ZONE)) {
        try {
          ZoneId.of(value);
        } catch (DateTimeException e) {
          throw new IllegalArgumentException("Job context time zone '" + value + "' is unknown; write a zone id such as"
              + " Europe/Paris or UTC");
        }
      }
      values.put(key, value);
      return this;
    }

    public JobContext build() {
      return values.isEmpty() ? EMPTY : new JobContext(new TreeMap<>(values));
    }
  }
}
