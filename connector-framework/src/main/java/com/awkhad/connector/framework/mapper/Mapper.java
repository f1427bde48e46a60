package com.awkhad.connector.framework.mapper;

import com.awkhad.connector.base.model.Field;
import com.awkhad.connector.base.model.FieldType;
import com.awkhad.connector.base.model.Model;
import com.awkhad.connector.component.ComponentSpec;
import com.awkhad.connector.framework.backend.Backend;
import com.awkhad.connector.framework.backend.BackendType;
import com.awkhad.connector.framework.core.ConnectorComponent;
import com.awkhad.connector.framework.binder.Binder;
import com.awkhad.connector.framework.binding.Binding;
import com.awkhad.connector.framework.exception.NoExternalId;
import com.awkhad.connector.framework.exception.MappingError;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Transforms a source record into target values: direct mappings, {@link Mapping} methods and
 * children, declared explicitly on the subclass. Use {@link ImportMapper} (external record to local
 * values) or {@link ExportMapper} (local record to external values).
 *
 * <pre>{@code
 * @ComponentSpec(name = "coffee.product.import.mapper", collection = "coffee.backend", applyOn = "coffee.product")
 * public class ProductImportMapper extends ImportMapper {
 *   protected List<Direct> direct() {
 *     return List.of(
 *         direct("name", "name"),
 *         direct(convert("price", Double.class), "list_price"),
 *         direct(externalToM2o("category", "coffee.category"), "categ_id"),
 *         direct("roast.name", "roast"));    // a path into the nested object {"roast": {"name": ...}}
 *   }
 *
 *   @Mapping(onlyCreate = true)
 *   public Map<String, Object> origin(Map<String, Object> record) {
 *     return Map.of("origin", "coffee");
 *   }
 * }
 *
 * Map<String, Object> values = mapper.mapRecord(remote).values(true, null);  // for a create, every field
 * }</pre>
 */
@ComponentSpec(name = "base.mapper")
public abstract class Mapper extends ConnectorComponent {
  private static final ClassValue<List<MappingMethod>> METHODS = new ClassValue<>() {
    @Override
    protected List<MappingMethod> computeValue(Class<?> type) {
      return collectMappingMethods(type);
    }
  };

  private MapOptions options = MapOptions.NONE;

  protected Mapper() {}

  /**
   * The options of the mapping in progress ({@link MapRecord#values(boolean, Collection, Map)}),
   * for {@link Mapping} methods, modifiers, {@code finalizeValues} and {@code skipItem}; {@link
   * MapOptions#NONE} outside a mapping.
   */
  public MapOptions options() {
    return options;
  }

  /** Runs {@code mapping} with {@code opts} as {@link #options()}, then puts back the options before it. */
  final <T> T withOptions(MapOptions opts, Supplier<T> mapping) {
    MapOptions before = options;
    options = opts;
    try {
      return mapping.get();
    } finally {
      options = before;
    }
  }

  /**
   * The usage of the {@link MapChild} that maps this mapper's children: {@link ImportMapChild#USAGE}
   * for an import mapper, {@link ExportMapChild#USAGE} for an export mapper.
   */
  protected String mapChildUsage() {
    throw new MappingError(who() + " maps children but has no child usage: extend ImportMapper or ExportMapper,"
        + " or override mapChildUsage()");
  }

  /**
   * The local field a plain {@code direct(source, target)} reads (export) or writes (import), for
   * the implicit many2one conversion; null when there is none.
   */
  String implicitM2oField(Direct d) {
    return null;
  }

  /** The direct mappings, in order; none by default. */
  protected List<Direct> direct() {
    return List.of();
  }

  /** The children mappings; none by default. */
  protected List<Child> children() {
    return List.of();
  }

  /** Starts mapping {@code record}. */
  public MapRecord mapRecord(Map<String, Object> record) {
    return new MapRecord(this, record, null);
  }

  /** Starts mapping {@code record}, a child of {@code parent} (children mappings). */
  public MapRecord mapRecord(Map<String, Object> record, MapRecord parent) {
    return new MapRecord(this, record, parent);
  }

  /**
   * Every source field whose change matters to this mapper: the direct sources, the
   * {@link Mapping#changedBy} fields and the children sources, each as its top-level key (a path
   * {@code "partner.name"} counts as {@code "partner"}). Export listeners skip writes that touch
   * none of them.
   */
  public Set<String> changedByFields() {
    Set<String> out = new LinkedHashSet<>();
    direct().forEach(d -> out.add(SourcePath.topKey(d.source().field())));
    METHODS.get(getClass()).forEach(m -> m.changedBy().forEach(f -> out.add(SourcePath.topKey(f))));
    children().forEach(c -> out.add(SourcePath.topKey(c.source())));
    return out;
  }

  /**
   * The top-level keys of a source record that this mapper reads: the first segment of every
   * direct source, of every {@link Mapping#changedBy} field and of every children source; or empty
   * when it cannot know, because a {@link Mapping} method declares no {@code changedBy} (it may read
   * anything). An importer uses it to tell whether a partial record, such as an item of a list
   * page, holds everything the mapper needs, or whether the full record must be read.
   *
   * <pre>{@code
   * // direct("ref", "name"), direct(convert("status.id", Long.class), "state_id"),
   * // @Mapping(changedBy = {"first", "last"}) customer(...), new Child("lines", "line_ids", ...)
   * mapper.sourceKeys();                          // Optional[[ref, status, first, last, lines]]
   * boolean enough = mapper.sourceKeys().map(listItem.keySet()::containsAll).orElse(false);
   * }</pre>
   *
   * <p>The children's own mappers read inside the items; they add nothing here. A {@code
   * finalizeValues}, {@code skipItem} or {@code Source.of} modifier that reads other keys of the
   * record is not seen: such a mapper overrides this method to add them (or to return empty).
   */
  public Optional<Set<String>> sourceKeys() {
    if (METHODS.get(getClass()).stream().anyMatch(m -> m.changedBy().isEmpty())) {
      return Optional.empty();
    }
    return Optional.of(Collections.unmodifiableSet(changedByFields()));
  }

  /** Last step of {@link MapRecord#values}: adjust the values (default: unchanged). */
  protected Map<String, Object> finalizeValues(MapRecord record, Map<String, Object> values) {
    return values;
  }

  /**
   * True to leave out a child item (children mappings); default false. The default {@link MapChild}
   * asks the child mapper this; a {@link MapChild} of your own may decide otherwise.
   */
  protected boolean skipItem(MapRecord item) {
    return false;
  }

  /**
   * Reads a source field (a key or a dotted path, see {@link SourcePath}): whether the record holds
   * it, and its value.
   */
  final SourcePath.Found read(Map<String, Object> record, String field) {
    checkSource(record, field);
    try {
      return SourcePath.lookup(record, field);
    } catch (SourcePath.NotAnObject e) {
      throw new MappingError(who() + ": " + e.getMessage());
    }
  }

  /**
   * Reads a {@link #followM2o} source on the local record: the path through its many2one fields.
   */
  final SourcePath.Found follow(Map<String, Object> record, String path) {
    String[] segments = path.split("\\.");
    checkSource(record, segments[0]);
    if (!record.containsKey(segments[0])) {
      return SourcePath.Found.ABSENT;
    }
    String model = recordModel();
    Object value = record;
    for (int i = 0; i < segments.length; i++) {
      String seg = segments[i];
      Model m = env().models().get(model);
      if (!m.hasField(seg)) {
        throw new MappingError(who() + ": followM2o(" + path + "): model " + model + " has no field '" + seg + "'. Its fields: "
            + m.fieldNames() + ". Fix the path");
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> current = (Map<String, Object>) value;
      Object v = current.get(seg);
      if (i == segments.length - 1) {
        return new SourcePath.Found(true, v);
      }
      Field f = m.field(seg);
      if (f.type() != FieldType.MANY2ONE) {
        throw new MappingError(who() + ": followM2o(" + path + "): field '" + seg + "' of " + model + " is a " + f.type().label()
            + " field, not a many2one: only many2one fields can be followed. Fix the path, or read it in a @Mapping method");
      }
      if (v == null) {
        return new SourcePath.Found(true, null);
      }
      if (!(v instanceof Number id)) {
        throw new MappingError(who() + ": followM2o(" + path + "): many2one '" + seg + "' holds " + v.getClass().getSimpleName()
            + " '" + shorten(v) + "', not a record id: map the record as read by env.model(...).read(id)");
      }
      model = f.comodel();
      value = env().model(model).read(id.longValue());
    }
    throw new IllegalStateException("unreachable");
  }

  /** The model of the records this mapper reads with {@link #followM2o}: the local model of its binding model. */
  String recordModel() {
    if (work().hasAttribute(Backend.ATTRIBUTE)) {
      return localModel();
    }
    if (env().models().contains(modelName())) {
      return modelName();
    }
    throw new MappingError(who() + ": followM2o needs the local model: open the work context with backend.workOn(\""
        + modelName() + "\")");
  }

  /**
   * The implicit many2one conversion of a plain {@code direct(source, target)} (as in the original):
   * when the local field it reads (export) or writes (import) is a many2one to a model that one
   * binding model of this backend binds, the value goes through that binding model's binder,
   * as {@code m2oToExternal} / {@code externalToM2o} would; a null result means there is none.
   */
  final Source implicitM2o(Direct d) {
    String localField = implicitM2oField(d);
    if (localField == null || !work().hasAttribute(Backend.ATTRIBUTE)) {
      return null;
    }
    BackendType type = backend().backendType();
    if (!type.bindings().containsKey(modelName()) || !env().models().contains(localModel())) {
      return null;
    }
    Model m = env().models().get(localModel());
    if (!m.hasField(localField) || m.field(localField).type() != FieldType.MANY2ONE) {
      return null;
    }
    String comodel = m.field(localField).comodel();
    List<String> bindingModels = type.bindingModelsOf(comodel);
    if (bindingModels.isEmpty()) {
      return null;
    }
    if (bindingModels.size() > 1) {
      throw new MappingError(who() + " (direct(" + d.source() + ", " + d.target() + ")) maps many2one '" + localField + "' to " + comodel + ", which binding models "
          + bindingModels + " bind: say which with " + implicitFactory() + "(\"" + d.source().field() + "\", \"<binding model>\")");
    }
    return implicitSource(d.source().field(), bindingModels.get(0));
  }

  /** The factory of the implicit conversion, named in messages. */
  String implicitFactory() {
    return "m2oToExternal or externalToM2o";
  }

  /** The source of the implicit conversion of {@code field} through {@code bindingModel}. */
  Source implicitSource(String field, String bindingModel) {
    return null;
  }

  /** Checks a source field before it is read; any field by default (an absent one reads as absent). */
  void checkSource(Map<String, Object> record, String field) {}

  // ---- factories ------------------------------------------------------------------------------

  /**
   * {@code source} copied as it is to {@code target}. Every source of these factories is a key of
   * the source record or a dotted path into its nested objects ({@code "status.name"}), read as
   * {@link SourcePath} says.
   */
  protected static Direct direct(String source, String target) {
    return new Direct(field(source), target);
  }

  /** {@code source}, modified, to {@code target}. */
  protected static Direct direct(Source source, String target) {
    return new Direct(source, target);
  }

  /** The value of {@code field} as it is. */
  protected static Source field(String field) {
    return new Source(field, field, (m, f, v, r) -> v, Source.Kind.PLAIN);
  }

  /**
   * A dotted path through the many2one relations of the local record (an export): {@code
   * followM2o("category_id.parent_id.name")} reads the name of the parent of the record's category
   * (the original's {@code follow_m2o_relations}). Every segment but the last is a many2one field
   * of the model reached so far; the last is any field of the model reached. An empty relation on
   * the way gives null. Wrap it in other modifiers: {@code none(followM2o("partner_id.email"))}.
   */
  protected static Source followM2o(String path) {
    if (path == null || path.indexOf('.') <= 0 || path.endsWith(".")) {
      throw new IllegalArgumentException("followM2o needs a dotted path of many2one fields ending with a field,"
          + " such as \"category_id.name\", got '" + path + "'");
    }
    return new Source(path, "followM2o(" + path + ")", (m, f, v, r) -> v, Source.Kind.FOLLOWED);
  }

  /** The value of {@code field}, or null when it is empty ("", false, an empty list or map). */
  protected static Source none(String field) {
    return new Source(field, "none(" + field + ")", (m, f, v, r) -> isEmpty(v) ? null : v);
  }

  /**
   * What {@code inner} makes of its field, or null when that is empty: modifiers compose as in
   * the original, e.g. {@code none(convert("qty", Long.class))}.
   */
  protected static Source none(Source inner) {
    return new Source(inner.field(), "none(" + inner + ")", (m, f, v, r) -> {
      Object x = inner.apply(m, v, r);
      return isEmpty(x) ? null : x;
    }, Source.over(inner));
  }

  /** What {@code inner} makes of its field, converted to {@code type} (see {@link #convert(String, Class)}). */
  protected static Source convert(Source inner, Class<?> type) {
    return new Source(inner.field(), "convert(" + inner + ", " + type.getSimpleName() + ")",
        (m, f, v, r) -> m.convertValue(f, inner.apply(m, v, r), type), Source.over(inner));
  }

  /**
   * The value of {@code field} converted to {@code type}: String, Long, Integer, Double, BigDecimal,
   * Boolean, Instant (ISO instant or offset date-time) or LocalDate (ISO date). Null stays null.
   */
  protected static Source convert(String field, Class<?> type) {
    return new Source(field, "convert(" + field + ", " + type.getSimpleName() + ")", (m, f, v, r) -> m.convertValue(f, v, type));
  }

  /**
   * An external id (of a record of {@code bindingModel}) to the id of the local record bound to it
   * on this backend; null stays null.
   *
   * @see #externalToM2o(String, String)
   */
  protected static Source externalToM2o(String field, String bindingModel) {
    return new Source(field, "externalToM2o(" + field + ", " + bindingModel + ")", (m, f, v, r) -> {
      if (v == null) {
        return null;
      }
      String external = String.valueOf(v);
      Binder binder = m.component(Binder.class, Binder.USAGE, bindingModel);
      return binder.toLocalId(external).orElseThrow(() -> new MappingError(
          m.who() + ": field '" + f + "' refers to " + bindingModel + " '" + external + "', which has no binding on backend '"
              + m.backend().name() + "' (id " + m.backend().id() + "). Import it first: call importDependency(\"" + external
              + "\", \"" + bindingModel + "\") in the importer's importDependencies"));
    });
  }

  /**
   * A local record id (of the local model of {@code bindingModel}) to its external id on this
   * backend; null stays null. A record without binding is a {@link MappingError} (export it
   * first); a record whose binding has no external id yet (its export is pending) raises
   * {@link NoExternalId}, so the job retries.
   */
  protected static Source m2oToExternal(String field, String bindingModel) {
    return new Source(field, "m2oToExternal(" + field + ", " + bindingModel + ")", (m, f, v, r) -> {
      if (v == null) {
        return null;
      }
      if (!(v instanceof Number n)) {
        throw new MappingError(m.who() + ": field '" + f + "' should hold a record id (a number), got "
            + v.getClass().getSimpleName() + " '" + shorten(v) + "'");
      }
      Binder binder = m.component(Binder.class, Binder.USAGE, bindingModel);
      Optional<Binding> binding = binder.bindingOf(n.longValue());
      if (binding.isPresent() && !binding.get().isBound()) {
        throw new NoExternalId(m.who() + ": field '" + f + "' refers to " + binder.localModel() + " #" + n + ", whose export to"
            + " backend '" + m.backend().name() + "' has not run yet (binding " + binding.get().id() + " has no external id)."
            + " The job will retry once it has run");
      }
      return binding.map(Binding::externalId).orElseThrow(() -> new MappingError(
          m.who() + ": field '" + f + "' refers to " + binder.localModel() + " #" + n + ", which has no external id on backend '"
              + m.backend().name() + "' (id " + m.backend().id() + "). Export it first (exportDependency in the exporter)"));
    });
  }

  // ---- internals ------------------------------------------------------------------------------

  String who() {
    return "Mapper " + descriptor().name() + " (" + getClass().getSimpleName() + ") on " + modelName();
  }

  Object convertValue(String field, Object v, Class<?> type) {
    if (v == null || type.isInstance(v)) {
      return v;
    }
    try {
      String s = v.toString().trim();
      if (type == String.class) {
        return v.toString();
      }
      if (type == Long.class) {
        return v instanceof Number n ? n.longValue() : Long.valueOf(s);
      }
      if (type == Integer.class) {
        return v instanceof Number n ? n.intValue() : Integer.valueOf(s);
      }
      if (type == Double.class) {
        return v instanceof Number n ? n.doubleValue() : Double.valueOf(s);
      }
      if (type == BigDecimal.class) {
        return new BigDecimal(s);
      }
      if (type == Boolean.class) {
        if (s.equalsIgnoreCase("true") || s.equals("1")) {
          return true;
        }
        if (s.equalsIgnoreCase("false") || s.equals("0")) {
          return false;
        }
        throw new IllegalArgumentException("not a boolean");
      }
      if (type == Instant.class) {
        return s.endsWith("Z") ? Instant.parse(s) : OffsetDateTime.parse(s).toInstant();
      }
      if (type == LocalDate.class) {
        return LocalDate.parse(s);
      }
    } catch (RuntimeException e) {
      throw new MappingError(who() + ": cannot convert field '" + field + "' value '" + shorten(v) + "' ("
          + v.getClass().getSimpleName() + ") to " + type.getSimpleName() + ": fix the value at its source, or map it with a @Mapping method", e);
    }
    throw new MappingError(who() + ": convert(" + field + ", " + type.getSimpleName() + ") is not supported: convert to String, Long,"
        + " Integer, Double, BigDecimal, Boolean, Instant or LocalDate, or write a @Mapping method");
  }

  List<MappingMethod> mappingMethods() {
    return METHODS.get(getClass());
  }

  static String shorten(Object v) {
    String s = String.valueOf(v);
    return s.length() > 60 ? s.substring(0, 57) + "..." : s;
  }

  private static boolean isEmpty(Object v) {
    return v == null || Boolean.FALSE.equals(v) || (v instanceof String s && s.isEmpty())
        || (v instanceof Collection<?> c && c.isEmpty()) || (v instanceof Map<?, ?> m && m.isEmpty());
  }

  /** A {@link Mapping} method with its merged declaration (changedBy united along overrides, the most derived onlyCreate). */
  record MappingMethod(Method method, Set<String> changedBy, boolean onlyCreate) {}

  private static List<MappingMethod> collectMappingMethods(Class<?> type) {
    List<MappingMethod> out = new ArrayList<>();
    List<Method> methods = new ArrayList<>(List.of(type.getMethods()));
    methods.sort(Comparator.comparing(Method::getName));
    for (Method m : methods) {
      Set<String> changedBy = new LinkedHashSet<>();
      Boolean onlyCreate = null;
      boolean mapping = false;
      for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
        Method declared;
        try {
          declared = c.getDeclaredMethod(m.getName(), m.getParameterTypes());
        } catch (NoSuchMethodException e) {
          continue;
        }
        Mapping a = declared.getAnnotation(Mapping.class);
        if (a != null) {
          mapping = true;
          changedBy.addAll(List.of(a.changedBy()));
          if (onlyCreate == null) {
            onlyCreate = a.onlyCreate();
          }
        }
      }
      if (!mapping) {
        continue;
      }
      checkSignature(type, m);
      out.add(new MappingMethod(m, Set.copyOf(changedBy), Boolean.TRUE.equals(onlyCreate)));
    }
    for (Method m : declaredNonPublicMappings(type)) {
      throw new MappingError("@Mapping method " + type.getName() + "." + m.getName()
          + " is not public: declare it 'public Map<String, Object> " + m.getName() + "(Map<String, Object> record)'");
    }
    return List.copyOf(out);
  }

  private static List<Method> declaredNonPublicMappings(Class<?> type) {
    List<Method> out = new ArrayList<>();
    for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
      for (Method m : c.getDeclaredMethods()) {
        if (m.isAnnotationPresent(Mapping.class) && !Modifier.isPublic(m.getModifiers())) {
          out.add(m);
        }
      }
    }
    return out;
  }

  private static void checkSignature(Class<?> type, Method m) {
    boolean ok = m.getParameterCount() == 1 && m.getParameterTypes()[0] == Map.class && Map.class.isAssignableFrom(m.getReturnType())
        && !Modifier.isStatic(m.getModifiers());
    Type ret = m.getGenericReturnType();
    if (ok && ret instanceof ParameterizedType p && p.getActualTypeArguments()[0] != String.class) {
      ok = false;
    }
    if (!ok) {
      throw new MappingError("@Mapping method " + type.getName() + "." + m.getName() + " has the wrong signature: declare it"
          + " 'public Map<String, Object> " + m.getName() + "(Map<String, Object> record)' (an instance method)");
    }
  }

  @SuppressWarnings("unchecked")
  Map<String, Object> invoke(MappingMethod mm, Map<String, Object> record) {
    try {
      Object result = mm.method().invoke(this, record);
      if (result == null) {
        return Map.of();
      }
      Map<String, Object> values = (Map<String, Object>) result;
      if (values.keySet().stream().anyMatch(k -> k == null)) { // Map.of() maps refuse containsKey(null)
        throw new MappingError(who() + ": @Mapping method " + mm.method().getName() + " returned a value without a field name"
            + " (a null key): return the target field names as keys");
      }
      return values;
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException re) {
        throw re;
      }
      throw new MappingError(who() + ": @Mapping method " + mm.method().getName() + " failed: " + cause, cause);
    } catch (IllegalAccessException e) {
      throw new MappingError(who() + ": cannot call @Mapping method " + mm.method().getName()
          + ": make the method and its class public", e);
    }
  }

  /** Collected values, keeping the insertion order. */
  static Map<String, Object> newValues() {
    return new LinkedHashMap<>();
  }
}
