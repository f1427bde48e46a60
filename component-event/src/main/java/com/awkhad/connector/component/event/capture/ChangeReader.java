package com.awkhad.connector.component.event.capture;

import com.awkhad.connector.base.env.BulkWrites;
import com.awkhad.connector.base.env.Environment;
import com.awkhad.connector.base.event.RecordEvent;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes captured changes as record events. Each round is one transaction: it locks the next
 * changes ({@code FOR UPDATE SKIP LOCKED}, at most one per record, the oldest, so order per record
 * holds), publishes each on the record-event bus (inside a no-export scope, {@link ExportScope}, when the write
 * was an import), and marks them consumed. The jobs that listeners enqueue join that transaction:
 * a change is consumed exactly when its jobs are committed, whichever runner process read it,
 * however many crash. A listener that throws rolls back its own change only (a savepoint), which is
 * retried later with back-off and keeps the later changes of its record waiting.
 *
 * <p>Started by each job runner ({@link ChangeCapture} registers it as a runner service); woken by
 * {@code NOTIFY record_change} on PostgreSQL and by polling on H2. For tests and tools:
 *
 * <pre>{@code
 * ChangeReader reader = ChangeReader.create(env, ChangeReader.Settings.DEFAULT);
 * int published = reader.readOnce();   // one round, in the calling thread
 * }</pre>
 */
public final class ChangeReader implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ChangeReader.class);

  /**
   * @param batch changes per transaction
   * @param poll the fallback poll interval (on H2 the only wake-up)
   * @param keep how long consumed changes are kept before the vacuum deletes them
   * @param vacuumEvery how often the reader vacuums
   */
  public record Settings(int batch, Duration poll, Duration keep, Duration vacuumEvery) {
    public static final Settings DEFAULT = new Settings(100, Duration.ofMillis(200), Duration.ofHours(1), Duration.ofMinutes(5));
    /** PostgreSQL: NOTIFY wakes the reader; the poll is a fallback. */
    public static final Settings DEFAULT_PG = new Settings(100, Duration.ofSeconds(5), Duration.ofHours(1), Duration.ofMinutes(5));

    public Settings withPoll(Duration poll) {
      return new Settings(batch, poll, keep, vacuumEvery);
    }

    public Settings withBatch(int batch) {
      return new Settings(batch, poll, keep, vacuumEvery);
    }
  }

  private static final ThreadLocal<Long> PUBLISHING = new ThreadLocal<>();

  private final Environment env;
  private final Settings settings;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition raised = lock.newCondition();
  private boolean signaled = true;
  private volatile boolean stopping;
  private Thread loop;
  private Thread listen;
  private volatile Connection listening;
  private long published;

  private ChangeReader(Environment env, Settings settings) {
    this.env = env;
    this.settings = settings;
  }

  /** A reader that runs only when called ({@link #readOnce}). */
  public static ChangeReader create(Environment env, Settings settings) {
    return new ChangeReader(env, settings);
  }

  /** A reader with its own thread (and, on PostgreSQL, a LISTEN connection); {@link #close} stops it. */
  public static ChangeReader start(Environment env, Settings settings) {
    ChangeReader r = new ChangeReader(env, settings);
    r.loop = new Thread(r::run, "record-change-reader");
    r.loop.setDaemon(true);
    if (CaptureDialect.of(env.database().dialect()).readerListens()) {
      r.listen = new Thread(r::listen, "record-change-listen");
      r.listen.setDaemon(true);
      r.listen.start();
    }
    r.loop.start();
    return r;
  }

  /**
   * One round in the calling thread: publishes the next changes (at most the batch size) in one
   * transaction.
   *
   * @return how many changes were read (published or failed)
   */
  public int readOnce() {
    try {
      return env.tx().inTransaction(c -> round(c, false));
    } catch (PublishFailed e) {
      // a listener threw: the round was rolled back whole; again, each change behind its own savepoint
      return env.tx().inTransaction(c -> round(c, true));
    }
  }

  /**
   * One round. Without {@code careful} the changes are published one after the other (no
   * savepoint: two round trips less per change), the jobs their listeners delay are stored together
   * ({@link BulkWrites}, the queue's batch) and the first failure rolls the round back; with
   * it, each change has its own savepoint, and a failing one is recorded for a later retry while
   * the others are consumed.
   */
  private int round(Connection c, boolean careful) throws SQLException {
    List<RecordChange> changes = ChangeStore.next(c, settings.batch());
    List<Long> done = new ArrayList<>(changes.size());
    if (!careful) {
      Runnable all = () -> {
        for (RecordChange change : changes) {
          PUBLISHING.set(change.id());
          try {
            publish(change.event(), change.noExport());
          } catch (RuntimeException e) {
            throw new PublishFailed(e);
          } finally {
            PUBLISHING.remove();
          }
          done.add(change.id());
        }
      };
      if (env.hasService(BulkWrites.class)) {
        env.service(BulkWrites.class).run(all);   // the round's jobs in one COPY, before the consumed mark
      } else {
        all.run();
      }
    } else {
      for (RecordChange change : changes) {
        PUBLISHING.set(change.id());
        try {
          env.tx().inSavepoint(x -> {
            publish(change.event(), change.noExport());
            return null;
          });
          done.add(change.id());
        } catch (RuntimeException e) {
          Duration wait = backoff(change.attempts() + 1);
          log.warn("Change {} ({} {} #{}) could not be published: {}; retried in {} s (later changes of this record wait)",
              change.id(), change.op(), change.model(), change.recordId(), e.toString(), wait.toSeconds());
          ChangeStore.failed(c, change.id(), e.toString(), Instant.now().plus(wait));
        } finally {
          PUBLISHING.remove();
        }
      }
    }
    ChangeStore.consumed(c, done);
    return changes.size();
  }

  /** A listener threw during a round without savepoints. */
  private static final class PublishFailed extends RuntimeException {
    PublishFailed(RuntimeException cause) {
      super(cause);
    }
  }

  /**
   * The id of the captured change ({@code record_change.id}) whose record event is being
   * delivered on this thread, empty outside the reader. Listeners may use it as a job's identity
   * key or to trace a job back to the change:
   *
   * <pre>{@code
   * ChangeReader.publishing().ifPresent(change -> options.identityKey("change-" + change));
   * }</pre>
   */
  public static java.util.OptionalLong publishing() {
    Long id = PUBLISHING.get();
    return id == null ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(id);
  }

  /** Changes published by this reader since it was created. */
  public synchronized long published() {
    return published;
  }

  private void publish(RecordEvent event, boolean noExport) {
    if (noExport) {
      try (ExportScope.Scope s = ChangeCapture.of(env).exportScope().suppress()) {
        env.recordEvents().publish(event);
      }
    } else {
      env.recordEvents().publish(event);
    }
  }

  static Duration backoff(int attempts) {
    return Duration.ofSeconds(Math.min(600, (long) attempts * attempts));
  }

  /** Wakes the loop now (a change was written in this process, or a test wants a round). */
  public void wakeUp() {
    lock.lock();
    try {
      signaled = true;
      raised.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private void run() {
    long backoff = 100;
    long nextVacuum = System.nanoTime();
    while (!stopping) {
      try {
        await(settings.poll().toNanos());
        if (stopping) {
          break;
        }
        int n;
        do {
          n = readOnce();
          synchronized (this) {
            published += n;
          }
        } while (n > 0 && !stopping);
        // until a round finds nothing: a round shorter than the batch does not mean the backlog is
        // empty, since it takes one change per record (the next ones of a record were not eligible)
        if (System.nanoTime() - nextVacuum >= 0) {
          nextVacuum = System.nanoTime() + settings.vacuumEvery().toNanos();
          int removed = ChangeCapture.vacuum(env, settings.keep());
          if (removed > 0) {
            log.info("Change capture: vacuumed {} consumed change(s) older than {}", removed, settings.keep());
          }
        }
        backoff = 100;
      } catch (InterruptedException e) {
        break;
      } catch (RuntimeException e) {
        if (stopping) {
          break;
        }
        log.warn("Change reader: round failed ({}); retrying in {} ms", e.toString(), backoff);
        sleepQuietly(backoff);
        backoff = Math.min(5_000, backoff * 2);
      }
    }
  }

  private void await(long nanos) throws InterruptedException {
    lock.lock();
    try {
      long left = nanos;
      while (!signaled && left > 0 && !stopping) {
        left = raised.awaitNanos(left);
      }
      signaled = false;
    } finally {
      lock.unlock();
    }
  }

  private void listen() {
    long backoff = 50;
    while (!stopping) {
      try (Connection c = env.database().dedicatedConnection()) {
        listening = c;
        try (Statement s = c.createStatement()) {
          s.execute("LISTEN record_change");
        }
        backoff = 50;
        wakeUp(); // notifications sent before LISTEN are lost
        PGConnection pg = c.unwrap(PGConnection.class);
        while (!stopping) {
          PGNotification[] ns = pg.getNotifications(500);
          if (ns != null && ns.length > 0) {
            wakeUp();
          }
        }
      } catch (SQLException e) {
        if (stopping) {
          break;
        }
        log.warn("Change reader: LISTEN connection lost ({}); reconnecting in {} ms", e.getMessage(), backoff);
        wakeUp();
        sleepQuietly(backoff);
        backoff = Math.min(5_000, backoff * 2);
      } finally {
        listening = null;
      }
    }
  }

  private static void sleepQuietly(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Stops the threads after the round under way (its transaction commits or rolls back whole). */
  @Override
  public void close() {
    stopping = true;
    wakeUp();
    join(loop);
    join(listen);
  }

  private static void join(Thread t) {
    if (t == null) {
      return;
    }
    try {
      t.join(TimeUnit.SECONDS.toMillis(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
