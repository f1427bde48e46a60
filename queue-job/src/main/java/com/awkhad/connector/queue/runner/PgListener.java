package com.awkhad.connector.queue.runner;

import com.awkhad.connector.base.db.Database;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Listens to {@code NOTIFY queue_job} on a dedicated connection and raises the dispatcher's signal.
 * A dropped connection is re-established with back-off; after each (re)connection the signal is
 * raised once, since notifications sent meanwhile are lost.
 */
final class PgListener implements Runnable {
  private static final Logger log = LoggerFactory.getLogger(PgListener.class);

  private final Database database;
  private final Signal signal;
  private final AtomicInteger connections = new AtomicInteger();
  private volatile boolean stopping;
  private volatile Connection current;

  PgListener(Database database, Signal signal) {
    this.database = database;
    this.signal = signal;
  }

  /** How many times the listening connection was opened (1 + reconnections). */
  int connections() {
    return connections.get();
  }

  /** The backend PID of the listening connection, or -1. */
  int backendPid() {
    Connection c = current;
    try {
      return c == null ? -1 : c.unwrap(PGConnection.class).getBackendPID();
    } catch (SQLException e) {
      return -1;
    }
  }

  @Override
  public void run() {
    long backoff = 50;
    while (!stopping) {
      try (Connection c = database.dedicatedConnection()) {
        current = c;
        try (Statement s = c.createStatement()) {
          s.execute("LISTEN queue_job");
        }
        connections.incrementAndGet();
        backoff = 50;
        signal.raise();
        PGConnection pg = c.unwrap(PGConnection.class);
        while (!stopping) {
          PGNotification[] ns = pg.getNotifications(500);
          if (ns != null && ns.length > 0) {
            signal.raise();
          }
        }
      } catch (SQLException e) {
        if (stopping) {
          break;
        }
        log.warn("LISTEN connection lost ({}); reconnecting in {} ms", e.getMessage(), backoff);
        signal.raise();
        try {
          Thread.sleep(backoff);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          break;
        }
        backoff = Math.min(5_000, backoff * 2);
      } finally {
        current = null;
      }
    }
  }

  void stop() {
    stopping = true;
  }
}
