package com.awkhad.connector.component;

import com.awkhad.connector.base.addon.Addon;
import com.awkhad.connector.base.addon.BaseAddon;
import com.awkhad.connector.base.addon.Manifest;
import com.awkhad.connector.base.addon.Versions;
import com.awkhad.connector.base.env.Environment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code component} addon: builds the {@link ComponentRegistry} from the components of the
 * started addons (indexed at compile time, {@link ComponentIndex}, or listed by a
 * {@link ComponentProvider}), in dependency order, and registers it on the environment
 * ({@code env.service(ComponentRegistry.class)}).
 */
public final class ComponentAddon implements Addon {
  public static final String NAME = "component";
  private static final Logger log = LoggerFactory.getLogger(ComponentAddon.class);

  @Override
  public Manifest manifest() {
    return Manifest.of(NAME, Versions.PROJECT)
        .name("Components")
        .category("Hidden")
        .depends(BaseAddon.NAME)
        .author("Awkhad Connector developers")
        .license("LGPL-3")
        .summary("Component registry: collections, usages, apply_on and work contexts")
        .build();
  }

  @Override
  public void start(Environment env) {
    ComponentRegistry registry = ComponentRegistry.fromAddons(env.addons(Addon.class));
    env.register(ComponentRegistry.class, registry);
    log.info("Component registry built with {} components", registry.all().size());
  }
}
