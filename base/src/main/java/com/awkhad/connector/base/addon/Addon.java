package com.awkhad.connector.base.addon;

import com.awkhad.connector.base.env.AddonHooks;
import com.awkhad.connector.base.env.Environment;
import com.awkhad.connector.base.model.ModelRegistry;

/**
 * An addon: a Maven module plus one class implementing this interface, listed in
 * {@code META-INF/services/com.awkhad.connector.base.addon.Addon} so that {@link AddonLoader}
 * finds it.
 *
 * <p>Start-up of an {@link Environment} goes through the resolved addons in dependency order:
 * first every addon's migrations ({@code classpath:db/<technical_name>/common} and
 * {@code classpath:db/<technical_name>/<dialect>}, each addon with its own Flyway history table),
 * then {@link #registerModels}, then {@link #start}. Other modules add their own hooks as extra
 * interfaces an addon class may implement (for example the component module's component
 * provider), so that base stays ignorant of them. The environment sees an addon through
 * {@link AddonHooks}, which this interface extends.
 *
 * <pre>{@code
 * public final class CoffeeAddon implements Addon {
 *   public Manifest manifest() {
 *     return Manifest.of("connector_coffee", "1.0.0").category("Connector").depends("connector").build();
 *   }
 *   public void registerModels(ModelRegistry models) { ... }
 * }
 * }</pre>
 */
public interface Addon extends AddonHooks {

  /** The addon's manifest; called once, must not touch the database. */
  Manifest manifest();

  /** The manifest's technical name; not to be overridden. */
  @Override
  default String technicalName() {
    return manifest().technicalName();
  }

  /**
   * Declares the addon's models and the fields it adds to other addons' models. Called after
   * every migration ran, in dependency order.
   */
  @Override
  default void registerModels(ModelRegistry models) {}

  /** Called once every addon registered its models, in dependency order. */
  @Override
  default void start(Environment env) {}
}
