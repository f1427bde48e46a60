package com.awkhad.connector.base.tx;

/** A checked exception from a transaction block, or a commit that could not happen. */
public class TransactionException extends RuntimeException {
  public TransactionException(String message, Throwable cause) {
    super(message, cause);
  }
}
