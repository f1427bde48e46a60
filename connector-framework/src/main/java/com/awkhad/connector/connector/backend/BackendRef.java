package com.awkhad.connector.connector.backend;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Finds the backend an operator names on the command line or in an API filter: by its name, or
 * by its id when the text is a number. Reads no secret.
 *
 * <pre>{@code
 * long id = BackendRef.resolve(Backends.of(env), "coffee-1").id();
 * }</pre>
 */
public final class BackendRef {
  private BackendRef() {}

  /**
   * The backend named {@code nameOrId}, or whose id it is.
   *
   * @throws IllegalArgumentException when none matches, or several backends have that name, with
   *     the backends there are and what to give instead
   */
  public static Backends.Summary resolve(Backends backends, String nameOrId) {
    String wanted = nameOrId == null ? "" : nameOrId.strip();
    List<Backends.Summary> all = backends.summaries();
    List<Backends.Summary> named = all.stream().filter(b -> b.name().equals(wanted)).toList();
    if (named.size() == 1) {
      return named.get(0);
    }
    if (named.size() > 1) {
      throw new IllegalArgumentException(named.size() + " backends are named '" + wanted + "' (ids "
          + named.stream().map(b -> String.valueOf(b.id())).collect(Collectors.joining(", ")) + "): give the id instead");
    }
    if (wanted.matches("\\d{1,18}")) {
      long id = Long.parseLong(wanted);
      for (Backends.Summary b : all) {
        if (b.id() == id) {
          return b;
        }
      }
    }
    throw new IllegalArgumentException("No backend named '" + wanted + "'" + (all.isEmpty() ? "; there is none yet"
        : "; there are: " + all.stream().map(b -> b.name() + " (id " + b.id() + ")").collect(Collectors.joining(", ")))
        + ". Give a backend's name or id (./connector backends list, GET /api/backends)");
  }
}
