package com.awkhad.connector.queue.runner;

import com.awkhad.connector.base.tx.Transactions;
import com.awkhad.connector.queue.store.JobFunctions;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-job-function timeouts (the function's {@code timeout_seconds}: addon, configuration or
 * {@code queue_job_function}), cached for a minute so that a changed row reaches running runners
 * without a restart.
 */
final class Timeouts {
  private static final long TTL_NANOS = 60_000_000_000L;

  private final Transactions tx;
  private final JobFunctions functions;
  private final Map<String, Entry> cache = new ConcurrentHashMap<>();

  private record Entry(Optional<Integer> seconds, long readAt) {}

  Timeouts(Transactions tx, JobFunctions functions) {
    this.tx = tx;
    this.functions = functions;
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
      Integer v = functions.get(c, funcName).timeoutSeconds();
      return v == null || v <= 0 ? Optional.<Integer>empty() : Optional.of(v);
    });
  }
}
