package com.awkhad.connector.base.addon;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds addons and puts them in start order.
 *
 * <pre>{@code
 * List<Addon> all = AddonLoader.discover();                       // ServiceLoader
 * List<Addon> ordered = AddonLoader.resolve(all, List.of("connector_coffee"));
 * // -> base, component, component_event, queue_job, connector, connector_coffee
 * }</pre>
 *
 * <p>Dependencies come before their dependents; among addons that do not depend on each other,
 * the order is alphabetical so that it is the same on every machine.
 */
public final class AddonLoader {
  private static final Logger log = LoggerFactory.getLogger(AddonLoader.class);

  private AddonLoader() {}

  /** Every addon on the class path, found with {@link ServiceLoader}. */
  public static List<Addon> discover() {
    return discover(Thread.currentThread().getContextClassLoader());
  }

  public static List<Addon> discover(ClassLoader loader) {
    List<Addon> found = new ArrayList<>();
    ServiceLoader.load(Addon.class, loader).forEach(found::add);
    return found;
  }

  /** Resolves every installable addon of {@code available}. */
  public static List<Addon> resolve(Collection<? extends Addon> available) {
    return resolve(available, null);
  }

  /**
   * Resolves {@code roots} and their transitive dependencies among {@code available}.
   *
   * @param roots technical names to start, or {@code null} for every installable addon
   * @return the addons in start order
   * @throws AddonException naming the addons involved when a dependency is missing, not
   *     installable, duplicated or part of a cycle
   */
  public static List<Addon> resolve(Collection<? extends Addon> available, Collection<String> roots) {
    Map<String, Addon> byName = new TreeMap<>();
    for (Addon addon : available) {
      Manifest m = addon.manifest();
      Addon previous = byName.put(m.technicalName(), addon);
      if (previous != null && previous.getClass() != addon.getClass()) {
        throw new AddonException(
            "Two addons are named '" + m.technicalName() + "': " + previous.getClass().getName()
                + " and " + addon.getClass().getName() + ". Rename one of them in its manifest.");
      }
    }
    List<String> wanted = new ArrayList<>();
    if (roots == null) {
      for (Addon addon : byName.values()) {
        if (addon.manifest().installable()) {
          wanted.add(addon.manifest().technicalName());
        } else {
          log.info("Addon {} is not installable; skipped", addon.manifest().technicalName());
        }
      }
    } else {
      wanted.addAll(roots);
    }
    LinkedHashMap<String, Addon> ordered = new LinkedHashMap<>();
    for (String name : wanted) {
      visit(name, null, byName, ordered, new LinkedHashSet<>());
    }
    return List.copyOf(ordered.values());
  }

  private static void visit(
      String name, String requiredBy, Map<String, Addon> byName, Map<String, Addon> ordered, LinkedHashSet<String> path) {
    if (ordered.containsKey(name)) {
      return;
    }
    if (path.contains(name)) {
      List<String> cycle = new ArrayList<>();
      boolean in = false;
      for (String p : path) {
        in |= p.equals(name);
        if (in) cycle.add(p);
      }
      cycle.add(name);
      throw new AddonException(
          "Addon dependency cycle: " + String.join(" -> ", cycle)
              + ". Remove one of these 'depends' entries.");
    }
    Addon addon = byName.get(name);
    if (addon == null) {
      throw new AddonException(
          requiredBy == null
              ? "Addon '" + name + "' is not on the class path. Known addons: " + byName.keySet()
              : "Addon '" + requiredBy + "' depends on '" + name
                  + "', which is not on the class path. Add the module that provides it, or remove it"
                  + " from the manifest's depends. Known addons: " + byName.keySet());
    }
    if (!addon.manifest().installable()) {
      throw new AddonException(
          "Addon '" + name + "' is not installable"
              + (requiredBy == null ? "" : " but '" + requiredBy + "' depends on it")
              + ". Mark it installable or drop the dependency.");
    }
    path.add(name);
    for (String dep : addon.manifest().depends().stream().sorted().toList()) {
      visit(dep, name, byName, ordered, path);
    }
    path.remove(name);
    ordered.put(name, addon);
  }
}
