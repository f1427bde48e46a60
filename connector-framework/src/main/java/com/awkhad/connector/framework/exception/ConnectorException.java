package com.awkhad.connector.framework.exception;

/**
 * The root of the connector's own errors that are not about the network: wrong data, a mapping
 * that cannot be made, a misdeclared connector. A job failing with one stops in {@code failed}
 * (it is not retried): fix the data or the connector, then requeue it.
 *
 * <pre>{@code
 * throw new ConnectorException("Backend 3 is of type tea.backend, not coffee.backend: pick a coffee backend");
 * }</pre>
 */
public class ConnectorException extends RuntimeException {
  public ConnectorException(String message) {
    super(message);
  }

  public ConnectorException(String message, Throwable cause) {
    super(message, cause);
  }
}
