package com.awkhad.connector.queue.runner;

/** A runner cannot start or continue; the message says why and what to do. */
public final class RunnerException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public RunnerException(String message) {
    super(message);
  }

  public RunnerException(String message, Throwable cause) {
    super(message, cause);
  }
}
