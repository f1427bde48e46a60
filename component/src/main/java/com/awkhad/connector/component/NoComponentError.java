package com.awkhad.connector.component;

/** A lookup found no component; the message says what was asked and what exists. */
public class NoComponentError extends ComponentException {
  public NoComponentError(String message) {
    super(message);
  }
}
