package com.awkhad.connector.testkit;

/**
 * A fresh, empty database for one test invocation: an H2 in-memory database, or a new database
 * in the suite's embedded PostgreSQL server.
 *
 * @param dialect {@code h2} or {@code postgresql}
 */
public record TestDb(String dialect, String url, String user, String password) {
  public boolean isPostgres() {
    return "postgresql".equals(dialect);
  }

  public boolean isH2() {
    return "h2".equals(dialect);
  }

  @Override
  public String toString() {
    return dialect;
  }
}
