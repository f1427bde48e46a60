package com.awkhad.connector.framework.binding;

/**
 * Writing a binding hit a uniqueness rule: another binding of the same backend and binding model
 * already has this external id, or already binds this local record. Usually two jobs synchronized
 * the same record at the same time; the binder turns it into a retry.
 */
public class BindingConflict extends RuntimeException {
  public BindingConflict(String message, Throwable cause) {
    super(message, cause);
  }
}
