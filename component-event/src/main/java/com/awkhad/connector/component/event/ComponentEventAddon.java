package com.awkhad.connector.component.event;

import com.awkhad.connector.base.addon.Addon;
import com.awkhad.connector.base.addon.Manifest;
import com.awkhad.connector.base.addon.Versions;
import com.awkhad.connector.base.env.Environment;
import com.awkhad.connector.component.AbstractComponent;
import com.awkhad.connector.component.ComponentAddon;
import com.awkhad.connector.component.ComponentProvider;
import com.awkhad.connector.component.ComponentRegistry;
import com.awkhad.connector.component.event.capture.ChangeCapture;
import java.util.List;

/**
 * The {@code component_event} addon: registers the {@code base.event.listener} component,
 * checks every listener's handlers, registers {@link ComponentEvents} on the environment and
 * subscribes it to the record events of {@code base}; installs change capture for the models
 * declared {@code captured()} ({@link ChangeCapture}).
 */
public final class ComponentEventAddon implements Addon, ComponentProvider {
  public static final String NAME = "component_event";

  @Override
  public Manifest manifest() {
    return Manifest.of(NAME, Versions.PROJECT)
        .name("Component Events")
        .category("Hidden")
        .depends(ComponentAddon.NAME)
        .author("Awkhad Connector developers")
        .license("LGPL-3")
        .summary("Record events (create, write, unlink) and custom events delivered to listener components")
        .build();
  }

  @Override
  public List<Class<? extends AbstractComponent>> components() {
    return List.of(EventListener.class);
  }

  @Override
  public void start(Environment env) {
    ComponentEvents events = ComponentEvents.create(ComponentRegistry.of(env), env);
    env.register(ComponentEvents.class, events);
    env.recordEvents().subscribe(events);
    env.onClose(() -> env.recordEvents().unsubscribe(events));
    ChangeCapture.install(env, NoExport.EXPORT_SCOPE);
  }
}
