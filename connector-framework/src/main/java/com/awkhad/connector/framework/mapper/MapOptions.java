package com.awkhad.connector.framework.mapper;

import com.awkhad.connector.framework.exception.MappingError;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The options of one mapping (the original's {@code MapOptions}, its {@code values(**kwargs)}):
 * what the caller of {@link MapRecord#values(boolean, Collection, Map)} passes, readable by the
 * mapper while it maps, with {@link Mapper#options()}, in its {@link Mapping} methods, modifiers,
 * {@code finalizeValues} and in the children it maps ({@link MapChild}). An option not given reads
 * as null, as in the original.
 *
 * <pre>{@code
 * Map<String, Object> values = mapper.mapRecord(remote).values(true, null, Map.of("tax_included", true));
 *
 * @Mapping
 * public Map<String, Object> price(Map<String, Object> record) {
 *   boolean taxIncluded = Boolean.TRUE.equals(options().get("tax_included"));   // null when not given
 *   ...
 * }
 * }</pre>
 */
public final class MapOptions {
  /** The options outside a mapping: none given, not a create, every field. */
  public static final MapOptions NONE = new MapOptions(false, null, Map.of());

  private final boolean forCreate;
  private final Set<String> fields;
  private final Map<String, Object> given;

  MapOptions(boolean forCreate, Collection<String> fields, Map<String, ?> given) {
    this.forCreate = forCreate;
    this.fields = fields == null || fields.isEmpty() ? null : Set.copyOf(fields);
    Map<String, Object> copy = new LinkedHashMap<>();
    if (given != null) {
      given.forEach((k, v) -> {
        if (k == null) {
          throw new MappingError("A mapping option has no name (a null key): name every option given to values(...)");
        }
        copy.put(k, v);
      });
    }
    this.given = Collections.unmodifiableMap(copy);
  }

  /** True when the values create a record. */
  public boolean forCreate() {
    return forCreate;
  }

  /** The source fields asked for, or null for every field. */
  public Set<String> fields() {
    return fields;
  }

  /** Option {@code name}, or null when it was not given. */
  public Object get(String name) {
    return given.get(name);
  }

  /**
   * Option {@code name} as a {@code type}, or null when it was not given.
   *
   * @throws MappingError when it is given with another type
   */
  public <T> T get(String name, Class<T> type) {
    Object v = given.get(name);
    if (v == null || type.isInstance(v)) {
      return type.cast(v);
    }
    throw new MappingError("Mapping option '" + name + "' is " + v.getClass().getSimpleName() + " '" + Mapper.shorten(v)
        + "', not " + type.getSimpleName() + ": pass it as " + type.getSimpleName() + " to values(...)");
  }

  /** True when option {@code name} was given (even as null). */
  public boolean has(String name) {
    return given.containsKey(name);
  }

  /** The options given, by name. */
  public Map<String, Object> given() {
    return given;
  }

  /** These options for a child record: the same given options and create flag, every field of the child. */
  MapOptions forChild() {
    return new MapOptions(forCreate, null, given);
  }

  @Override
  public String toString() {
    return "MapOptions[forCreate=" + forCreate + ", fields=" + (fields == null ? "all" : List.copyOf(fields)) + ", " + given + "]";
  }
}
