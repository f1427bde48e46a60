package com.awkhad.connector.component;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.util.List;
import java.util.Set;

/**
 * A registered component as the registry sees it: the name, the class lookups instantiate (the
 * most-derived one after extensions in place) and the resolved collection, usage and
 * {@code applyOn}.
 */
public final class ComponentDescriptor {
  private final String name;
  private final Class<? extends AbstractComponent> type;
  private final String collection;
  private final String usage;
  private final Set<String> applyOn;
  private final List<String> addons;
  private final Constructor<? extends AbstractComponent> constructor;

  ComponentDescriptor(
      String name,
      Class<? extends AbstractComponent> type,
      String collection,
      String usage,
      Set<String> applyOn,
      List<String> addons,
      Constructor<? extends AbstractComponent> constructor) {
    this.name = name;
    this.type = type;
    this.collection = collection;
    this.usage = usage;
    this.applyOn = Set.copyOf(applyOn);
    this.addons = List.copyOf(addons);
    this.constructor = constructor;
  }

  public String name() {
    return name;
  }

  /** The class a lookup instantiates. */
  public Class<? extends AbstractComponent> type() {
    return type;
  }

  /** The collection name, or {@code null} when the component serves every collection. */
  public String collection() {
    return collection;
  }

  /** The usage, or {@code null} when none was declared. */
  public String usage() {
    return usage;
  }

  /** The models the component applies to; empty for any model. */
  public Set<String> applyOn() {
    return applyOn;
  }

  /** True for a Java {@code abstract} class: never returned by a lookup. */
  public boolean isAbstract() {
    return constructor == null;
  }

  /** The addon that declared the component, then the addons that extended it in place. */
  public List<String> addons() {
    return addons;
  }

  /** True when {@code model} is in {@code applyOn} or {@code applyOn} is empty. */
  public boolean appliesTo(String model) {
    return applyOn.isEmpty() || applyOn.contains(model);
  }

  AbstractComponent instantiate(WorkContext work) {
    if (constructor == null) {
      throw new ComponentException("Component '" + name + "' is abstract and cannot be instantiated");
    }
    AbstractComponent component;
    try {
      component = constructor.newInstance();
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException re) {
        throw re;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new ComponentException("The constructor of component '" + name + "' (" + type.getName() + ") failed: " + cause, cause);
    } catch (ReflectiveOperationException e) {
      throw new ComponentException("Cannot instantiate component '" + name + "' (" + type.getName() + "): " + e, e);
    }
    component.attach(work, this);
    return component;
  }

  @Override
  public String toString() {
    return name + " (" + type.getSimpleName()
        + ", collection " + (collection == null ? "any" : collection)
        + ", usage " + (usage == null ? "none" : usage)
        + ", applyOn " + (applyOn.isEmpty() ? "any" : applyOn.stream().sorted().toList())
        + (isAbstract() ? ", abstract" : "")
        + ")";
  }
}
