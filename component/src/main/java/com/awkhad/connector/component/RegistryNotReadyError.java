package com.awkhad.connector.component;

/** A work context was asked for before the component registry was built. */
public class RegistryNotReadyError extends ComponentException {
  public RegistryNotReadyError(String message) {
    super(message);
  }
}
