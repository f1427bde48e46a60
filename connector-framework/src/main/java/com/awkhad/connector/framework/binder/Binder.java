package com.awkhad.connector.framework.binder;

import com.awkhad.connector.component.ComponentSpec;
import com.awkhad.connector.component.event.NoExport;
import com.awkhad.connector.framework.core.ConnectorComponent;
import com.awkhad.connector.framework.binding.Binding;
import com.awkhad.connector.framework.binding.BindingConflict;
import com.awkhad.connector.framework.binding.RemoteVersion;
import com.awkhad.connector.queue.job.RetryableJobError;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Links external ids and local records for the binding model of its work context (usage
 * {@code binder}), on the work context's backend. Concrete and generic: a connector may use it as
 * it is, or register a subclass for its collection to change how ids are written.
 *
 * <pre>{@code
 * try (WorkContext work = backend.workOn("coffee.product")) {
 *   Binder binder = work.component(Binder.class, "binder");
 *   Optional<Binding> b = binder.toInternal("42");          // the binding of external id 42
 *   Optional<Long> productId = binder.toLocalId("42");      // its product.product id
 *   Optional<String> ext = binder.toExternal(productId.get());
 *   binder.bind("43", otherProductId);                      // creates or updates the binding
 * }
 * }</pre>
 *
 * <p>A binding conflict (two jobs binding the same external id or local record at the same time)
 * becomes a {@link RetryableJobError}: the losing job runs again and finds the binding.
 */
@ComponentSpec(name = "base.binder", usage = Binder.USAGE)
public class Binder extends ConnectorComponent {
  public static final String USAGE = "binder";
  /**
   * The key in a binding's {@code extra} holding the idempotency key of its first export, written
   * when {@link #bindingFor} creates the binding (so it is committed before any try of the export).
   */
  public static final String EXPORT_KEY = "export_key";
  /** Seconds before a job that lost a binding race runs again. */
  protected static final int CONFLICT_RETRY_SECONDS = 2;

  public Binder() {}

  /** The binding of {@code externalId} on this backend and binding model, if any. */
  public Optional<Binding> toInternal(String externalId) {
    return bindings().byExternal(backend().id(), modelName(), externalize(externalId));
  }

  /** The local record id bound to {@code externalId}, if any (the original's {@code unwrap=True}). */
  public Optional<Long> toLocalId(String externalId) {
    return toInternal(externalId).map(Binding::localId);
  }

  /** The external id of local record {@code localId} on this backend, if it is bound and exported. */
  public Optional<String> toExternal(long localId) {
    return bindingOf(localId).map(Binding::externalId);
  }

  /** The binding of local record {@code localId} on this backend and binding model, if any. */
  public Optional<Binding> bindingOf(long localId) {
    return bindings().byLocal(backend().id(), modelName(), localId);
  }

  /**
   * A binding without external id for local record {@code localId} (what an exporter fills in), or
   * the existing one. A new binding gets a random {@link #EXPORT_KEY} in its {@code extra}: the
   * idempotency key every try of its first export sends.
   */
  public Binding bindingFor(long localId) {
    return bindingOf(localId).orElseGet(() -> conflictsRetry(() ->
        bindings().create(backend().id(), modelName(), localModel(), localId, null, null,
            Map.of(EXPORT_KEY, UUID.randomUUID().toString()))));
  }

  /**
   * Binds local record {@code localId} to {@code externalId} with sync date now: updates its
   * binding, or creates it.
   *
   * @throws RetryableJobError when another job bound the same external id or record meanwhile
   */
  public Binding bind(String externalId, long localId) {
    requireExternalId(externalId);
    Optional<Binding> existing = bindingOf(localId);
    if (existing.isPresent()) {
      return bind(externalId, existing.get());
    }
    return conflictsRetry(() -> {
      try (NoExport.Scope s = NoExport.scope()) {
        return bindings().create(backend().id(), modelName(), localModel(), localId, externalize(externalId), now(), Map.of());
      }
    });
  }

  /**
   * Writes {@code externalId} and sync date now on {@code binding}, without triggering exports.
   *
   * @throws RetryableJobError when another binding got the same external id meanwhile
   */
  public Binding bind(String externalId, Binding binding) {
    requireExternalId(externalId);
    return conflictsRetry(() -> {
      try (NoExport.Scope s = NoExport.scope()) {
        return bindings().setExternal(binding.id(), externalize(externalId), now());
      }
    });
  }

  /**
   * Binds local record {@code localId} to {@code externalId} as synchronizers do: with the remote
   * {@code version} of the record just imported or exported, and {@code syncDate} (for an import,
   * the time taken before the remote record was read). Updates its binding, or creates it.
   *
   * @throws RetryableJobError when another job bound the same external id or record meanwhile
   */
  public Binding bind(String externalId, long localId, RemoteVersion version, Instant syncDate) {
    requireExternalId(externalId);
    Optional<Binding> existing = bindingOf(localId);
    if (existing.isPresent()) {
      return bind(externalId, existing.get(), version, syncDate);
    }
    return bindNew(externalId, localId, version, syncDate);
  }

  /**
   * Binds local record {@code localId}, which has no binding of this model yet (an import just
   * created it), to {@code externalId}: creates its binding with the remote {@code version} and
   * {@code syncDate}, without the look-up for an existing one that
   * {@link #bind(String, long, RemoteVersion, Instant)} makes.
   *
   * @throws RetryableJobError when another job bound the same external id or record meanwhile
   */
  public Binding bindNew(String externalId, long localId, RemoteVersion version, Instant syncDate) {
    requireExternalId(externalId);
    return conflictsRetry(() -> {
      try (NoExport.Scope s = NoExport.scope()) {
        return bindings().create(backend().id(), modelName(), localModel(), localId, externalize(externalId), syncDate,
            Map.of(), version);
      }
    });
  }

  /**
   * Writes {@code externalId}, {@code syncDate} and the remote {@code version} on {@code binding},
   * without triggering exports.
   *
   * @throws RetryableJobError when another binding got the same external id meanwhile
   */
  public Binding bind(String externalId, Binding binding, RemoteVersion version, Instant syncDate) {
    requireExternalId(externalId);
    return conflictsRetry(() -> {
      try (NoExport.Scope s = NoExport.scope()) {
        return bindings().setSynchronized(binding.id(), externalize(externalId), syncDate, version);
      }
    });
  }

  /** How external ids are stored; override to normalize them (trim, case). */
  protected String externalize(String externalId) {
    return externalId;
  }

  /** The sync date written by {@link #bind(String, long)}; synchronizers read it before they read the remote record. */
  public Instant now() {
    return Instant.now();
  }

  private static void requireExternalId(String externalId) {
    if (externalId == null || externalId.isEmpty()) {
      throw new IllegalArgumentException("Cannot bind an empty external id: the external system returned no id for the record");
    }
  }

  private <T> T conflictsRetry(java.util.function.Supplier<T> write) {
    try {
      return write.get();
    } catch (BindingConflict e) {
      throw new RetryableJobError(e.getMessage() + ". Another job synchronized the same record at the same time;"
          + " this job will run again and find its binding.", CONFLICT_RETRY_SECONDS);
    }
  }
}
