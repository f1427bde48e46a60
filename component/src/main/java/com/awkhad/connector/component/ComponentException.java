package com.awkhad.connector.component;

/**
 * A component was declared or used wrongly: the message names the component and says what to
 * change. Lookup failures are the subclasses {@link NoComponentError} and
 * {@link SeveralComponentError}.
 */
public class ComponentException extends RuntimeException {
  public ComponentException(String message) {
    super(message);
  }

  public ComponentException(String message, Throwable cause) {
    super(message, cause);
  }
}
