package com.awkhad.connector.base.env;

import com.awkhad.connector.base.model.ModelRegistry;

/**
 * What an {@link Environment} calls on each addon it starts, in dependency order: the addon's
 * migrations by its technical name, then {@link #registerModels}, then {@link #start}.
 *
 * <p>Implement {@code com.awkhad.connector.base.addon.Addon}, which extends this interface and
 * takes the technical name from the addon's manifest, never this interface directly. It lives
 * here so that the environment needs nothing of the addon package (manifests, loading, ordering):
 * {@code base.addon} depends on {@code base.env}, not the other way.
 */
public interface AddonHooks {

  /** The addon's technical name: its migrations' folder {@code db/<name>/...} and history table. */
  String technicalName();

  /**
   * Declares the addon's models and the fields it adds to other addons' models. Called after
   * every migration ran, in dependency order.
   */
  void registerModels(ModelRegistry models);

  /** Called once every addon registered its models, in dependency order. */
  void start(Environment env);
}
