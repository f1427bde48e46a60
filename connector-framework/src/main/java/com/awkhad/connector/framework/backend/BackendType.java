package com.awkhad.connector.framework.backend;

import com.awkhad.connector.framework.exception.ConnectorException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * A kind of backend declared by a connector: its name (the component collection, e.g.
 * {@code coffee.backend}), the binding models it synchronizes with the local model each binds, and
 * the resources a unit of work opens at most once (an API client), closed when the work ends.
 *
 * <pre>{@code
 * BackendType coffee = BackendType.builder("coffee.backend")
 *     .description("Coffee machine")
 *     .binding("coffee.product", "product.product")          // binding model -> local model
 *     .resource("http", backend -> HttpJsonClient.forBackend(backend))
 *     .build();
 * }</pre>
 *
 * <p>A connector's addon returns its types from {@link BackendTypeProvider#backendTypes()}.
 */
public final class BackendType {
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*(\\.[a-z0-9_]+)+");

  private final String name;
  private final String description;
  private final Map<String, String> bindings;
  private final Map<String, Function<Backend, ? extends AutoCloseable>> resources;

  private BackendType(Builder b) {
    this.name = b.name;
    this.description = b.description;
    this.bindings = Collections.unmodifiableMap(new LinkedHashMap<>(b.bindings));
    this.resources = Collections.unmodifiableMap(new LinkedHashMap<>(b.resources));
  }

  /** Starts the declaration of backend type {@code name}, a dotted lower-case name such as {@code coffee.backend}. */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  public String name() {
    return name;
  }

  public String description() {
    return description;
  }

  /** Binding model name to local model name, in declaration order. */
  public Map<String, String> bindings() {
    return bindings;
  }

  /**
   * The local model that {@code bindingModel} binds.
   *
   * @throws ConnectorException naming the declared binding models when it is not declared
   */
  public String localModelOf(String bindingModel) {
    String local = bindings.get(bindingModel);
    if (local == null) {
      throw new ConnectorException("Backend type '" + name + "' declares no binding model '" + bindingModel
          + "'. Its binding models: " + bindings.keySet() + ". Declare it with BackendType.builder(\"" + name
          + "\").binding(\"" + bindingModel + "\", \"<local model>\")");
    }
    return local;
  }

  /** The binding models of this type that bind records of {@code localModel}. */
  public List<String> bindingModelsOf(String localModel) {
    List<String> out = new ArrayList<>();
    bindings.forEach((binding, local) -> {
      if (local.equals(localModel)) {
        out.add(binding);
      }
    });
    return out;
  }

  /** Resource name to opener; see {@link Backend#workOn(String)}. */
  public Map<String, Function<Backend, ? extends AutoCloseable>> resources() {
    return resources;
  }

  @Override
  public String toString() {
    return "BackendType[" + name + ", bindings=" + bindings + ", resources=" + resources.keySet() + "]";
  }

  /** Declares a {@link BackendType}. */
  public static final class Builder {
    private final String name;
    private String description = "";
    private final Map<String, String> bindings = new LinkedHashMap<>();
    private final Map<String, Function<Backend, ? extends AutoCloseable>> resources = new LinkedHashMap<>();

    private Builder(String name) {
      this.name = checkName("backend type", name);
    }

    public Builder description(String description) {
      this.description = Objects.requireNonNull(description, "description");
      return this;
    }

    /** Declares that records of {@code bindingModel} bind records of {@code localModel}. */
    public Builder binding(String bindingModel, String localModel) {
      checkName("binding model", bindingModel);
      checkName("local model", localModel);
      if (bindings.putIfAbsent(bindingModel, localModel) != null) {
        throw new IllegalArgumentException("Binding model '" + bindingModel + "' is declared twice on backend type '" + name + "'");
      }
      return this;
    }

    /**
     * A resource that units of work of this backend open on first use, once, and close at the end
     * (see {@link Backend#workOn(String)}); components read it with
     * {@code work().attribute(name, Type.class)}.
     */
    public Builder resource(String resourceName, Function<Backend, ? extends AutoCloseable> opener) {
      if (resourceName == null || resourceName.isBlank() || resourceName.equals(Backend.ATTRIBUTE)) {
        throw new IllegalArgumentException("A backend resource needs a name other than '" + Backend.ATTRIBUTE + "', got '" + resourceName + "'");
      }
      if (resources.putIfAbsent(resourceName, Objects.requireNonNull(opener, "opener")) != null) {
        throw new IllegalArgumentException("Resource '" + resourceName + "' is declared twice on backend type '" + name + "'");
      }
      return this;
    }

    public BackendType build() {
      return new BackendType(this);
    }

    private static String checkName(String what, String value) {
      if (value == null || !NAME.matcher(value).matches()) {
        throw new IllegalArgumentException("Invalid " + what + " name '" + value
            + "': use dotted lower-case words such as coffee.backend or coffee.product");
      }
      return value;
    }
  }
}
