package com.awkhad.connector.component;

/**
 * A lookup found several components equally specific; the message lists them. Make one more
 * specific (a collection or {@code applyOn}), or look it up by name.
 */
public class SeveralComponentError extends ComponentException {
  public SeveralComponentError(String message) {
    super(message);
  }
}
