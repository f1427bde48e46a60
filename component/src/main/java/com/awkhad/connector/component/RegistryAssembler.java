package com.awkhad.connector.component;

import java.lang.reflect.Constructor;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Checks and records component classes one by one, in registration order. */
final class RegistryAssembler {
  private final LinkedHashMap<String, ComponentDescriptor> byName = new LinkedHashMap<>();
  /** Every class registered so far (including those since extended in place), with its addon. */
  private final Map<Class<?>, String> registeredBy = new HashMap<>();

  void add(String addon, Class<? extends AbstractComponent> type) {
    if (type == null) {
      throw new ComponentException("Addon '" + addon + "' lists a null component class");
    }
    if (!AbstractComponent.class.isAssignableFrom(type)) {
      throw new ComponentException(
          "Class " + type.getName() + " (addon '" + addon + "') is not a component: make it extend AbstractComponent");
    }
    ComponentSpec spec = type.getDeclaredAnnotation(ComponentSpec.class);
    if (spec == null || spec.name().isBlank()) {
      Class<?> parent = annotatedParent(type);
      throw new ComponentException(
          "Component class " + type.getName() + " (addon '" + addon + "') has no name: annotate it with"
              + " @ComponentSpec(name = \"...\")"
              + (parent == null
                  ? ""
                  : ", using the name '" + parent.getDeclaredAnnotation(ComponentSpec.class).name()
                      + "' of " + parent.getSimpleName() + " to extend that component in place, or a new name"));
    }
    String name = spec.name();
    String previousAddon = registeredBy.get(type);
    if (previousAddon != null) {
      throw new ComponentException(
          "Component '" + name + "' (" + type.getName() + ") is registered twice, by addon '" + previousAddon
              + "' and by addon '" + addon + "': list it in one addon only");
    }
    boolean isAbstract = Modifier.isAbstract(type.getModifiers());
    ComponentDescriptor existing = byName.get(name);
    List<String> addons = new ArrayList<>();
    if (existing != null) {
      checkExtension(addon, type, name, isAbstract, existing);
      addons.addAll(existing.addons());
    } else {
      checkParent(addon, type, name);
      checkAbstractOverConcrete(addon, type, name, isAbstract);
    }
    addons.add(addon);
    Constructor<? extends AbstractComponent> constructor = isAbstract ? null : constructor(addon, type, name);
    ComponentDescriptor d = new ComponentDescriptor(
        name, type, inherited(type, Attr.COLLECTION), inherited(type, Attr.USAGE), applyOn(type), addons, constructor);
    byName.put(name, d);
    registeredBy.put(type, addon);
  }

  List<ComponentDescriptor> result() {
    return List.copyOf(byName.values());
  }

  private void checkExtension(
      String addon, Class<? extends AbstractComponent> type, String name, boolean isAbstract, ComponentDescriptor existing) {
    Class<? extends AbstractComponent> current = existing.type();
    if (!current.isAssignableFrom(type)) {
      Class<?> parent = annotatedParent(type);
      if (parent != null && name.equals(parent.getDeclaredAnnotation(ComponentSpec.class).name())) {
        throw new ComponentException(
            "Component '" + name + "' was already extended in place by " + current.getName() + " (addon '"
                + existing.addons().get(existing.addons().size() - 1) + "'), but " + type.getName() + " (addon '"
                + addon + "') extends the earlier " + parent.getName() + ". Make " + type.getSimpleName()
                + " extend " + current.getSimpleName() + " (and make addon '" + addon + "' depend on addon '"
                + existing.addons().get(existing.addons().size() - 1) + "')");
      }
      throw new ComponentException(
          "Two components are named '" + name + "': " + current.getName() + " (addon '" + existing.addons().get(0)
              + "') and " + type.getName() + " (addon '" + addon + "'). Give " + type.getSimpleName()
              + " another name, or make it a subclass of " + current.getSimpleName() + " to extend '" + name
              + "' in place");
    }
    if (existing.isAbstract() && !isAbstract) {
      throw new ComponentException(
          "Component '" + name + "' is abstract (" + current.getName() + ") but addon '" + addon
              + "' extends it in place with the concrete class " + type.getName()
              + ": an extension cannot make an abstract component concrete. Declare " + type.getSimpleName()
              + " abstract, or give it a new name to create a concrete component that inherits '" + name + "'");
    }
    if (!existing.isAbstract() && isAbstract) {
      throw new ComponentException(
          "Component '" + name + "' is concrete (" + current.getName() + ") but addon '" + addon
              + "' extends it in place with the abstract class " + type.getName()
              + ": lookups could no longer create it. Make " + type.getSimpleName() + " concrete");
    }
  }

  private void checkParent(String addon, Class<? extends AbstractComponent> type, String name) {
    Class<?> parent = annotatedParent(type);
    if (parent == null || registeredBy.containsKey(parent)) {
      return;
    }
    String parentName = parent.getDeclaredAnnotation(ComponentSpec.class).name();
    throw new ComponentException(
        "Component '" + name + "' (" + type.getName() + ", addon '" + addon + "') inherits component '"
            + parentName + "' (" + parent.getName() + "), which is not registered"
            + (byName.containsKey(parentName)
                ? " (the registered '" + parentName + "' is " + byName.get(parentName).type().getName() + ")"
                : "")
            + ": register " + parent.getSimpleName() + " in an addon that '" + addon
            + "' depends on, or before " + type.getSimpleName() + " in the same addon");
  }

  /**
   * A new abstract component cannot build on a concrete one, as in the original: lookups would
   * return the concrete parent where the abstract child's behaviour was meant.
   */
  private void checkAbstractOverConcrete(String addon, Class<? extends AbstractComponent> type, String name,
      boolean isAbstract) {
    Class<?> parent = annotatedParent(type);
    if (!isAbstract || parent == null) {
      return;
    }
    String parentName = parent.getDeclaredAnnotation(ComponentSpec.class).name();
    ComponentDescriptor p = byName.get(parentName);
    if (p != null && !p.isAbstract()) {
      throw new ComponentException(
          "Component '" + name + "' (" + type.getName() + ", addon '" + addon + "') is abstract but inherits the"
              + " concrete component '" + parentName + "' (" + p.type().getName() + "): an abstract component"
              + " can only build on abstract ones. Make " + type.getSimpleName() + " concrete, or put the shared"
              + " behaviour in an abstract class that both extend");
    }
  }

  private static Constructor<? extends AbstractComponent> constructor(
      String addon, Class<? extends AbstractComponent> type, String name) {
    if (type.isMemberClass() && !Modifier.isStatic(type.getModifiers())) {
      throw new ComponentException(
          "Component '" + name + "' (" + type.getName() + ", addon '" + addon
              + "') is an inner class: make it a static nested or top-level class");
    }
    try {
      Constructor<? extends AbstractComponent> c = type.getDeclaredConstructor();
      c.setAccessible(true);
      return c;
    } catch (NoSuchMethodException e) {
      throw new ComponentException(
          "Component '" + name + "' (" + type.getName() + ", addon '" + addon
              + "') has no constructor without parameters: add one; the work context is given after construction");
    }
  }

  /** The nearest strict superclass carrying a {@link ComponentSpec}, or {@code null}. */
  static Class<?> annotatedParent(Class<?> type) {
    for (Class<?> c = type.getSuperclass(); c != null && c != AbstractComponent.class; c = c.getSuperclass()) {
      if (c.isAnnotationPresent(ComponentSpec.class)) {
        return c;
      }
    }
    return null;
  }

  private enum Attr { COLLECTION, USAGE }

  private static String inherited(Class<?> type, Attr attr) {
    for (Class<?> c = type; c != null && c != AbstractComponent.class; c = c.getSuperclass()) {
      ComponentSpec s = c.getDeclaredAnnotation(ComponentSpec.class);
      if (s != null) {
        String v = attr == Attr.COLLECTION ? s.collection() : s.usage();
        if (!v.isBlank()) {
          return v;
        }
      }
    }
    return null;
  }

  private static Set<String> applyOn(Class<?> type) {
    for (Class<?> c = type; c != null && c != AbstractComponent.class; c = c.getSuperclass()) {
      ComponentSpec s = c.getDeclaredAnnotation(ComponentSpec.class);
      if (s != null && s.applyOn().length > 0) {
        for (String model : s.applyOn()) {
          if (model == null || model.isBlank()) {
            throw new ComponentException(
                "Component '" + s.name() + "' (" + c.getName() + ") has a blank model name in applyOn "
                    + Arrays.toString(s.applyOn()) + ": remove it");
          }
        }
        return new LinkedHashSet<>(Arrays.asList(s.applyOn()));
      }
    }
    return Set.of();
  }
}
