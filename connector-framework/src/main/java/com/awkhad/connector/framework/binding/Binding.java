package com.awkhad.connector.framework.binding;

import java.time.Instant;
import java.util.Map;

/**
 * One row of {@code connector_binding} ({@code external.binding}): record {@code localId} of
 * {@code localModel} is known as {@code externalId} on backend {@code backendId}, for the binding
 * model {@code bindingModel}; {@code syncDate} is when it was last synchronized (our clock, for
 * people), {@code remoteVersion} what the external system said about the version synchronized (its
 * clock, for deciding whether a record changed).
 *
 * @param externalId null until the record was exported (or bound)
 * @param syncDate null until the first synchronization
 * @param extra connector-specific binding fields (JSON document), never null
 * @param remoteVersion the remote's version of the record last imported or exported, never null
 *     ({@link RemoteVersion#NONE} when unknown)
 */
public record Binding(
    long id,
    long backendId,
    String bindingModel,
    String localModel,
    long localId,
    String externalId,
    Instant syncDate,
    Map<String, Object> extra,
    RemoteVersion remoteVersion) {

  public Binding {
    extra = extra == null ? Map.of() : Map.copyOf(extra);
    remoteVersion = remoteVersion == null ? RemoteVersion.NONE : remoteVersion;
  }

  /** A binding without a known remote version. */
  public Binding(long id, long backendId, String bindingModel, String localModel, long localId, String externalId,
      Instant syncDate, Map<String, Object> extra) {
    this(id, backendId, bindingModel, localModel, localId, externalId, syncDate, extra, RemoteVersion.NONE);
  }

  /** True once the binding has an external id. */
  public boolean isBound() {
    return externalId != null;
  }
}
