package com.awkhad.connector.framework.backend;

import java.util.List;

/**
 * Implemented by a connector's addon class to declare its backend types; the {@code connector}
 * addon collects them from every started addon when it starts.
 *
 * <pre>{@code
 * public final class CoffeeAddon implements Addon, ComponentProvider, BackendTypeProvider {
 *   public List<BackendType> backendTypes() {
 *     return List.of(BackendType.builder("coffee.backend").binding("coffee.product", "product.product").build());
 *   }
 *   ...
 * }
 * }</pre>
 */
public interface BackendTypeProvider {
  List<BackendType> backendTypes();
}
