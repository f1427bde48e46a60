package com.awkhad.connector.framework.backend;

import com.awkhad.connector.base.text.Redact;
import com.awkhad.connector.component.RecordRef;
import com.awkhad.connector.component.WorkContext;
import com.awkhad.connector.framework.exception.ConnectorException;
import java.util.Map;
import java.util.Optional;

/**
 * One configured external system (a row of {@code connector_backend}): the component collection
 * that every synchronization works in. Loaded with {@link Backends#get(long)}; immutable (load it
 * again to see changes).
 *
 * <pre>{@code
 * Backend shop = Backends.of(env).get(backendId);
 * try (WorkContext work = shop.workOn("coffee.product")) {        // collection = coffee.backend, record = shop
 *   work.component(RecordImporter.class, "record.importer").run("42", false);
 * }                                                             // resources (the API client) closed here
 * String url = shop.location();
 * int cups = shop.setting("cups_per_day", Integer.class).orElse(10);
 * }</pre>
 *
 * <p>{@link #toString()} never shows the secret, nor credentials in the location ({@code user:password@},
 * {@code ?token=}: see {@link com.awkhad.connector.base.text.Redact}); connector-specific fields are
 * {@link #settings()}.
 */
public final class Backend {
  /** The work context attribute holding the backend: {@code work().attribute(Backend.ATTRIBUTE, Backend.class)}. */
  public static final String ATTRIBUTE = "backend";

  private final Backends backends;
  private final long id;
  private final String name;
  private final String type;
  private final String location;
  private final String version;
  private final boolean active;
  private final Map<String, Object> settings;
  private final Secret secret;

  Backend(Backends backends, long id, String name, String type, String location, String version, boolean active,
      Map<String, Object> settings, Secret secret) {
    this.backends = backends;
    this.id = id;
    this.name = name;
    this.type = type;
    this.location = location;
    this.version = version;
    this.active = active;
    this.settings = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(settings));
    this.secret = secret;
  }

  public long id() {
    return id;
  }

  public String name() {
    return name;
  }

  /** The backend type, e.g. {@code coffee.backend}: the component collection. */
  public String type() {
    return type;
  }

  /** Where the external system is, e.g. {@code https://shop.example.com/api}; may be null. */
  public String location() {
    return location;
  }

  /** The external system's version, for connectors that speak several; may be null. */
  public String version() {
    return version;
  }

  public boolean active() {
    return active;
  }

  /** Connector-specific settings (the JSON document of the row); never the secret. */
  public Map<String, Object> settings() {
    return settings;
  }

  /**
   * The setting {@code key} as a {@code type}; numbers are converted between Integer, Long and
   * Double, text holding a number or a boolean (a setting given on the command line) to Integer,
   * Long, Double or Boolean, and numbers and booleans to String.
   *
   * @throws ConnectorException when the value is of another type
   */
  public <T> Optional<T> setting(String key, Class<T> type) {
    Object v = settings.get(key);
    if (v == null) {
      return Optional.empty();
    }
    if (type.isInstance(v)) {
      return Optional.of(type.cast(v));
    }
    if (type == String.class && (v instanceof Number || v instanceof Boolean)) {
      return Optional.of(type.cast(v.toString()));
    }
    if (v instanceof String text) {
      Object parsed = parse(text.trim(), type);
      if (parsed != null) {
        return Optional.of(type.cast(parsed));
      }
    }
    if (v instanceof Number n) {
      if (type == Long.class) {
        return Optional.of(type.cast(n.longValue()));
      }
      if (type == Integer.class) {
        return Optional.of(type.cast(n.intValue()));
      }
      if (type == Double.class) {
        return Optional.of(type.cast(n.doubleValue()));
      }
    }
    throw new ConnectorException("Setting '" + key + "' of backend '" + name + "' (id " + id + ") is a "
        + v.getClass().getSimpleName() + ", not a " + type.getSimpleName() + ": fix it with Backends.updateSettings");
  }

  /** A setting given as text (from the CLI) read as a number or boolean; null when it is not one. */
  private static Object parse(String text, Class<?> type) {
    try {
      if (type == Integer.class) {
        return Integer.valueOf(text);
      }
      if (type == Long.class) {
        return Long.valueOf(text);
      }
      if (type == Double.class) {
        return Double.valueOf(text);
      }
    } catch (NumberFormatException e) {
      return null;
    }
    if (type == Boolean.class && (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false"))) {
      return Boolean.valueOf(text);
    }
    return null;
  }

  /** The credential; {@link Secret#none()} when there is none. */
  public Secret secret() {
    return secret;
  }

  /** This backend as a component collection record. */
  public RecordRef ref() {
    return new RecordRef(type, id);
  }

  /** The declaration of this backend's type. */
  public BackendType backendType() {
    return backends.type(type);
  }

  /**
   * A unit of work of this backend on {@code model} (a binding model such as
   * {@code coffee.product}): collection = the backend type with this backend as record, the
   * attribute {@link #ATTRIBUTE} = this backend, the attribute
   * {@value com.awkhad.connector.queue.job.JobContext#ATTRIBUTE} = the current job context when
   * there is one (in a job: the context it was enqueued with), and the type's resources as lazy
   * resources (opened once on first use, closed when the returned context is closed).
   *
   * @throws ConnectorException when the backend type is not declared by any started addon
   */
  public WorkContext workOn(String model) {
    BackendType declared = backendType();
    WorkContext.Builder builder = WorkContext.builder(backends.env())
        .collection(ref())
        .model(model)
        .attribute(ATTRIBUTE, this);
    declared.resources().forEach((resourceName, opener) -> builder.lazyResource(resourceName, () -> opener.apply(this)));
    com.awkhad.connector.queue.job.JobContext context = com.awkhad.connector.queue.job.JobContext.current();
    if (!context.isEmpty()) {
      builder.attribute(com.awkhad.connector.queue.job.JobContext.ATTRIBUTE, context);
    }
    return builder.build();
  }

  @Override
  public String toString() {
    return "Backend[id=" + id + ", name=" + name + ", type=" + type + ", location=" + Redact.url(location)
        + ", version=" + version
        + ", active=" + active + ", settings=" + settings.keySet() + ", secret=" + secret + "]";
  }
}
