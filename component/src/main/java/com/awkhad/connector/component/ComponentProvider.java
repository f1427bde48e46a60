package com.awkhad.connector.component;

import java.util.List;

/**
 * Optional: an addon implementing it lists its components itself instead of getting them from the
 * component index. Without it (the usual case), an addon's components are the {@code @ComponentSpec}
 * classes compiled in its module, in its package or below ({@link ComponentIndex}): the annotation
 * is the one thing a developer writes. Implement it for an explicit list, such as a test addon
 * picking a few components of its package, or components kept in another module:
 *
 * <pre>{@code
 * public final class LayersAddon implements Addon, ComponentProvider {
 *   public Manifest manifest() { return Manifest.of("layers", "1.0").depends("connector").build(); }
 *   public List<Class<? extends AbstractComponent>> components() {
 *     return List.of(LayerBinder.class, LayerImporter.class);   // parents before children
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
