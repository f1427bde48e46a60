package com.awkhad.connector.base.addon;

/** The {@code base} addon: the platform every other addon depends on, directly or not. */
public final class BaseAddon implements Addon {
  public static final String NAME = "base";

  @Override
  public Manifest manifest() {
    return Manifest.of(NAME, Versions.PROJECT)
        .name("Base")
        .category("Hidden")
        .author("Awkhad Connector developers")
        .license("LGPL-3")
        .summary("Addons, environment, transactions, models and records")
        .build();
  }
}
