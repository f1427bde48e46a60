package com.awkhad.connector.base.env;

/**
 * Groups the writes a block of work makes, when an addon offers a faster way to store them
 * together. The job queue registers one that stores the jobs delayed in the block with one
 * {@code COPY} (PostgreSQL) or multi-row inserts (H2) when the block returns, in the current
 * transaction; if the block throws, none is stored. Used by change capture's reader for a round of
 * events, whose listeners each delay a job.
 *
 * <pre>{@code
 * Runnable round = () -> events.forEach(env.recordEvents()::publish);
 * if (env.hasService(BulkWrites.class)) {
 *   env.service(BulkWrites.class).run(round);
 * } else {
 *   round.run();
 * }
 * }</pre>
 *
 * <p>Inside the block, what was written through it may not be visible to queries yet, and a
 * savepoint rolled back inside it does not undo it: do not use it where parts of the block are
 * meant to fail alone.
 */
@FunctionalInterface
public interface BulkWrites {
  void run(Runnable body);
}
