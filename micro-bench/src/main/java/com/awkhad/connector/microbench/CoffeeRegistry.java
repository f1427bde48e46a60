package com.awkhad.connector.microbench;

import com.awkhad.connector.coffee.CoffeeAddon;
import com.awkhad.connector.component.ComponentAddon;
import com.awkhad.connector.component.ComponentRegistry;
import com.awkhad.connector.component.event.ComponentEventAddon;
import com.awkhad.connector.framework.ConnectorAddon;

/**
 * The component registry of an application running the coffee connector, built in memory from the
 * addons that register components, in dependency order, as the {@code component} addon builds it at
 * start-up (each addon's indexed {@code @ComponentSpec} classes), with no environment.
 */
public final class CoffeeRegistry {
  private CoffeeRegistry() {}

  /** The addons' registry, with {@code extra} components added last under the addon name {@code micro_bench}. */
  @SafeVarargs
  public static ComponentRegistry build(Class<? extends com.awkhad.connector.component.AbstractComponent>... extra) {
    return ComponentRegistry.builder()
        .addons(new ComponentAddon(), new ComponentEventAddon(), new ConnectorAddon(), new CoffeeAddon())
        .components("micro_bench", extra)
        .build();
  }
}
