package com.awkhad.connector.queue.read;

import java.util.List;

/** A job filter's value that cannot be read ({@link JobFilter#of}): what was wrong, and the values allowed. */
public final class InvalidFilterException extends IllegalArgumentException {
  private final transient List<String> allowed;

  public InvalidFilterException(String message, List<String> allowed) {
    super(message);
    this.allowed = allowed == null ? null : List.copyOf(allowed);
  }

  /** The parameter names or values that would be accepted; null when there is no such list. */
  public List<String> allowed() {
    return allowed;
  }
}
