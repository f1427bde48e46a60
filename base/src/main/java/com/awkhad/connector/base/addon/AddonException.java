package com.awkhad.connector.base.addon;

/** An addon set that cannot be started: missing or cyclic dependency, duplicate name. */
public class AddonException extends RuntimeException {
  public AddonException(String message) {
    super(message);
  }
}
