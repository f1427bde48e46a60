package com.awkhad.connector.base.db;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/**
 * Where the database is and how to connect. The password is never printed: {@link #toString()}
 * masks it, and so does every error message built from this object.
 *
 * <pre>{@code
 * DatabaseConfig cfg = DatabaseConfig.of("jdbc:postgresql://localhost/awkhad", "awkhad", secret);
 * DatabaseConfig fromEnv = DatabaseConfig.resolve(null, System.getenv(), null);
 * }</pre>
 */
public record DatabaseConfig(String url, String user, String password, int poolSize) {
  /** Default embedded database: an H2 file under {@code ./var/}. */
  public static final String DEFAULT_URL = "jdbc:h2:file:./var/awkhad;AUTO_SERVER=FALSE";

  public DatabaseConfig {
    if (Dialect.fromUrl(url) == Dialect.H2) { // validates the scheme with a clear message
      url = withH2Defaults(url);
    }
    if (poolSize < 1) {
      throw new DatabaseException("Pool size must be at least 1, got " + poolSize);
    }
    user = user == null ? "" : user;
    password = password == null ? "" : password;
  }

  /**
   * H2 is made to behave like PostgreSQL where our SQL depends on it: unquoted identifiers fold
   * to lower case, and NULLs sort last in ascending order.
   */
  private static String withH2Defaults(String url) {
    String upper = url.toUpperCase(java.util.Locale.ROOT);
    if (!upper.contains("DATABASE_TO_LOWER")) {
      url += ";DATABASE_TO_LOWER=TRUE";
    }
    if (!upper.contains("DEFAULT_NULL_ORDERING")) {
      url += ";DEFAULT_NULL_ORDERING=HIGH";
    }
    return url;
  }

  public static DatabaseConfig of(String url, String user, String password) {
    return new DatabaseConfig(url, user, password, 10);
  }

  public DatabaseConfig withPoolSize(int size) {
    return new DatabaseConfig(url, user, password, size);
  }

  public Dialect dialect() {
    return Dialect.fromUrl(url);
  }

  /**
   * Builds the configuration from, in order of precedence: the explicit URL (a command-line
   * option), the environment ({@code CONNECTOR_DB_URL}, {@code CONNECTOR_DB_USER},
   * {@code CONNECTOR_DB_PASSWORD}, {@code CONNECTOR_DB_POOL_SIZE}), a properties file
   * ({@code db.url}, {@code db.user}, {@code db.password}, {@code db.pool_size}), then the
   * default embedded H2 file database.
   */
  public static DatabaseConfig resolve(String explicitUrl, Map<String, String> env, Path propertiesFile) {
    Properties props = new Properties();
    if (propertiesFile != null) {
      try (InputStream in = Files.newInputStream(propertiesFile)) {
        props.load(in);
      } catch (IOException e) {
        throw new DatabaseException(
            "Cannot read configuration file " + propertiesFile + ": " + e.getMessage()
                + ". Check the path given to --config.", e);
      }
    }
    String url = first(explicitUrl, env.get("CONNECTOR_DB_URL"), props.getProperty("db.url"), DEFAULT_URL);
    String user = first(env.get("CONNECTOR_DB_USER"), props.getProperty("db.user"), url.startsWith("jdbc:h2:") ? "sa" : "");
    String password = first(env.get("CONNECTOR_DB_PASSWORD"), props.getProperty("db.password"), "");
    String pool = first(env.get("CONNECTOR_DB_POOL_SIZE"), props.getProperty("db.pool_size"), "10");
    int poolSize;
    try {
      poolSize = Integer.parseInt(pool.trim());
    } catch (NumberFormatException e) {
      throw new DatabaseException("Pool size '" + pool + "' is not a number: set CONNECTOR_DB_POOL_SIZE or db.pool_size to an integer such as 10");
    }
    return new DatabaseConfig(url, user, password, poolSize);
  }

  private static String first(String... values) {
    for (String v : values) {
      if (v != null && !v.isBlank()) {
        return v;
      }
    }
    return null;
  }

  /** The URL with any {@code password=} parameter masked, safe for logs. */
  public String safeUrl() {
    return url.replaceAll("(?i)(password=)[^&;]*", "$1***");
  }

  @Override
  public String toString() {
    return "DatabaseConfig[url=" + safeUrl() + ", user=" + user + ", password=***, poolSize=" + poolSize + "]";
  }
}
