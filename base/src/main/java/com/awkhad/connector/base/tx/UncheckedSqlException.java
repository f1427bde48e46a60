package com.awkhad.connector.base.tx;

import java.sql.SQLException;

/** An {@link SQLException} thrown through code that cannot declare it. */
public class UncheckedSqlException extends RuntimeException {
  public UncheckedSqlException(SQLException cause) {
    super(cause.getMessage(), cause);
  }

  public UncheckedSqlException(String message, SQLException cause) {
    super(message + ": " + cause.getMessage(), cause);
  }

  /** The SQLState of the underlying error, e.g. {@code 23505} for a unique violation. */
  public String sqlState() {
    return ((SQLException) getCause()).getSQLState();
  }
}
