package com.awkhad.connector.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * How the queue benches enqueue, ours and the peers' alike: batch {@code b} of {@code n} on thread
 * {@code b mod T}, each thread on its own connection as an application's request threads are. The
 * enqueue warm-ups run the same way, so that every connection the measured enqueue uses has
 * served the same statements before, as in an application that has been up for a while.
 *
 * <pre>{@code
 * BatchThreads.run("bench-enqueue-", batches, 2, b -> queue.batch(() -> enqueueJobs(b * 1000, (b + 1) * 1000)));
 * }</pre>
 */
public final class BatchThreads {
  private BatchThreads() {}

  /** One batch's work. */
  public interface Batch {
    void run(int batch) throws Exception;
  }

  /**
   * Runs batches {@code 0 .. batches - 1}, batch {@code b} on thread {@code b mod threads} (at
   * most {@code batches} threads, named {@code name + t}), and waits for all. The first failure
   * stops the threads at their next batch and is thrown.
   *
   * @throws IllegalArgumentException when {@code threads} is under 1
   */
  public static void run(String name, int batches, int threads, Batch batch) throws InterruptedException {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1, not " + threads);
    }
    int used = Math.min(threads, batches);
    AtomicReference<Exception> failure = new AtomicReference<>();
    List<Thread> started = new ArrayList<>();
    for (int t = 0; t < used; t++) {
      int first = t;
      Thread thread = new Thread(() -> {
        for (int b = first; b < batches && failure.get() == null; b += used) {
          try {
            batch.run(b);
          } catch (Exception e) {
            failure.compareAndSet(null, e);
            return;
          }
        }
      }, name + t);
      thread.start();
      started.add(thread);
    }
    for (Thread thread : started) {
      thread.join();
    }
    Exception e = failure.get();
    if (e instanceof RuntimeException r) {
      throw r;
    }
    if (e != null) {
      throw new IllegalStateException("A batch failed: " + e, e);
    }
  }
}
