package com.awkhad.connector.framework.mapper;

import com.awkhad.connector.framework.exception.MappingError;
import java.util.Map;

/**
 * How a mapper reads a field of a source record: a plain key ({@code "name"}) or a dotted path
 * into nested maps, the JSON objects of a remote record ({@code "status.name"}). The mapping
 * sources ({@code direct("status.name", "state")}, {@code convert("project.id", Long.class)}...)
 * read this way; {@link Mapping} methods can too.
 *
 * <pre>{@code
 * Map<String, Object> task = Map.of("status", Map.of("name", "open"), "a.b", 1);
 * SourcePath.get(task, "status.name");    // "open"
 * SourcePath.has(task, "project.id");     // false: no "project" key, the field is absent
 * SourcePath.get(task, "a.b");            // 1: a key that is the whole path wins
 * }</pre>
 *
 * <p>Rules, at each level of the record: a key equal to the whole remaining path wins, even when
 * its value is null (a key that literally contains a dot); otherwise the path is split at its first
 * dot and the rest is read in the map under the first segment. A missing key, at any level, makes
 * the field <em>absent</em>; an intermediate object that is present but null makes it
 * <em>present and null</em> (the record says there is no such object). An intermediate value that
 * is neither a map nor null is a {@link MappingError}. A key with a dot is only found as the whole
 * remaining path: {@code "a.b.c"} does not find {@code {"a.b": {"c": 1}}}.
 */
public final class SourcePath {
  private SourcePath() {}

  /** True when {@code record} holds {@code path}, even with a null value (see the class rules). */
  public static boolean has(Map<String, ?> record, String path) {
    return found(record, path).present();
  }

  /** The value at {@code path}, null when it is absent or null (see the class rules). */
  public static Object get(Map<String, ?> record, String path) {
    return found(record, path).value();
  }

  /** The top-level key a path starts with: {@code "status"} for {@code "status.name"}. */
  public static String topKey(String path) {
    int dot = path.indexOf('.');
    return dot < 0 ? path : path.substring(0, dot);
  }

  private static Found found(Map<String, ?> record, String path) {
    try {
      return lookup(record, path);
    } catch (NotAnObject e) {
      throw new MappingError(e.getMessage());
    }
  }

  /** A read: whether the record holds the path, and its value (null when absent). */
  record Found(boolean present, Object value) {
    static final Found ABSENT = new Found(false, null);
  }

  /** An intermediate value of a path is not a map; the message says which. */
  static final class NotAnObject extends RuntimeException {
    NotAnObject(String message) {
      super(message, null, false, false);
    }
  }

  static Found lookup(Map<?, ?> record, String path) {
    Map<?, ?> current = record;
    String rest = path;
    String walked = "";
    while (true) {
      if (current.containsKey(rest)) {
        return new Found(true, current.get(rest));
      }
      int dot = rest.indexOf('.');
      if (dot <= 0 || dot == rest.length() - 1) {
        return Found.ABSENT;
      }
      String key = rest.substring(0, dot);
      if (!current.containsKey(key)) {
        return Found.ABSENT;
      }
      walked = walked.isEmpty() ? key : walked + "." + key;
      Object next = current.get(key);
      if (next == null) {
        return new Found(true, null);
      }
      if (!(next instanceof Map<?, ?> map)) {
        throw new NotAnObject("field '" + path + "': '" + walked + "' holds " + next.getClass().getSimpleName() + " '"
            + Mapper.shorten(next) + "', not an object (a map). Fix the path, or read it in a @Mapping method");
      }
      current = map;
      rest = rest.substring(dot + 1);
    }
  }
}
