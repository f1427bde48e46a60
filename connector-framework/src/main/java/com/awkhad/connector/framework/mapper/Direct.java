package com.awkhad.connector.framework.mapper;

import java.util.Objects;

/**
 * A direct mapping: the (modified) value of a source field goes to a target field. Built with
 * {@link Mapper#direct(String, String)} or {@link Mapper#direct(Source, String)}.
 */
public record Direct(Source source, String target) {
  public Direct {
    Objects.requireNonNull(source, "source");
    if (target == null || target.isBlank()) {
      throw new IllegalArgumentException("A direct mapping of " + source + " needs a target field");
    }
  }
}
