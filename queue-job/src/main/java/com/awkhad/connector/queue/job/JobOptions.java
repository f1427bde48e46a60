package com.awkhad.connector.queue.job;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * How a delayed call is stored: priority, eta, max retries, channel, identity key, description,
 * the model its job function is keyed by.
 * Immutable; each setter returns a copy. An option left unset takes its default when the job is
 * stored: priority 10 (lower runs first), no eta (as soon as possible), the job function's max
 * retries else 5 (0 = retry forever), the job function's configured channel else {@code root}, no identity key, and a
 * description made from the class and method.
 *
 * <pre>{@code
 * JobOptions opts = JobOptions.defaults()
 *     .priority(5)
 *     .eta(Duration.ofMinutes(10))
 *     .maxRetries(0)              // retry forever
 *     .channel("root.coffee")
 *     .identityExact();           // no duplicate while an identical job is waiting
 * queue.delay(ProductExporter.class, opts).exportRecord(42L);
 * }</pre>
 */
public final class JobOptions {
  /** Default priority: lower numbers run first. */
  public static final int DEFAULT_PRIORITY = 10;
  /** Default number of tries; 0 means retry forever. */
  public static final int DEFAULT_MAX_RETRIES = 5;

  private static final JobOptions DEFAULTS = new JobOptions(null, null, null, null, null, null, false, null, null);

  private final Integer priority;
  private final Instant etaAt;
  private final Duration etaIn;
  private final Integer maxRetries;
  private final String channel;
  private final String identityKey;
  private final boolean identityExact;
  private final String description;
  private final String model;

  private JobOptions(Integer priority, Instant etaAt, Duration etaIn, Integer maxRetries, String channel,
      String identityKey, boolean identityExact, String description, String model) {
    this.priority = priority;
    this.etaAt = etaAt;
    this.etaIn = etaIn;
    this.maxRetries = maxRetries;
    this.channel = channel;
    this.identityKey = identityKey;
    this.identityExact = identityExact;
    this.description = description;
    this.model = model;
  }

  /** No option set: every default applies. */
  public static JobOptions defaults() {
    return DEFAULTS;
  }

  public JobOptions priority(int value) {
    return new JobOptions(value, etaAt, etaIn, maxRetries, channel, identityKey, identityExact, description, model);
  }

  /** Not before {@code at}. */
  public JobOptions eta(Instant at) {
    Objects.requireNonNull(at, "eta");
    return new JobOptions(priority, at, null, maxRetries, channel, identityKey, identityExact, description, model);
  }

  /** Not before {@code delay} after the job is stored. */
  public JobOptions eta(Duration delay) {
    Objects.requireNonNull(delay, "eta");
    if (delay.isNegative()) {
      throw new IllegalArgumentException("eta delay must not be negative, got " + delay);
    }
    return new JobOptions(priority, null, delay, maxRetries, channel, identityKey, identityExact, description, model);
  }

  /** Not before {@code seconds} after the job is stored. */
  public JobOptions etaSeconds(long seconds) {
    return eta(Duration.ofSeconds(seconds));
  }

  /** Tries allowed before the job fails; 0 retries forever. */
  public JobOptions maxRetries(int value) {
    if (value < 0) {
      throw new IllegalArgumentException("maxRetries must be >= 0 (0 = retry forever), got " + value);
    }
    return new JobOptions(priority, etaAt, etaIn, value, channel, identityKey, identityExact, description, model);
  }

  /** The channel, e.g. {@code root.coffee}; overrides the job function's configured channel. */
  public JobOptions channel(String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("channel must not be blank: use a name such as root or root.coffee");
    }
    String name = value.trim();
    return new JobOptions(priority, etaAt, etaIn, maxRetries, name.equals("root") || name.startsWith("root.") ? name : "root." + name,
        identityKey, identityExact, description, model);
  }

  /**
   * While a job with this key is waiting (wait_dependencies, pending or enqueued), delaying
   * another one with the same key returns the existing job instead.
   */
  public JobOptions identityKey(String key) {
    if (key == null || key.isBlank() || key.length() > 512) {
      throw new IllegalArgumentException("identity key must be 1 to 512 characters, got " + (key == null ? "null" : key.length() + " characters"));
    }
    return new JobOptions(priority, etaAt, etaIn, maxRetries, channel, key, false, description, model);
  }

  /** An identity key derived from the job function and its arguments (SHA-1). */
  public JobOptions identityExact() {
    return new JobOptions(priority, etaAt, etaIn, maxRetries, channel, null, true, description, model);
  }

  public JobOptions description(String value) {
    return new JobOptions(priority, etaAt, etaIn, maxRetries, channel, identityKey, identityExact,
        value == null ? null : value.length() > 512 ? value.substring(0, 512) : value, model);
  }

  /**
   * The model the job works on, e.g. the binding model {@code coffee.beverage.binding}: its job
   * function is then {@code <model>.method} instead of {@code <class>.method}, so that each model
   * has its own channel, retry pattern, max retries, timeout and related action (as the original
   * keys job functions by model and method).
   *
   * <pre>{@code
   * queue.delay(ConnectorJobs.class, JobOptions.defaults().model("coffee.beverage.binding"))
   *     .importRecord(backendId, "coffee.beverage.binding", "42", false); // function <coffee.beverage.binding>.importRecord
   * }</pre>
   */
  public JobOptions model(String value) {
    JobFunction.nameOf(value, "check"); // refuses what cannot name a model
    return new JobOptions(priority, etaAt, etaIn, maxRetries, channel, identityKey, identityExact, description, value);
  }

  /** Options set in {@code other} override ours. */
  public JobOptions merge(JobOptions other) {
    return new JobOptions(
        other.priority != null ? other.priority : priority,
        other.etaAt != null || other.etaIn != null ? other.etaAt : etaAt,
        other.etaAt != null || other.etaIn != null ? other.etaIn : etaIn,
        other.maxRetries != null ? other.maxRetries : maxRetries,
        other.channel != null ? other.channel : channel,
        other.identityKey != null || other.identityExact ? other.identityKey : identityKey,
        other.identityKey != null || other.identityExact ? other.identityExact : identityExact,
        other.description != null ? other.description : description,
        other.model != null ? other.model : model);
  }

  /** The priority if set, else null. */
  public Integer priority() {
    return priority;
  }

  /** The absolute eta if one was set, else null. */
  public Instant etaAt() {
    return etaAt;
  }

  /** The relative eta if one was set, else null. */
  public Duration etaIn() {
    return etaIn;
  }

  /** The eta resolved against {@code now}; null when none was set. */
  public Instant etaFrom(Instant now) {
    return etaAt != null ? etaAt : etaIn != null ? now.plus(etaIn) : null;
  }

  public Integer maxRetries() {
    return maxRetries;
  }

  public String channel() {
    return channel;
  }

  public String identityKey() {
    return identityKey;
  }

  /** True when the identity key is to be derived from the function and its arguments. */
  public boolean isIdentityExact() {
    return identityExact;
  }

  public String description() {
    return description;
  }

  /** The model the job's function is keyed by, or null (then {@code <class>.<method>}). */
  public String model() {
    return model;
  }

  public int priorityOrDefault() {
    return priority == null ? DEFAULT_PRIORITY : priority;
  }

  public int maxRetriesOrDefault() {
    return maxRetries == null ? DEFAULT_MAX_RETRIES : maxRetries;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("JobOptions[");
    if (priority != null) sb.append("priority=").append(priority).append(' ');
    if (etaAt != null) sb.append("eta=").append(etaAt).append(' ');
    if (etaIn != null) sb.append("eta=+").append(etaIn).append(' ');
    if (maxRetries != null) sb.append("maxRetries=").append(maxRetries).append(' ');
    if (channel != null) sb.append("channel=").append(channel).append(' ');
    if (identityKey != null) sb.append("identityKey=").append(identityKey).append(' ');
    if (identityExact) sb.append("identityExact ");
    if (description != null) sb.append("description=").append(description).append(' ');
    if (model != null) sb.append("model=").append(model).append(' ');
    return sb.toString().trim() + "]";
  }
}
