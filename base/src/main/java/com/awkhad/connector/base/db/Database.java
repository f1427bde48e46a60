package com.awkhad.connector.base.db;

import com.awkhad.connector.base.text.Redact;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * A connection pool on one database: our own ({@link #open}), or an application's
 * ({@link #of}, for example Spring Boot's). Obtain connections through
 * {@link com.awkhad.connector.base.tx.Transactions}, not directly, so that nested work joins the
 * caller's transaction.
 */
public final class Database implements AutoCloseable {
  private final DatabaseConfig config;
  private final DataSource dataSource;
  private final Dialect dialect;
  private final String safeUrl;
  private final int poolSize;
  /** Closes the pool when we own it; null for an application's data source. */
  private final HikariDataSource owned;

  private Database(DatabaseConfig config, HikariDataSource dataSource) {
    this.config = config;
    this.dataSource = dataSource;
    this.dialect = config.dialect();
    this.safeUrl = config.safeUrl();
    this.poolSize = config.poolSize();
    this.owned = dataSource;
  }

  private Database(DataSource dataSource, Dialect dialect, String safeUrl, int poolSize) {
    this.config = null;
    this.dataSource = dataSource;
    this.dialect = dialect;
    this.safeUrl = safeUrl;
    this.poolSize = poolSize;
    this.owned = null;
  }

  /**
   * A database over an application's own pool, which stays the application's: {@link #close()}
   * leaves it open. The dialect comes from a connection's URL; on H2 the database must fold
   * unquoted names to lower case as ours does ({@code ;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH}
   * in its URL).
   *
   * <pre>{@code
   * Database db = Database.of(springDataSource, 10); // 10: the pool's size, for the runner's warning
   * }</pre>
   *
   * @throws DatabaseException when the database cannot be reached, is neither H2 nor PostgreSQL,
   *     or is an H2 database with other settings, saying what to change
   */
  public static Database of(DataSource dataSource, int poolSize) {
    String url;
    Dialect dialect;
    try (Connection c = dataSource.getConnection()) {
      url = c.getMetaData().getURL();
      dialect = Dialect.fromUrl(url);
      if (dialect == Dialect.H2) {
        checkH2Settings(c, url);
      }
    } catch (SQLException e) {
      throw new DatabaseException("Cannot get a connection from the application's data source: " + e.getMessage()
          + ". Check its URL, user and password (spring.datasource.*) and that the database runs.", e);
    }
    return new Database(dataSource, dialect, Redact.url(url), poolSize);
  }

  private static void checkH2Settings(Connection c, String url) throws SQLException {
    try (var st = c.createStatement();
        var rs = st.executeQuery("SELECT SETTING_NAME, SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS"
            + " WHERE SETTING_NAME IN ('DATABASE_TO_LOWER', 'DEFAULT_NULL_ORDERING')")) {
      java.util.Map<String, String> settings = new java.util.HashMap<>();
      while (rs.next()) {
        settings.put(rs.getString(1), rs.getString(2));
      }
      boolean lower = "TRUE".equalsIgnoreCase(settings.get("DATABASE_TO_LOWER"));
      boolean nullsHigh = "HIGH".equalsIgnoreCase(settings.get("DEFAULT_NULL_ORDERING"));
      if (!lower || !nullsHigh) {
        throw new DatabaseException("The H2 database " + Redact.url(url) + " folds names to upper case or sorts NULLs"
            + " first; the connector's SQL needs H2 to behave like PostgreSQL. Add"
            + " ;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH to its URL (spring.datasource.url), e.g."
            + " jdbc:h2:mem:shop;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
      }
    }
  }

  /**
   * Opens the pool and checks that the database answers.
   *
   * @throws DatabaseException saying which database could not be reached and why
   */
  public static Database open(DatabaseConfig config) {
    HikariConfig hc = new HikariConfig();
    hc.setJdbcUrl(config.url());
    hc.setUsername(config.user());
    hc.setPassword(config.password());
    hc.setMaximumPoolSize(config.poolSize());
    hc.setMinimumIdle(Math.min(2, config.poolSize()));
    hc.setAutoCommit(true);
    hc.setPoolName("awkhad");
    hc.setConnectionTimeout(10_000);
    hc.setInitializationFailTimeout(-1);
    try (Connection probe = DriverManager.getConnection(config.url(), config.user(), config.password())) {
      probe.isValid(5);
    } catch (SQLException e) {
      throw new DatabaseException(
          "Cannot connect to " + config.safeUrl() + " as user '" + config.user() + "': "
              + Redact.urlIn(String.valueOf(e.getMessage()), config.url())
                  .replace(config.password().isEmpty() ? "\u0000" : config.password(), "***")
              + ". Check that the database is running and reachable, and the URL, user and password"
              + " (--db, CONNECTOR_DB_URL, CONNECTOR_DB_USER, CONNECTOR_DB_PASSWORD).", e);
    }
    return new Database(config, new HikariDataSource(hc));
  }

  /**
   * How our own pool was configured.
   *
   * @throws IllegalStateException for an application's data source ({@link #of}), which has no such configuration
   */
  public DatabaseConfig config() {
    if (config == null) {
      throw new IllegalStateException("This database is the application's data source: it has no DatabaseConfig;"
          + " use dialect(), safeUrl() and poolSize()");
    }
    return config;
  }

  public Dialect dialect() {
    return dialect;
  }

  /** The URL without its password, for messages. */
  public String safeUrl() {
    return safeUrl;
  }

  /** The pool's size (the runner warns when it has fewer connections than workers + 2). */
  public int poolSize() {
    return poolSize;
  }

  public DataSource dataSource() {
    return dataSource;
  }

  /**
   * A connection outside the pool, for work that must hold a session of its own (PostgreSQL
   * {@code LISTEN}). The caller closes it. Over an application's data source ({@link #of}) it is
   * one of that pool's connections, held until closed.
   */
  public Connection dedicatedConnection() throws SQLException {
    if (config == null) {
      // an application's pool: we know no password to open a session of our own, so hold one of its connections
      return dataSource.getConnection();
    }
    return DriverManager.getConnection(config.url(), config.user(), config.password());
  }

  /** Closes our own pool; an application's data source ({@link #of}) is left open. */
  @Override
  public void close() {
    if (owned != null) {
      owned.close();
    }
  }
}
