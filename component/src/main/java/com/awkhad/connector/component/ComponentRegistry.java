package com.awkhad.connector.component;

import com.awkhad.connector.base.addon.Addon;
import com.awkhad.connector.base.env.Environment;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every component of an environment, by name, built once from the started addons in
 * dependency order. Immutable once built; lookups are cached.
 *
 * <pre>{@code
 * // in an application: built by the component addon
 * ComponentRegistry registry = env.service(ComponentRegistry.class);
 *
 * // in a unit test, without a database
 * ComponentRegistry registry = ComponentRegistry.builder()
 *     .addons(new ComponentEventAddon())              // components of the addons it depends on
 *     .components("test", CoffeeBinder.class, CoffeeProductImporter.class)
 *     .build();
 * }</pre>
 */
public final class ComponentRegistry {
  private final Map<String, ComponentDescriptor> byName;
  private final List<ComponentDescriptor> inOrder;
  private final Map<LookupKey, List<ComponentDescriptor>> cache = new ConcurrentHashMap<>();

  ComponentRegistry(List<ComponentDescriptor> inOrder) {
    this.inOrder = List.copyOf(inOrder);
    Map<String, ComponentDescriptor> names = new LinkedHashMap<>();
    for (ComponentDescriptor d : inOrder) {
      names.put(d.name(), d);
    }
    this.byName = Collections.unmodifiableMap(names);
  }

  /**
   * A registry of the components of {@code addons}, in the given order: each addon's indexed
   * {@code @ComponentSpec} classes ({@link ComponentIndex}), or its {@link ComponentProvider} list.
   */
  public static ComponentRegistry fromAddons(List<? extends Addon> addons) {
    return builder().addons(addons).build();
  }

  /** A registry of {@code classes} alone, registered in order as if by one addon named {@code test}. */
  @SafeVarargs
  public static ComponentRegistry of(Class<? extends AbstractComponent>... classes) {
    return builder().components("test", classes).build();
  }

  /** Starts an empty registry builder; add addons and classes in dependency order. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The registry of {@code env}, built by the {@code component} addon.
   *
   * @throws RegistryNotReadyError when the component addon has not started (yet)
   */
  public static ComponentRegistry of(Environment env) {
    try {
      return env.service(ComponentRegistry.class);
    } catch (IllegalStateException e) {
      throw new RegistryNotReadyError(
          "The component registry is not built in this environment: add the 'component' addon to the"
              + " depends of your addon, and look components up only once it has started ("
              + e.getMessage() + ")");
    }
  }

  /** The component named {@code name} (abstract or not). */
  public Optional<ComponentDescriptor> get(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  /** Every component, in registration order (an extension keeps its component's place). */
  public Collection<ComponentDescriptor> all() {
    return inOrder;
  }

  /**
   * Concrete components matching all three criteria, in registration order; a {@code null}
   * criterion matches everything.
   *
   * @param collection the component's collection equals it or is unset
   * @param usage the component's usage equals it
   * @param model the component's {@code applyOn} contains it or is empty
   */
  public List<ComponentDescriptor> lookup(String collection, String usage, String model) {
    return cache.computeIfAbsent(new LookupKey(collection, usage, model), this::compute);
  }

  private List<ComponentDescriptor> compute(LookupKey key) {
    List<ComponentDescriptor> found = new ArrayList<>();
    for (ComponentDescriptor d : inOrder) {
      if (d.isAbstract()) {
        continue;
      }
      if (key.collection() != null && d.collection() != null && !d.collection().equals(key.collection())) {
        continue;
      }
      if (key.usage() != null && !key.usage().equals(d.usage())) {
        continue;
      }
      if (key.model() != null && !d.appliesTo(key.model())) {
        continue;
      }
      found.add(d);
    }
    return List.copyOf(found);
  }

  @Override
  public String toString() {
    return "ComponentRegistry" + byName.keySet();
  }

  private record LookupKey(String collection, String usage, String model) {}

  /** Adds component classes in dependency order; each is checked as it is added. */
  public static final class Builder {
    private final RegistryAssembler assembler = new RegistryAssembler();

    private Builder() {}

    /**
     * Adds the components of every addon, in order: those its {@link ComponentProvider#components()}
     * lists, or else those the annotation processor indexed for it ({@link ComponentIndex}).
     */
    public Builder addons(List<? extends Addon> addons) {
      for (Addon addon : addons) {
        addon(addon);
      }
      return this;
    }

    /** Adds the components of {@code addons}, in order. */
    public Builder addons(Addon... addons) {
      return addons(List.of(addons));
    }

    private void addon(Addon addon) {
      String name = addon.manifest().technicalName();
      List<Class<? extends AbstractComponent>> classes;
      if (addon instanceof ComponentProvider provider) {
        classes = provider.components();
        if (classes == null) {
          throw new ComponentException("Addon '" + name + "' returned null from components(): return an empty list instead");
        }
      } else {
        classes = ComponentIndex.componentsOf(addon);
      }
      for (Class<? extends AbstractComponent> c : classes) {
        assembler.add(name, c);
      }
    }

    /** Adds {@code classes} in order, as registered by the addon named {@code addonName}. */
    @SafeVarargs
    public final Builder components(String addonName, Class<? extends AbstractComponent>... classes) {
      for (Class<? extends AbstractComponent> c : classes) {
        assembler.add(addonName, c);
      }
      return this;
    }

    public ComponentRegistry build() {
      return new ComponentRegistry(assembler.result());
    }
  }
}
