package com.awkhad.connector.queue.store;

import com.awkhad.connector.queue.job.JobFunction;
import com.awkhad.connector.queue.job.RetryPattern;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads and writes {@code queue_job_function}: per-function channel, retry pattern, related
 * action, timeout, remote. Reads are cached for a few seconds (enqueueing reads the channel of every
 * job); {@link #define} refreshes the cache at once, changes made by another process show within
 * {@link #CACHE_TTL}.
 */
public final class JobFunctions {
  /** How long a read configuration is reused. */
  public static final Duration CACHE_TTL = Duration.ofSeconds(5);

  private record Cached(JobFunction function, long loadedAtNanos) {}

  private final Map<String, Cached> cache = new ConcurrentHashMap<>();
  private final java.util.Set<String> remoteClasses = ConcurrentHashMap.newKeySet();

  /**
   * Declares, in this process, every job function of {@code className} remote (see
   * {@link JobFunction#remote()}), whatever its row says: for code that calls external systems.
   */
  public void declareRemote(String className) {
    remoteClasses.add(Objects.requireNonNull(className, "className"));
  }

  /** Whether {@code className} was declared remote in this process. */
  public boolean declaredRemoteClass(String className) {
    return className != null && remoteClasses.contains(className);
  }

  /** Whether {@code funcName} ({@code <class>.<method>}) belongs to a class declared remote in this process. */
  public boolean declaredRemote(String funcName) {
    int dot = funcName.lastIndexOf('.');
    return dot > 0 && declaredRemoteClass(funcName.substring(0, dot));
  }

  /** The configuration of {@code name}, or the defaults when it has none. */
  public JobFunction get(Connection c, String name) throws SQLException {
    Cached hit = cache.get(name);
    long now = System.nanoTime();
    if (hit != null && now - hit.loadedAtNanos() < CACHE_TTL.toNanos()) {
      return hit.function();
    }
    JobFunction f = find(c, name).orElseGet(() -> JobFunction.defaultsFor(name));
    if (!f.remote() && declaredRemote(name)) {
      f = f.withRemote(true);
    }
    cache.put(name, new Cached(f, now));
    return f;
  }

  public Optional<JobFunction> find(Connection c, String name) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT name, channel, retry_pattern, related_action, timeout_seconds, remote FROM queue_job_function WHERE name = ?")) {
      ps.setString(1, name);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        int timeout = rs.getInt("timeout_seconds");
        Integer timeoutSeconds = rs.wasNull() ? null : timeout;
        RetryPattern pattern;
        try {
          pattern = RetryPattern.parse(rs.getString("retry_pattern"));
        } catch (IllegalArgumentException e) {
          throw new IllegalStateException("Job function " + name + " has an invalid retry_pattern in queue_job_function: "
              + e.getMessage(), e);
        }
        return Optional.of(new JobFunction(rs.getString("name"), rs.getString("channel"), pattern,
            rs.getString("related_action"), timeoutSeconds, rs.getBoolean("remote")));
      }
    }
  }

  /** Inserts or replaces the configuration of {@code f.name()}. */
  public void define(Connection c, JobFunction f) throws SQLException {
    Object[] values = {f.channel(), f.retryPattern().isEmpty() ? null : f.retryPattern().toJson(), f.relatedAction(),
        f.timeoutSeconds(), f.remote(), f.name()};
    int n = JobStore.update(c, "UPDATE queue_job_function SET channel = ?, retry_pattern = ?, related_action = ?,"
        + " timeout_seconds = ?, remote = ? WHERE name = ?", values);
    cache.remove(f.name());
    if (n == 0) {
      JobStore.update(c, "INSERT INTO queue_job_function (channel, retry_pattern, related_action, timeout_seconds,"
          + " remote, name) VALUES (?, ?, ?, ?, ?, ?)", values);
    }
  }
}
