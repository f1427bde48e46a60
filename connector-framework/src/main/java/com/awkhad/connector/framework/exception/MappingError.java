package com.awkhad.connector.framework.exception;

/**
 * A mapper could not compute a value: an unknown source field, a value of the wrong type, or a
 * related record that has no binding on this backend. The message names the mapper, the field and
 * what to do.
 */
public class MappingError extends ConnectorException {
  public MappingError(String message) {
    super(message);
  }

  public MappingError(String message, Throwable cause) {
    super(message, cause);
  }
}
