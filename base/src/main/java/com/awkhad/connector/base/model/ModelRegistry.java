package com.awkhad.connector.base.model;

/** The models of an environment (filled in by the model layer). */
public final class ModelRegistry {
  public ModelRegistry() {}
}
