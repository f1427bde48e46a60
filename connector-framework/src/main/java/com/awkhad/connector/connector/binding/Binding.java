package com.awkhad.connector.connector.binding;

import java.time.Instant;
import java.util.Map;

/**
 * One row of {@code connector_binding} ({@code external.binding}): record {@code localId} of
 * {@code localModel} is known as {@code externalId} on backend {@code backendId}, for the binding
 * model {@code bindingModel}; {@code syncDate} is when it was last synchronized.
 *
 * @param externalId null until the record was exported (or bound)
 * @param syncDate null until the first synchronization
 * @param extra connector-specific binding fields (JSON document), never null
 */
public record Binding(
    long id,
    long backendId,
    String bindingModel,
    String localModel,
    long localId,
    String externalId,
    Instant syncDate,
    Map<String, Object> extra) {

  public Binding {
    extra = extra == null ? Map.of() : Map.copyOf(extra);
  }

  /** True once the binding has an external id. */
  public boolean isBound() {
    return externalId != null;
  }
}
