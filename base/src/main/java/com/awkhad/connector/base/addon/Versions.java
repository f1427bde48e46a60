package com.awkhad.connector.base.addon;

/** The project's version, shared by the addons it ships. */
public final class Versions {
  /** Version of the Awkhad Connector platform addons. */
  public static final String PROJECT = "0.1.0";

  private Versions() {}
}
