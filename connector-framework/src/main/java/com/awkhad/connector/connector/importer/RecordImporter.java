package com.awkhad.connector.connector.importer;

import com.awkhad.connector.base.model.Field;
import com.awkhad.connector.base.model.Model;
import com.awkhad.connector.base.model.Records;
import com.awkhad.connector.component.ComponentSpec;
import com.awkhad.connector.component.event.NoExport;
import com.awkhad.connector.connector.ConnectorComponent;
import com.awkhad.connector.connector.adapter.BackendAdapter;
import com.awkhad.connector.connector.binder.Binder;
import com.awkhad.connector.connector.binding.Binding;
import com.awkhad.connector.connector.exception.InvalidDataError;
import com.awkhad.connector.connector.exception.MappingError;
import com.awkhad.connector.connector.lock.Locker;
import com.awkhad.connector.connector.mapper.ImportMapper;
import com.awkhad.connector.connector.mapper.MapRecord;
import com.awkhad.connector.queue.job.RetryableJobError;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;

/**
 * Imports one external record (usage {@code record.importer}): generic, it works for any binding
 * model that has an adapter and an import mapper; subclass it for a model to add dependencies,
 * validation or what happens after.
 *
 * <pre>{@code
 * try (WorkContext work = backend.workOn("coffee.product")) {
 *   String result = work.component(RecordImporter.class, "record.importer").run("42", false);
 *   // "Created product.product #7 from coffee.product '42'" (or "Updated ...", "Already up-to-date ...")
 * }
 * }</pre>
 *
 * <p>Steps of {@link #run}, in the current transaction (a job's): read the external record
 * ({@code IDMissingInBackend} when it is gone); {@link #mustSkip}; take the advisory lock of
 * (backend, binding model, external id), or retry later; find the binding; unless {@code force},
 * stop when the local record is up to date ({@link #isUpToDate}); {@link #importDependencies};
 * map; {@link #validate}; create or update the local record in a {@link NoExport} scope (no
 * export is echoed back); bind with sync date now; {@link #afterImport}.
 */
@ComponentSpec(name = "base.record.importer", usage = RecordImporter.USAGE)
public class RecordImporter extends ConnectorComponent {
  public static final String USAGE = "record.importer";

  public RecordImporter() {}

  /**
   * Imports external record {@code externalId}.
   *
   * @param force import even when the local record is up to date
   * @return what was done, for the job's result
   * @throws RetryableJobError when another job imports the same record now, or on network trouble
   */
  public String run(String externalId, boolean force) {
    if (externalId == null || externalId.isBlank()) {
      throw new IllegalArgumentException("An import needs the external id of the record");
    }
    return env().tx().inTransaction(c -> doRun(externalId, force));
  }

  private String doRun(String externalId, boolean force) {
    String what = modelName() + " '" + externalId + "' of backend '" + backend().name() + "'";
    Map<String, Object> remote = adapter().read(externalId);
    String skip = mustSkip(remote);
    if (skip != null) {
      return "Skipped " + what + ": " + skip;
    }
    locker().lockOrRetry(Locker.importLockName(backend().id(), modelName(), externalId), lockRetrySeconds());
    Records local = env().model(localModel());
    Optional<Binding> binding = binder().toInternal(externalId);
    if (binding.isPresent() && !local.exists(binding.get().localId())) {
      bindings().delete(binding.get().id()); // its local record was deleted: import it again
      binding = Optional.empty();
    }
    if (!force && binding.isPresent() && isUpToDate(binding.get(), remote)) {
      return "Already up-to-date: " + what + " (" + localModel() + " #" + binding.get().localId() + ")";
    }
    importDependencies(remote);
    MapRecord record = mapper().mapRecord(remote);
    long localId;
    String done;
    try (NoExport.Scope s = NoExport.scope()) {
      if (binding.isPresent()) {
        Map<String, Object> values = record.values(false, null);
        validate(values, false, externalId);
        localId = binding.get().localId();
        local.write(localId, values);
        done = "Updated ";
      } else {
        Map<String, Object> values = record.values(true, null);
        validate(values, true, externalId);
        localId = local.create(values);
        done = "Created ";
      }
    }
    Binding bound = binder().bind(externalId, localId);
    afterImport(bound, remote);
    return done + localModel() + " #" + localId + " from " + what;
  }

  /**
   * Imports a related record first when it is not bound yet (or always), so that the mapper finds
   * its binding ({@code externalToM2o}). Runs that model's importer synchronously, in this
   * transaction.
   */
  protected void importDependency(String externalId, String bindingModel, boolean always) {
    if (externalId == null) {
      return;
    }
    Binder binder = component(Binder.class, Binder.USAGE, bindingModel);
    if (always || binder.toInternal(externalId).isEmpty()) {
      component(RecordImporter.class, USAGE, bindingModel).run(externalId, false);
    }
  }

  /** Like {@link #importDependency(String, String, boolean)} for a record not bound yet. */
  protected void importDependency(String externalId, String bindingModel) {
    importDependency(externalId, bindingModel, false);
  }

  /** Imports the records this one refers to; nothing by default. */
  protected void importDependencies(Map<String, Object> remote) {}

  /** A reason not to import {@code remote} (returned as the result), or null to import it. */
  protected String mustSkip(Map<String, Object> remote) {
    return null;
  }

  /**
   * True when the local record is at least as recent as the external one: the external record's
   * {@link #remoteUpdatedAt} is before the binding's sync date. False when either is unknown.
   */
  protected boolean isUpToDate(Binding binding, Map<String, Object> remote) {
    Optional<Instant> updated = remoteUpdatedAt(remote);
    return binding.syncDate() != null && updated.isPresent() && updated.get().isBefore(binding.syncDate());
  }

  /** When the external record last changed: its {@link #updatedAtField()} as an ISO instant, if any. */
  protected Optional<Instant> remoteUpdatedAt(Map<String, Object> remote) {
    Object v = remote.get(updatedAtField());
    if (v == null) {
      return Optional.empty();
    }
    String s = v.toString();
    try {
      return Optional.of(s.endsWith("Z") ? Instant.parse(s) : OffsetDateTime.parse(s).toInstant());
    } catch (DateTimeParseException e) {
      throw new MappingError("The '" + updatedAtField() + "' of " + modelName() + " is not an ISO date-time: '" + s
          + "'. Override remoteUpdatedAt in " + getClass().getSimpleName() + " to read it");
    }
  }

  /** The field of the external record holding its last change; {@code updated_at} by default. */
  protected String updatedAtField() {
    return "updated_at";
  }

  /**
   * Checks the mapped values before they are written. By default, on create, every required field
   * of the local model without a default must have a value.
   *
   * @throws InvalidDataError saying which field is missing and what to do
   */
  protected void validate(Map<String, Object> values, boolean forCreate, String externalId) {
    if (!forCreate) {
      return;
    }
    Model model = env().model(localModel()).model();
    for (Field f : model.fields()) {
      if (f.isRequired() && f.defaultValue() == null && values.get(f.name()) == null) {
        throw new InvalidDataError("Cannot import " + modelName() + " '" + externalId + "' from backend '" + backend().name()
            + "': required field " + model.name() + "." + f.name() + " has no value after mapping. Fill it in the external"
            + " system, or map it in " + mapper().getClass().getSimpleName() + ", then requeue the job");
      }
    }
  }

  /** Runs after the record is written and bound (in the same transaction); nothing by default. */
  protected void afterImport(Binding binding, Map<String, Object> remote) {}

  /** Seconds before retrying when another job holds the import lock. */
  protected int lockRetrySeconds() {
    return 2;
  }

  protected BackendAdapter adapter() {
    return component(BackendAdapter.class, BackendAdapter.USAGE);
  }

  protected Binder binder() {
    return component(Binder.class, Binder.USAGE);
  }

  protected ImportMapper mapper() {
    return component(ImportMapper.class, ImportMapper.USAGE);
  }
}
