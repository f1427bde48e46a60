package com.awkhad.connector.base.db;

import com.awkhad.connector.base.text.Redact;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * A connection pool on one database. Obtain connections through
 * {@link com.awkhad.connector.base.tx.Transactions}, not directly, so that nested work joins the
 * caller's transaction.
 */
public final class Database implements AutoCloseable {
  private final DatabaseConfig config;
  private final HikariDataSource dataSource;

  private Database(DatabaseConfig config, HikariDataSource dataSource) {
    this.config = config;
    this.dataSource = dataSource;
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

  public DatabaseConfig config() {
    return config;
  }

  public Dialect dialect() {
    return config.dialect();
  }

  public DataSource dataSource() {
    return dataSource;
  }

  /**
   * A connection outside the pool, for work that must hold a session of its own (PostgreSQL
   * {@code LISTEN}). The caller closes it.
   */
  public Connection dedicatedConnection() throws SQLException {
    return DriverManager.getConnection(config.url(), config.user(), config.password());
  }

  @Override
  public void close() {
    dataSource.close();
  }
}
