package com.awkhad.connector.component;

import com.awkhad.connector.base.env.Environment;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * What a unit of work is about: a collection (the backend, by model name and optionally its
 * record), the model being worked on, the environment and extra attributes such as an API
 * client. Components are found through it, most specific first, and see it as
 * {@link AbstractComponent#work()}.
 *
 * <pre>{@code
 * try (WorkContext work = WorkContext.builder(env)
 *         .collection(new RecordRef("coffee.backend", backendId))
 *         .model("coffee.product")
 *         .lazyResource("client", () -> new CoffeeClient(url))   // opened on first use
 *         .build()) {
 *   CoffeeProductImporter importer = work.component(CoffeeProductImporter.class, "record.importer");
 *   importer.run("42");
 *   Binder binder = work.component(Binder.class, "binder", "coffee.category");  // another model
 * }                                                                // the client is closed here
 * }</pre>
 *
 * <p>{@link #workOn(String)} derives a context on another model that shares the collection,
 * attributes and resources; only the context made by {@link Builder#build()} closes the
 * resources. A work context is meant for one thread.
 */
public final class WorkContext implements AutoCloseable {
  private final ComponentRegistry registry;
  private final Environment env;
  private final String collectionName;
  private final RecordRef collectionRecord;
  private final String modelName;
  private final Shared shared;
  private final boolean root;

  private WorkContext(
      ComponentRegistry registry,
      Environment env,
      String collectionName,
      RecordRef collectionRecord,
      String modelName,
      Shared shared,
      boolean root) {
    this.registry = registry;
    this.env = env;
    this.collectionName = collectionName;
    this.collectionRecord = collectionRecord;
    this.modelName = modelName;
    this.shared = shared;
    this.root = root;
  }

  /**
   * A builder on the registry of a started environment.
   *
   * @throws RegistryNotReadyError when the {@code component} addon has not started
   */
  public static Builder builder(Environment env) {
    return new Builder(ComponentRegistry.of(Objects.requireNonNull(env, "env")), env);
  }

  /** A builder on {@code registry}, without an environment (unit tests). */
  public static Builder builder(ComponentRegistry registry) {
    return new Builder(Objects.requireNonNull(registry, "registry"), null);
  }

  public ComponentRegistry registry() {
    return registry;
  }

  /** The environment, or {@code null} when built without one. */
  public Environment env() {
    return env;
  }

  /** The collection (backend model) name, or {@code null} when the context has none. */
  public String collectionName() {
    return collectionName;
  }

  /** The collection record (e.g. {@code coffee.backend#1}), if the context has one. */
  public Optional<RecordRef> collectionRecord() {
    return Optional.ofNullable(collectionRecord);
  }

  /** The model components of this context work on. */
  public String modelName() {
    return modelName;
  }

  /** A context on {@code otherModel} with the same collection, environment, attributes and resources. */
  public WorkContext workOn(String otherModel) {
    requireModel(otherModel);
    return new WorkContext(registry, env, collectionName, collectionRecord, otherModel, shared, false);
  }

  /**
   * A context on {@code otherModel} in another collection, {@code collection} (a backend of
   * another kind, for example), with the same environment, attributes and resources: the
   * original's {@code work_on(model, collection=...)}.
   */
  public WorkContext workOn(String otherModel, RecordRef collection) {
    requireModel(otherModel);
    Objects.requireNonNull(collection, "collection");
    return new WorkContext(registry, env, collection.model(), collection, otherModel, shared, false);
  }

  /** Like {@link #workOn(String, RecordRef)} for a collection given by name only (no record). */
  public WorkContext workOn(String otherModel, String collectionName) {
    requireModel(otherModel);
    if (collectionName == null || collectionName.isBlank()) {
      throw new IllegalArgumentException("workOn needs a collection name, e.g. \"coffee.backend\", or use workOn(model)");
    }
    return new WorkContext(registry, env, collectionName, null, otherModel, shared, false);
  }

  /** True when the context has an attribute (or resource) named {@code name}. */
  public boolean hasAttribute(String name) {
    return shared.values.containsKey(name) || shared.lazy.containsKey(name);
  }

  /**
   * The attribute {@code name}; a lazy resource is opened on first access.
   *
   * @throws ComponentException when it is missing or not a {@code type}
   */
  public <T> T attribute(String name, Class<T> type) {
    Object value = shared.get(name);
    if (value == null) {
      throw new ComponentException(
          "This work context (model '" + modelName + "', collection '" + collectionName + "') has no attribute '"
              + name + "'. Its attributes: " + shared.names() + ". Add it with WorkContext.builder(...).attribute(\""
              + name + "\", value)");
    }
    if (!type.isInstance(value)) {
      throw new ComponentException(
          "Work context attribute '" + name + "' is a " + value.getClass().getName() + ", not a " + type.getName());
    }
    return type.cast(value);
  }

  /** The names of the attributes and resources. */
  public List<String> attributeNames() {
    return shared.names();
  }

  // ---- lookups -------------------------------------------------------------------------------

  /** The one component for {@code usage} on this context's model. */
  public AbstractComponent component(String usage) {
    return component(usage, modelName);
  }

  /**
   * The one component for {@code usage} on {@code model}: among the components whose collection
   * is this context's or unset, whose usage matches and whose {@code applyOn} contains the model
   * or is empty, an exact collection beats an unset one, then an explicit {@code applyOn} beats
   * an empty one.
   *
   * @throws NoComponentError when none matches
   * @throws SeveralComponentError when several remain equally specific
   */
  public AbstractComponent component(String usage, String model) {
    requireUsage(usage);
    requireModel(model);
    WorkContext ctx = contextFor(model);
    Map<ComponentDescriptor, AbstractComponent> matching = new LinkedHashMap<>();
    List<ComponentDescriptor> declined = new ArrayList<>();
    for (ComponentDescriptor d : registry.lookup(collectionName, usage, model)) {
      AbstractComponent c = d.instantiate(ctx);
      if (c.matchesWork()) {
        matching.put(d, c);
      } else {
        declined.add(d);
      }
    }
    ComponentDescriptor d = Specificity.pickOne(registry, collectionName, usage, model, List.copyOf(matching.keySet()),
        declined);
    return matching.get(d);
  }

  /** Like {@link #component(String)}, returning a {@code type}. */
  public <T> T component(Class<T> type, String usage) {
    return component(type, usage, modelName);
  }

  /** Like {@link #component(String, String)}, returning a {@code type}. */
  public <T> T component(Class<T> type, String usage, String model) {
    return as(type, component(usage, model), "usage '" + usage + "'");
  }

  /** Every component for {@code usage} on this context's model, in registration order. */
  public List<AbstractComponent> manyComponents(String usage) {
    return manyComponents(usage, modelName);
  }

  /** Every component for {@code usage} on {@code model}, in registration order; may be empty. */
  public List<AbstractComponent> manyComponents(String usage, String model) {
    requireUsage(usage);
    requireModel(model);
    WorkContext ctx = contextFor(model);
    List<AbstractComponent> out = new ArrayList<>();
    for (ComponentDescriptor d : registry.lookup(collectionName, usage, model)) {
      AbstractComponent c = d.instantiate(ctx);
      if (c.matchesWork()) {
        out.add(c);
      }
    }
    return out;
  }

  /** Every component for {@code usage} on this context's model that is a {@code type}. */
  public <T> List<T> manyComponents(Class<T> type, String usage) {
    return manyComponents(usage, modelName).stream().filter(type::isInstance).map(type::cast).toList();
  }

  /** The component named {@code name}, on this context's model. */
  public AbstractComponent componentByName(String name) {
    return componentByName(name, modelName);
  }

  /**
   * The component named {@code name}, on {@code model}, provided its collection is this
   * context's (or unset) and it applies to the model.
   *
   * @throws NoComponentError when there is no such component, it is abstract, or it does not fit
   */
  public AbstractComponent componentByName(String name, String model) {
    requireModel(model);
    ComponentDescriptor d = registry.get(name).orElseThrow(() -> new NoComponentError(
        "No component named '" + name + "' is registered. Registered components: "
            + registry.all().stream().map(ComponentDescriptor::name).collect(Collectors.joining(", "))));
    if (d.isAbstract()) {
      throw new NoComponentError("Component '" + name + "' is abstract and cannot be used: look up a concrete component that inherits it");
    }
    if (collectionName != null && d.collection() != null && !d.collection().equals(collectionName)) {
      throw new NoComponentError(
          "Component '" + name + "' belongs to collection '" + d.collection() + "', not to this work context's '"
              + collectionName + "'");
    }
    if (!d.appliesTo(model)) {
      throw new NoComponentError(
          "Component '" + name + "' applies to " + d.applyOn().stream().sorted().toList() + ", not to model '" + model + "'");
    }
    AbstractComponent c = d.instantiate(contextFor(model));
    if (!c.matchesWork()) {
      throw new NoComponentError("Component '" + name + "' does not match this work context (model '" + model
          + "', collection '" + collectionName + "'): its matchesWork() returned false");
    }
    return c;
  }

  /** Like {@link #componentByName(String)}, returning a {@code type}. */
  public <T> T componentByName(Class<T> type, String name) {
    return componentByName(type, name, modelName);
  }

  /** Like {@link #componentByName(String, String)}, returning a {@code type}. */
  public <T> T componentByName(Class<T> type, String name, String model) {
    return as(type, componentByName(name, model), "name '" + name + "'");
  }

  /**
   * Closes the resources of the context, in reverse order of registration, if this is the
   * context made by the builder; a no-op on contexts derived with {@link #workOn(String)}.
   */
  @Override
  public void close() {
    if (root) {
      shared.close();
    }
  }

  @Override
  public String toString() {
    return "WorkContext[model=" + modelName + ", collection=" + (collectionRecord != null ? collectionRecord : collectionName)
        + ", attributes=" + shared.names() + "]";
  }

  private WorkContext contextFor(String model) {
    if (shared.closed) {
      throw new ComponentException("This work context (model '" + modelName + "') is closed: open a new one");
    }
    return model.equals(modelName) ? this : workOn(model);
  }

  private static <T> T as(Class<T> type, AbstractComponent c, String asked) {
    if (!type.isInstance(c)) {
      throw new ComponentException(
          "The component found for " + asked + ", " + c.descriptor() + ", is a " + c.getClass().getName()
              + ", not a " + type.getName());
    }
    return type.cast(c);
  }

  private static void requireUsage(String usage) {
    if (usage == null || usage.isBlank()) {
      throw new IllegalArgumentException("A component lookup needs a usage, e.g. \"binder\" or \"record.importer\"");
    }
  }

  private static void requireModel(String model) {
    if (model == null || model.isBlank()) {
      throw new IllegalArgumentException("A work context needs a model name, e.g. \"coffee.product\"");
    }
  }

  /** State shared by a context and those derived from it. */
  private static final class Shared {
    final Map<String, Object> values;
    final Map<String, Supplier<? extends AutoCloseable>> lazy;
    final List<AutoCloseable> toClose = new ArrayList<>();
    boolean closed;

    Shared(Map<String, Object> values, Map<String, Supplier<? extends AutoCloseable>> lazy, List<AutoCloseable> eager) {
      this.values = new LinkedHashMap<>(values);
      this.lazy = new LinkedHashMap<>(lazy);
      this.toClose.addAll(eager);
    }

    synchronized Object get(String name) {
      Object v = values.get(name);
      if (v != null) {
        return v;
      }
      Supplier<? extends AutoCloseable> opener = lazy.get(name);
      if (opener == null) {
        return null;
      }
      if (closed) {
        throw new ComponentException("Cannot open resource '" + name + "': its work context is closed");
      }
      AutoCloseable opened = Objects.requireNonNull(opener.get(), () -> "The opener of resource '" + name + "' returned null");
      lazy.remove(name);
      values.put(name, opened);
      toClose.add(opened);
      return opened;
    }

    synchronized List<String> names() {
      List<String> names = new ArrayList<>(values.keySet());
      names.addAll(lazy.keySet());
      return Collections.unmodifiableList(names);
    }

    synchronized void close() {
      if (closed) {
        return;
      }
      closed = true;
      ComponentException failure = null;
      for (int i = toClose.size() - 1; i >= 0; i--) {
        try {
          toClose.get(i).close();
        } catch (Exception e) {
          if (failure == null) {
            failure = new ComponentException("Closing a work context resource failed: " + e, e);
          } else {
            failure.addSuppressed(e);
          }
        }
      }
      if (failure != null) {
        throw failure;
      }
    }
  }

  /** Builds a {@link WorkContext}; {@link #model(String)} is required. */
  public static final class Builder {
    private final ComponentRegistry registry;
    private final Environment env;
    private String collectionName;
    private RecordRef collectionRecord;
    private String modelName;
    private final Map<String, Object> values = new LinkedHashMap<>();
    private final Map<String, Supplier<? extends AutoCloseable>> lazy = new LinkedHashMap<>();
    private final List<AutoCloseable> eager = new ArrayList<>();

    private Builder(ComponentRegistry registry, Environment env) {
      this.registry = registry;
      this.env = env;
    }

    /** The collection by name only, e.g. {@code coffee.backend}. */
    public Builder collection(String collectionName) {
      this.collectionName = collectionName;
      this.collectionRecord = null;
      return this;
    }

    /** The collection record (the backend); its model is the collection name. */
    public Builder collection(RecordRef record) {
      this.collectionRecord = Objects.requireNonNull(record, "record");
      this.collectionName = record.model();
      return this;
    }

    /** The model to work on, e.g. {@code coffee.product}. */
    public Builder model(String modelName) {
      this.modelName = modelName;
      return this;
    }

    /** An extra attribute, propagated to contexts derived with {@link WorkContext#workOn(String)}. */
    public Builder attribute(String name, Object value) {
      checkName(name);
      values.put(name, Objects.requireNonNull(value, () -> "attribute '" + name + "' is null: leave it out instead"));
      return this;
    }

    /** An attribute that the context closes when it is closed (e.g. an HTTP client or a session). */
    public Builder resource(String name, AutoCloseable resource) {
      attribute(name, resource);
      eager.add(resource);
      return this;
    }

    /**
     * A resource opened by {@code opener} on first access (once for the context and those
     * derived from it) and closed with the context; never opened if never used.
     */
    public Builder lazyResource(String name, Supplier<? extends AutoCloseable> opener) {
      checkName(name);
      lazy.put(name, Objects.requireNonNull(opener, "opener"));
      return this;
    }

    private void checkName(String name) {
      if (name == null || name.isBlank()) {
        throw new IllegalArgumentException("A work context attribute needs a name");
      }
      if (values.containsKey(name) || lazy.containsKey(name)) {
        throw new IllegalArgumentException("Work context attribute '" + name + "' is given twice");
      }
    }

    public WorkContext build() {
      requireModel(modelName);
      return new WorkContext(
          registry, env, collectionName, collectionRecord, modelName, new Shared(values, lazy, eager), true);
    }
  }
}
