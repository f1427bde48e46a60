package com.awkhad.connector.base.text;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * The innermost cause of an exception, for messages that name what actually went wrong rather
 * than the wrapper around it:
 * <pre>{@code
 * catch (SQLException e) {
 *   log.warn("lease renewal failed: {}", Causes.root(e).getMessage());
 * }
 * }</pre>
 */
public final class Causes {
  private Causes() {}

  /** {@code e}'s deepest cause, or {@code e} itself when it has none; a cause chain that loops stops where it loops. */
  public static Throwable root(Throwable e) {
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    seen.add(e);
    Throwable t = e;
    while (t.getCause() != null && seen.add(t.getCause())) {
      t = t.getCause();
    }
    return t;
  }
}
