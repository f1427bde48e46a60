package com.awkhad.connector.faults;

import com.awkhad.connector.testkit.TestDb;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A PostgreSQL server of its own (the zonky binaries of the test suite) that a test can stop and
 * start again on the same data directory and port, as a database restart or failover looks to
 * its clients. Clients keep their JDBC URL across restarts.
 */
final class RestartablePostgres implements AutoCloseable {
  private final Path dataDir;
  private final int port;
  private EmbeddedPostgres server;

  private RestartablePostgres(Path dataDir, int port) {
    this.dataDir = dataDir;
    this.port = port;
  }

  /** Initialises a data directory on a free port and starts the server. */
  static RestartablePostgres start() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    RestartablePostgres pg = new RestartablePostgres(Files.createTempDirectory("fault-pg-"), port);
    pg.startServer();
    return pg;
  }

  /** Starts the server on the existing data directory (initialised on first start). */
  synchronized void startServer() throws IOException {
    if (server != null) {
      throw new IllegalStateException("PostgreSQL on port " + port + " is already running");
    }
    server = EmbeddedPostgres.builder()
        .setDataDirectory(dataDir)
        .setCleanDataDirectory(false)
        .setPort(port)
        .setServerConfig("max_connections", "200")
        // zonky's default is off; a crash would then lose commits the clients were told about
        // (done states included), which no PostgreSQL configured for durability does
        .setServerConfig("synchronous_commit", "on")
        .setServerConfig("fsync", "off")
        .setServerConfig("full_page_writes", "off")
        .start();
  }

  /** Stops the server (fast shutdown: open sessions are disconnected, in-flight transactions roll back). */
  synchronized void stopServer() throws IOException {
    if (server != null) {
      server.close();
      server = null;
    }
  }

  /**
   * Crashes the server: SIGQUIT to the postmaster, PostgreSQL's immediate shutdown (what
   * {@code pg_ctl stop -m immediate} sends): every backend quits at once, nothing is flushed nor
   * checkpointed, and the next start runs crash recovery from the WAL. Returns once the postmaster
   * is gone; {@link #startServer} brings it back.
   */
  synchronized void crash() throws Exception {
    if (server == null) {
      throw new IllegalStateException("PostgreSQL on port " + port + " is not running");
    }
    long pid = Long.parseLong(Files.readAllLines(dataDir.resolve("postmaster.pid")).get(0).trim());
    Process kill = new ProcessBuilder("kill", "-QUIT", String.valueOf(pid)).inheritIO().start();
    if (kill.waitFor() != 0) {
      throw new IllegalStateException("kill -QUIT " + pid + " failed with " + kill.exitValue());
    }
    java.util.Optional<ProcessHandle> postmaster = ProcessHandle.of(pid);
    if (postmaster.isPresent()) {
      postmaster.get().onExit().get(60, java.util.concurrent.TimeUnit.SECONDS);
    }
    // the embedded server's handle: releases its lock on the data directory (its own stop finds
    // nothing to stop)
    try {
      server.close();
    } catch (IOException ignored) {
      // the server is down already
    } finally {
      server = null;
    }
  }

  int port() {
    return port;
  }

  /** Creates database {@code name}; its JDBC URL stays valid across restarts. */
  TestDb createDatabase(String name) {
    try (Connection c = DriverManager.getConnection(url("postgres"), "postgres", "");
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot create database " + name + " on port " + port + ": " + e.getMessage(), e);
    }
    return new TestDb("postgresql", url(name), "postgres", "");
  }

  /** Terminates every session on database {@code name} except the caller's; returns how many. */
  int terminateBackends(String name) throws SQLException {
    try (Connection c = DriverManager.getConnection(url("postgres"), "postgres", "");
        Statement s = c.createStatement();
        var rs = s.executeQuery("SELECT COUNT(*) FILTER (WHERE pg_terminate_backend(pid)) FROM pg_stat_activity"
            + " WHERE datname = '" + name + "' AND pid <> pg_backend_pid() AND backend_type = 'client backend'")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  private String url(String db) {
    return "jdbc:postgresql://localhost:" + port + "/" + db + "?user=postgres";
  }

  @Override
  public void close() throws IOException {
    stopServer();
    try (Stream<Path> files = Files.walk(dataDir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
