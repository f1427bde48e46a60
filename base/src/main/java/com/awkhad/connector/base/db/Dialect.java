package com.awkhad.connector.base.db;

/**
 * The databases we run on. SQL that differs between them lives in one class per concern and
 * dialect (for example the job claim), never scattered through the code.
 */
public enum Dialect {
  H2("h2"),
  POSTGRESQL("postgresql");

  private final String id;

  Dialect(String id) {
    this.id = id;
  }

  /** Short lower-case name, also the migration sub-folder: {@code h2} or {@code postgresql}. */
  public String id() {
    return id;
  }

  /**
   * The statement that bounds, until the end of the current transaction, how long any of its
   * statements waits for a lock; null where the database bounds every wait itself (H2: its
   * {@code LOCK_TIMEOUT}).
   */
  public String localLockTimeoutSql(java.time.Duration timeout) {
    return this == POSTGRESQL ? "SET LOCAL lock_timeout = '" + timeout.toMillis() + "ms'" : null;
  }

  /**
   * Picks the dialect from a JDBC URL.
   *
   * @throws DatabaseException when the URL is not {@code jdbc:h2:...} or {@code jdbc:postgresql:...}
   */
  public static Dialect fromUrl(String url) {
    if (url == null || url.isBlank()) {
      throw new DatabaseException(
          "No database URL given. Pass --db JDBC_URL or set CONNECTOR_DB_URL, e.g."
              + " jdbc:postgresql://localhost:5432/awkhad or jdbc:h2:file:./var/awkhad");
    }
    if (url.startsWith("jdbc:h2:")) {
      return H2;
    }
    if (url.startsWith("jdbc:postgresql:")) {
      return POSTGRESQL;
    }
    String scheme = url.contains(":") && url.startsWith("jdbc:")
        ? url.substring(0, url.indexOf(':', 5) < 0 ? url.length() : url.indexOf(':', 5))
        : com.awkhad.connector.base.text.Redact.url(url);
    throw new DatabaseException(
        "Unsupported database URL scheme '" + scheme + "'. Use jdbc:postgresql://HOST:PORT/DB"
            + " (PostgreSQL 13+) or jdbc:h2:file:PATH (embedded H2).");
  }
}
