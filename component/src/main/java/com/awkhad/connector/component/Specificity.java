package com.awkhad.connector.component;

import java.util.List;
import java.util.stream.Collectors;

/** The rule that picks one component out of a lookup's candidates. */
final class Specificity {
  private Specificity() {}

  /**
   * The most specific of {@code candidates} (the registry's lookup, less those that declined the
   * work: {@code declined}, named in the error when none is left).
   */
  static ComponentDescriptor pickOne(ComponentRegistry registry, String collection, String usage, String model,
      List<ComponentDescriptor> candidates, List<ComponentDescriptor> declined) {
    List<ComponentDescriptor> kept = candidates;
    if (kept.size() > 1 && collection != null) {
      List<ComponentDescriptor> exact = kept.stream().filter(d -> collection.equals(d.collection())).toList();
      if (!exact.isEmpty()) {
        kept = exact;
      }
    }
    if (kept.size() > 1) {
      List<ComponentDescriptor> explicit = kept.stream().filter(d -> !d.applyOn().isEmpty()).toList();
      if (!explicit.isEmpty()) {
        kept = explicit;
      }
    }
    String asked = "usage '" + usage + "' for model '" + model + "' in "
        + (collection == null ? "no collection" : "collection '" + collection + "'");
    if (kept.isEmpty()) {
      List<ComponentDescriptor> sameUsage = registry.all().stream().filter(d -> !d.isAbstract() && usage.equals(d.usage())).toList();
      throw new NoComponentError(
          "No component for " + asked + ". "
              + (sameUsage.isEmpty()
                  ? "No component has this usage."
                  : "Components with this usage: " + describe(sameUsage) + ".")
              + (declined.isEmpty() ? "" : " Declined this work context (their matchesWork() returned false): "
                  + describe(declined) + ".")
              + " Register one whose collection, usage and applyOn match.");
    }
    if (kept.size() > 1) {
      throw new SeveralComponentError(
          "Several components for " + asked + " are equally specific: " + describe(kept)
              + ". Set a collection or applyOn on the one to use, or look it up by name.");
    }
    return kept.get(0);
  }

  private static String describe(List<ComponentDescriptor> ds) {
    return ds.stream().map(ComponentDescriptor::toString).collect(Collectors.joining(", "));
  }
}
