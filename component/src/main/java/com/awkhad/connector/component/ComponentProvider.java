package com.awkhad.connector.component;

import java.util.List;

/**
 * Implemented by an addon class that contributes components. The {@code component} addon builds
 * the {@link ComponentRegistry} from every started addon implementing it, in dependency order.
 *
 * <pre>{@code
 * public final class CoffeeAddon implements Addon, ComponentProvider {
 *   public Manifest manifest() { return Manifest.of("connector_coffee", "1.0").depends("component").build(); }
 *   public List<Class<? extends AbstractComponent>> components() {
 *     return List.of(CoffeeBinder.class, CoffeeProductImporter.class);
 *   }
 * }
 * }</pre>
 */
public interface ComponentProvider {

  /**
   * The component classes this addon registers, parents before children. Each carries a
   * {@link ComponentSpec}.
   */
  List<Class<? extends AbstractComponent>> components();
}
