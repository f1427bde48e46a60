package com.awkhad.connector.framework.mapper;

import com.awkhad.connector.framework.exception.MappingError;
import com.awkhad.connector.component.NoComponentError;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A source record being mapped by a {@link Mapper}: ask it for the values of a create, or of an
 * update of some fields.
 *
 * <pre>{@code
 * MapRecord rec = mapper.mapRecord(remote);
 * rec.update(Map.of("active", true));               // always wins
 * Map<String, Object> create = rec.values(true, null);            // every mapping, onlyCreate included
 * Map<String, Object> update = rec.values(false, Set.of("name")); // the mappings of 'name' only
 * }</pre>
 *
 * <p>Steps: 1) direct mappings whose source is among {@code fields} (all when null or empty; a path counts
 * when it or its top-level key is listed); 2) {@link Mapping} methods, skipped when {@code fields}
 * is given and their {@code changedBy} lists none of them, or when they are {@code onlyCreate} and
 * this is not a create (a null or empty result adds nothing; a null value sets its field to null);
 * 3) children, each item mapped by the {@link MapChild} of the child model (an item mapped to no value at all is dropped); 4) the forced values of {@link #update}; 5) {@code finalizeValues}. A later step
 * overrides an earlier one's value for the same field, with null too.
 *
 * <p>Null and absent source fields: a source field the record holds with a null value maps to its
 * target (null, or what the modifier makes of null). A source field the record does not hold (no
 * such key, or a missing object on its path: {@link SourcePath}) maps to its target as null for a
 * create, and is left out of the values of an update, so that a partial record (an item of a list
 * page) never blanks local fields; the same holds for a children source. {@code finalizeValues}
 * sees the difference: on an update, an absent source's target is not a key of the values.
 */
public final class MapRecord {
  private final Mapper mapper;
  private final Map<String, Object> source;
  private final MapRecord parent;
  private final Map<String, Object> forced = new HashMap<>();

  MapRecord(Mapper mapper, Map<String, Object> source, MapRecord parent) {
    this.mapper = mapper;
    this.source = Collections.unmodifiableMap(Objects.requireNonNull(source, "the record to map is null"));
    this.parent = parent;
  }

  /** The source record. */
  public Map<String, Object> source() {
    return source;
  }

  /** The parent record, for a child of a children mapping; else null. */
  public MapRecord parent() {
    return parent;
  }

  /** Values that always end up in the result, over the mapped ones. */
  public MapRecord update(Map<String, ?> values) {
    forced.putAll(values);
    return this;
  }

  /** The mapper mapping this record. */
  public Mapper mapper() {
    return mapper;
  }

  /** Every mapping, for an update. */
  public Map<String, Object> values() {
    return values(false, null);
  }

  /**
   * The mapped values.
   *
   * @param forCreate true when the values create a record (runs the {@code onlyCreate} mappings)
   * @param fields the changed source fields to map, or null or empty for all (as in the original)
   */
  public Map<String, Object> values(boolean forCreate, Collection<String> fields) {
    return values(forCreate, fields, Map.of());
  }

  /**
   * The mapped values, with options the mapper reads while it maps ({@link Mapper#options()}, the
   * original's {@code values(**kwargs)}); the children are mapped with the same options.
   *
   * @param options named options, none when null or empty
   */
  public Map<String, Object> values(boolean forCreate, Collection<String> fields, Map<String, ?> options) {
    MapOptions opts = new MapOptions(forCreate, fields, options);
    return mapper.withOptions(opts, () -> map(opts));
  }

  private Map<String, Object> map(MapOptions opts) {
    boolean forCreate = opts.forCreate();
    Set<String> only = opts.fields();
    Map<String, Object> values = Mapper.newValues();
    for (Direct d : mapper.direct()) {
      if (!selected(only, d.source().field())) {
        continue;
      }
      Source src = d.source();
      if (src.kind() == Source.Kind.PLAIN) {
        Source implicit = mapper.implicitM2o(d);
        if (implicit != null) {
          src = implicit;
        }
      }
      SourcePath.Found read = src.kind() == Source.Kind.FOLLOWED ? mapper.follow(source, src.field()) : mapper.read(source, src.field());
      if (read.present() || forCreate) {
        values.put(d.target(), src.apply(mapper, read.value(), source));
      }
    }
    for (Mapper.MappingMethod m : mapper.mappingMethods()) {
      if (m.onlyCreate() && !forCreate) {
        continue;
      }
      if (only != null && !m.changedBy().isEmpty() && m.changedBy().stream().noneMatch(f -> selected(only, f))) {
        continue;
      }
      values.putAll(mapper.invoke(m, source));
    }
    for (Child child : mapper.children()) {
      if (!selected(only, child.source())) {
        continue;
      }
      SourcePath.Found read = mapper.read(source, child.source());
      if (read.present() || forCreate) {
        values.put(child.target(), mapChildren(child, read.value(), opts.forChild()));
      }
    }
    values.putAll(forced);
    return mapper.finalizeValues(this, values);
  }

  /** True when a source field is to be mapped: all are when {@code only} is null, else it or its top-level key is listed. */
  private static boolean selected(Set<String> only, String field) {
    return only == null || only.contains(field) || only.contains(SourcePath.topKey(field));
  }

  private List<?> mapChildren(Child child, Object items, MapOptions options) {
    if (items == null) {
      return List.of();
    }
    if (!(items instanceof Collection<?> list)) {
      throw new MappingError(mapper.who() + ": children field '" + child.source() + "' should hold a list of records, got "
          + items.getClass().getSimpleName() + " '" + Mapper.shorten(items) + "'");
    }
    MapChild mapChild;
    try {
      mapChild = mapper.work().component(MapChild.class, mapper.mapChildUsage(), child.childModel());
    } catch (NoComponentError e) {
      throw new MappingError(mapper.who() + ": no component maps the children of '" + child.source() + "' ("
          + child.childModel() + ", usage " + mapper.mapChildUsage() + "): register ImportMapChild and ExportMapChild"
          + " (the connector addon does) or a MapChild of your own. " + e.getMessage(), e);
    }
    return mapChild.getItems(list, this, child.target(), options);
  }
}
