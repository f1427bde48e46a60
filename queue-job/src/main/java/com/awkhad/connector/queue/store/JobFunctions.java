package com.awkhad.connector.queue.store;

import com.awkhad.connector.base.jdbc.Jdbc;
import com.awkhad.connector.queue.function.EffectiveFunction;
import com.awkhad.connector.queue.function.EffectiveFunction.Layer;
import com.awkhad.connector.queue.function.FunctionSource;
import com.awkhad.connector.queue.job.JobFunction;
import com.awkhad.connector.queue.job.RetryPattern;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The settings of the job functions: the addons' declarations and the configuration file's
 * overrides (held in memory, set at start), and the rows of {@code queue_job_function} (read
 * here, cached for a few seconds: enqueueing reads the channel and max retries of every job).
 * {@link #define} refreshes the cache at once; rows written by another process show within
 * {@link #CACHE_TTL}. Each setting comes from the last layer that sets it: default, addon,
 * configuration, database.
 */
public final class JobFunctions {
  /** How long a read configuration is reused. */
  public static final Duration CACHE_TTL = Duration.ofSeconds(5);

  private static final String COLUMNS = "name, channel, retry_pattern, related_action, timeout_seconds, max_retries";

  private record Cached(EffectiveFunction function, long loadedAtNanos) {}

  private final Map<String, Cached> cache = new ConcurrentHashMap<>();
  private final Map<String, Layer> declared = new ConcurrentHashMap<>();
  private final Map<String, Layer> configured = new ConcurrentHashMap<>();
  private final java.util.Set<String> remoteClasses = ConcurrentHashMap.newKeySet();
  private final java.util.Set<String> repeatableMethods = ConcurrentHashMap.newKeySet();

  /**
   * Declares, in this process, every job function of class {@code className} remote: it calls
   * external systems (or is slow), so a runner runs each of its jobs alone, never in a batch.
   */
  public void declareRemote(String className) {
    remoteClasses.add(java.util.Objects.requireNonNull(className, "className"));
  }

  /** Whether class {@code className} was declared remote in this process. */
  public boolean declaredRemoteClass(String className) {
    return className != null && remoteClasses.contains(className);
  }

  /**
   * Declares, in this process, method {@code method} of class {@code className} repeatable: its
   * remote calls only read, so its jobs may share a batch's transaction even when the class is
   * declared remote ({@link #declaredRemote}).
   */
  public void declareRepeatable(String className, String method) {
    repeatableMethods.add(java.util.Objects.requireNonNull(className, "className") + "#"
        + java.util.Objects.requireNonNull(method, "method"));
  }

  /**
   * Whether a job calling {@code method} of {@code className} runs alone: its class was declared
   * remote and that method was not declared repeatable. A null method (not known) counts as the class.
   */
  public boolean declaredRemote(String className, String method) {
    return declaredRemoteClass(className) && (method == null || !repeatableMethods.contains(className + "#" + method));
  }

  /**
   * Adds the functions {@code addon} declares.
   *
   * @throws IllegalStateException when another addon declared one of them, naming both
   */
  public void declare(String addon, List<JobFunction> functions) {
    for (JobFunction f : functions) {
      Layer previous = declared.putIfAbsent(f.name(), new Layer(FunctionSource.ADDON, addon, f));
      if (previous != null) {
        throw new IllegalStateException("Job function " + f.name() + " is declared by addon " + previous.origin()
            + " and by addon " + addon + ": a function has one owner. Remove one declaration, or delay one of the"
            + " calls on another model (JobOptions.model)");
      }
    }
    cache.clear();
  }

  /** Replaces the configuration file's settings with {@code functions}, read from {@code file}. */
  public void configure(String file, List<JobFunction> functions) {
    configured.clear();
    for (JobFunction f : functions) {
      configured.put(f.name(), new Layer(FunctionSource.CONFIGURATION, file, f));
    }
    cache.clear();
  }

  /** The settings that apply to {@code name} (channel and max retries never null). */
  public JobFunction get(Connection c, String name) throws SQLException {
    return effective(c, name).settings();
  }

  /** The settings that apply to {@code name}, each with where it came from. */
  public EffectiveFunction effective(Connection c, String name) throws SQLException {
    Cached hit = cache.get(name);
    long now = System.nanoTime();
    if (hit != null && now - hit.loadedAtNanos() < CACHE_TTL.toNanos()) {
      return hit.function();
    }
    EffectiveFunction f = resolve(name, find(c, name).orElse(null));
    cache.put(name, new Cached(f, now));
    return f;
  }

  private EffectiveFunction resolve(String name, JobFunction row) {
    return EffectiveFunction.resolve(name, declared.get(name), configured.get(name),
        row == null ? null : new Layer(FunctionSource.DATABASE, null, row));
  }

  /**
   * Every function some layer sets (declared, configured or stored), and those of the open jobs
   * (waiting, pending, running or failed) that none does, by name.
   */
  public List<EffectiveFunction> list(Connection c) throws SQLException {
    Map<String, JobFunction> rows = new java.util.HashMap<>();
    for (JobFunction f : Jdbc.queryList(c, "SELECT " + COLUMNS + " FROM queue_job_function", JobFunctions::read)) {
      rows.put(f.name(), f);
    }
    TreeSet<String> names = new TreeSet<>(declared.keySet());
    names.addAll(configured.keySet());
    names.addAll(rows.keySet());
    names.addAll(Jdbc.queryList(c, "SELECT DISTINCT func_name FROM queue_job WHERE state IN"
        + " ('wait_dependencies', 'pending', 'enqueued', 'started', 'failed')", rs -> rs.getString(1)));
    List<EffectiveFunction> out = new ArrayList<>();
    for (String name : names) {
      out.add(resolve(name, rows.get(name)));
    }
    return out;
  }

  /** The row of {@code name} in {@code queue_job_function}, if it has one (the database layer alone). */
  public Optional<JobFunction> find(Connection c, String name) throws SQLException {
    return Jdbc.queryOne(c, "SELECT " + COLUMNS + " FROM queue_job_function WHERE name = ?", JobFunctions::read, name);
  }

  private static JobFunction read(ResultSet rs) throws SQLException {
    String name = rs.getString("name");
    int timeout = rs.getInt("timeout_seconds");
    Integer timeoutSeconds = rs.wasNull() ? null : timeout;
    int max = rs.getInt("max_retries");
    Integer maxRetries = rs.wasNull() ? null : max;
    RetryPattern pattern;
    try {
      pattern = RetryPattern.parse(rs.getString("retry_pattern"));
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("Job function " + name + " has an invalid retry_pattern in queue_job_function: "
          + e.getMessage() + ". Fix it with queue.define(...) or in SQL", e);
    }
    return new JobFunction(name, rs.getString("channel"), pattern, rs.getString("related_action"), timeoutSeconds,
        maxRetries);
  }

  /** Inserts or replaces the row of {@code f.name()}: its settings override the addon's and the configuration's. */
  public void define(Connection c, JobFunction f) throws SQLException {
    Object[] values = {f.channel(), f.retryPattern().isEmpty() ? null : f.retryPattern().toJson(), f.relatedAction(),
        f.timeoutSeconds(), f.maxRetries(), f.name()};
    int n = Jdbc.update(c, "UPDATE queue_job_function SET channel = ?, retry_pattern = ?, related_action = ?,"
        + " timeout_seconds = ?, max_retries = ? WHERE name = ?", values);
    cache.remove(f.name());
    if (n == 0) {
      Jdbc.update(c, "INSERT INTO queue_job_function (channel, retry_pattern, related_action, timeout_seconds,"
          + " max_retries, name) VALUES (?, ?, ?, ?, ?, ?)", values);
    }
  }
}
