package com.awkhad.connector.base.db;

/** A database that cannot be used as configured; the message says what to change. */
public class DatabaseException extends RuntimeException {
  public DatabaseException(String message) {
    super(message);
  }

  public DatabaseException(String message, Throwable cause) {
    super(message, cause);
  }
}
