package com.awkhad.connector.queue.runner;

import com.awkhad.connector.base.tx.Transactions;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-job-function timeouts ({@code queue_job_function.timeout_seconds}), cached for a minute so
 * that a changed setting reaches running runners without a restart.
 */
final class Timeouts {
  private static final long TTL_NANOS = 60_000_000_000L;

  private final Transactions tx;
  private final Map<String, Entry> cache = new ConcurrentHashMap<>();

  private record Entry(Optional<Integer> seconds, long readAt) {}

  Timeouts(Transactions tx) {
    this.tx = tx;
  }

  /** The timeout of the function {@code funcName} in seconds, if it has one. */
  Optional<Integer> of(String funcName) {
    long now = System.nanoTime();
    Entry e = cache.get(funcName);
    if (e == null || now - e.readAt() > TTL_NANOS) {
      e = new Entry(read(funcName), now);
      cache.put(funcName, e);
    }
    return e.seconds();
  }

  private Optional<Integer> read(String funcName) {
    return tx.inTransaction(c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT timeout_seconds FROM queue_job_function WHERE name = ?")) {
        ps.setString(1, funcName);
        try (ResultSet rs = ps.executeQuery()) {
          if (!rs.next()) {
            return Optional.<Integer>empty();
          }
          int v = rs.getInt(1);
          return rs.wasNull() || v <= 0 ? Optional.<Integer>empty() : Optional.of(v);
        }
      }
    });
  }
}
