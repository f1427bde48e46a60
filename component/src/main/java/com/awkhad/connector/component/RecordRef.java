package com.awkhad.connector.component;

import java.util.Objects;

/**
 * A reference to one record: its model name and id.
 *
 * <pre>{@code
 * RecordRef backend = new RecordRef("coffee.backend", 1);
 * }</pre>
 */
public record RecordRef(String model, long id) {
  public RecordRef {
    Objects.requireNonNull(model, "model");
    if (model.isBlank()) {
      throw new IllegalArgumentException("A record reference needs a model name, e.g. res.partner");
    }
  }

  @Override
  public String toString() {
    return model + "#" + id;
  }
}
