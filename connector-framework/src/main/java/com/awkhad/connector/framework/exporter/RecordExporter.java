package com.awkhad.connector.framework.exporter;

import com.awkhad.connector.component.ComponentSpec;
import com.awkhad.connector.component.NoComponentError;
import com.awkhad.connector.component.event.NoExport;
import com.awkhad.connector.framework.core.ConnectorComponent;
import com.awkhad.connector.framework.core.SyncJobs;
import com.awkhad.connector.framework.adapter.BackendAdapter;
import com.awkhad.connector.framework.binder.Binder;
import com.awkhad.connector.framework.binding.Binding;
import com.awkhad.connector.framework.binding.BindingConflict;
import com.awkhad.connector.framework.binding.RemoteVersion;
import com.awkhad.connector.framework.exception.ExportConflictError;
import com.awkhad.connector.framework.exception.InvalidDataError;
import com.awkhad.connector.framework.exception.MappingError;
import com.awkhad.connector.framework.importer.RecordImporter;
import com.awkhad.connector.framework.mapper.ExportMapper;
import com.awkhad.connector.framework.mapper.ImportMapper;
import com.awkhad.connector.queue.job.JobOptions;
import com.awkhad.connector.queue.job.RetryableJobError;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exports the local record of one binding (usage {@code record.exporter}): generic, it works for
 * any binding model with an adapter and an export mapper.
 *
 * <pre>{@code
 * try (WorkContext work = backend.workOn("coffee.product")) {
 *   Binder binder = work.component(Binder.class, "binder");
 *   Binding binding = binder.bindingFor(productId);       // created without external id if needed
 *   work.component(RecordExporter.class, "record.exporter").run(binding.id(), null);
 *   // "Created coffee.product '17' from product.product #5"; binder.toExternal(productId) -> "17"
 * }
 * }</pre>
 *
 * <p>Steps of {@link #run}, in the current transaction (a job's): lock the binding row
 * ({@code SELECT ... FOR UPDATE NOWAIT}; when another job holds it, retry later); read the local
 * record; {@link #exportDependencies}; map (every field for a create, else the given fields); an
 * update with nothing to send stops there; for an update whose adapter writes conditionally
 * ({@link BackendAdapter#writesIfVersion}, e.g. {@code If-Match}) and whose binding holds a version
 * tag, one write the remote accepts only at that version, and the steps below only when it refuses;
 * for an update, the conflict check ({@link #onConflict}):
 * when the remote copy is newer than the binding's stored version, import it first (keeping the
 * local fields being exported) or wait for an import; {@link #validate}; create or write the
 * external record; read back what the remote answered ({@link #readBack}: its version into the
 * binding, the fields it set into the local record, without echoing an export); bind the external
 * id; {@link #afterExport}. The job's commit then keeps the external id: keep {@code afterExport}
 * free of failures, or the id of a record just created remotely is lost with the rollback.
 *
 * <p>A create is sent with an idempotency key ({@link #exportKey}) that is the same for every try
 * of the binding's first export: when the answer to a create is lost (connection closed, timeout,
 * the runner killed before the job's commit), the retry sends the same key and an adapter that
 * honours it ({@link BackendAdapter#create(Map, String)}) gets the record created the first time
 * instead of a second one.
 */
@ComponentSpec(name = "base.record.exporter", usage = RecordExporter.USAGE)
public class RecordExporter extends ConnectorComponent {
  public static final String USAGE = "record.exporter";
  private static final Logger log = LoggerFactory.getLogger(RecordExporter.class);

  /** What an update does when the remote copy changed since the binding's stored version. */
  public enum ConflictPolicy {
    /**
     * Import the remote copy first, except the local fields this export sends, then write them: the
     * remote's other changes are kept, and for a field changed on both sides the local change (the
     * later export) wins. The default.
     */
    IMPORT_FIRST,
    /** Queue an import of the record and fail with a retryable {@link ExportConflictError}; the export runs again later. */
    RETRY_LATER,
    /** Write without checking (no read before the write): the remote's concurrent changes to the sent fields are overwritten. */
    OVERWRITE
  }

  /** Whether {@link #exportDependency} ran a dependency's export in this run (the local record is then read again). */
  private boolean dependencyExported;

  public RecordExporter() {}

  /**
   * Exports binding {@code bindingId}.
   *
   * @param fields the local fields that changed (null: all); ignored for a first export
   * @return what was done, for the job's result
   * @throws RetryableJobError when another job exports the same binding now, or on network trouble
   */
  public String run(long bindingId, Collection<String> fields) {
    return env().tx().inTransaction(c -> doRun(bindingId, fields));
  }

  private String doRun(long bindingId, Collection<String> fields) {
    dependencyExported = false;
    Binding binding;
    try {
      binding = bindings().findLocked(bindingId).orElse(null); // the lock and the read, in one statement
    } catch (BindingConflict busy) {
      throw new RetryableJobError("Record connector_binding #" + bindingId + " is locked by another job (an export or"
          + " import of the same record is running): retrying in " + lockRetrySeconds() + " s", lockRetrySeconds(), true);
    }
    if (binding == null) {
      return "Binding " + bindingId + " no longer exists: nothing to export";
    }
    if (!binding.bindingModel().equals(modelName()) || binding.backendId() != backend().id()) {
      throw new IllegalArgumentException("Binding " + bindingId + " is a " + binding.bindingModel() + " of backend "
          + binding.backendId() + ": export it in backend.workOn(\"" + binding.bindingModel() + "\") of that backend");
    }
    Optional<Map<String, Object>> found = env().model(binding.localModel()).find(binding.localId());
    if (found.isEmpty()) {
      return "The local record " + binding.localModel() + " #" + binding.localId() + " of binding " + bindingId
          + " no longer exists: nothing to export";
    }
    String skip = mustSkip(binding);
    if (skip != null) {
      return "Skipped binding " + bindingId + ": " + skip;
    }
    exportDependencies(binding);
    // read again only when a dependency was exported here: its export may have written this record
    Map<String, Object> record = dependencyExported
        ? env().model(binding.localModel()).read(binding.localId()) : found.get();
    String external = binding.externalId();
    String what = binding.localModel() + " #" + binding.localId();
    if (external != null) {
      Map<String, Object> values = mapper().mapRecord(record).values(false, fields == null ? null : List.copyOf(fields));
      if (values.isEmpty()) {
        return "Nothing to export for " + what + ": no mapped field among " + fields;
      }
      Map<String, Object> answer = null;
      Instant syncDate = null;
      if (writesIfVersion(binding)) {
        // one conditional write, checked by the remote against the stored version: no read first,
        // and no window between a read and the write. Refused (the remote changed since), the
        // read and the conflict policy below decide, as without it
        validate(values, false, binding);
        syncDate = binder().now();
        answer = adapter().writeRecordIf(external, values, binding.remoteVersion()).orElse(null);
      }
      String merged = null;
      if (answer == null) {
        merged = resolveConflict(binding, fields);
        if (merged != null) {
          record = env().model(binding.localModel()).read(binding.localId());
          values = mapper().mapRecord(record).values(false, fields == null ? null : List.copyOf(fields));
        }
        validate(values, false, binding);
        syncDate = binder().now();
        answer = adapter().writeRecord(external, values);
      }
      Binding bound = binder().bind(external, binding, readBack(binding, answer, record), syncDate);
      afterExport(bound);
      return "Updated " + modelName() + " '" + external + "' from " + what + (merged == null ? "" : " (" + merged + ")");
    }
    Map<String, Object> values = mapper().mapRecord(record).values(true, null);
    validate(values, true, binding);
    Instant syncDate = binder().now();
    Map<String, Object> answer = adapter().createRecord(values, exportKey(binding));
    String created = adapter().idOf(answer);
    Binding bound = binder().bind(created, binding, readBack(binding, answer, record), syncDate);
    afterExport(bound);
    return "Created " + modelName() + " '" + created + "' from " + what;
  }

  /**
   * Whether an update of {@code binding} goes first as a conditional write
   * ({@link BackendAdapter#writeRecordIf}): the adapter writes conditionally, the policy checks
   * for conflicts, and the binding holds a version tag to check against.
   */
  private boolean writesIfVersion(Binding binding) {
    return onConflict() != ConflictPolicy.OVERWRITE && binding.remoteVersion().tag() != null
        && adapter().writesIfVersion();
  }

  /**
   * The conflict check of an update, by {@link #onConflict()}: reads the remote record and
   * compares its version with the binding's. Returns what was done when the remote copy was newer
   * and imported first, else null.
   *
   * @throws ExportConflictError with {@link ConflictPolicy#RETRY_LATER}, when the remote copy is newer
   */
  private String resolveConflict(Binding binding, Collection<String> fields) {
    ConflictPolicy policy = onConflict();
    if (policy == ConflictPolicy.OVERWRITE || !binding.remoteVersion().isKnown()) {
      return null; // nothing stored to compare with: the first write stores a version
    }
    Map<String, Object> current = adapter().read(binding.externalId());
    RemoteVersion now = adapter().versionOf(current);
    if (!binding.remoteVersion().isOlderThan(now)) {
      return null; // the same version, or one we cannot order: an import brings any change in
    }
    String what = modelName() + " '" + binding.externalId() + "' changed on backend '" + backend().name() + "' since it was last"
        + " synchronized (" + binding.remoteVersion() + ", now " + now + ")";
    if (policy == ConflictPolicy.RETRY_LATER) {
      // in its own transaction: this job's transaction rolls back with the error
      env().tx().inNewTransaction(c -> SyncJobs.delay(env(), JobOptions.defaults().identityExact().model(modelName()))
          .importRecord(backend().id(), modelName(), binding.externalId(), true));
      throw new ExportConflictError(what + ": an import of it was queued, and this export runs again after it", conflictRetrySeconds());
    }
    List<String> keep = fields == null ? List.copyOf(mapper().changedByFields()) : List.copyOf(fields);
    // the binding and the local record were read above, under the binding's lock: not again
    component(RecordImporter.class, RecordImporter.USAGE).importKeeping(binding, current, keep);
    return "imported first: " + what;
  }

  /**
   * Reads back what the remote answered to a create or write: returns its version, for the binding,
   * and writes into the local record, without echoing an export, the values the import mapper
   * maps from the answer that differ from the local ones, except the local fields the export
   * mapper reads (what was just sent stays as it is here). Fields the remote sets (a number, a
   * status, a timestamp) come back this way.
   * A model without an import mapper only gets the version. A mapping failure is logged, never
   * thrown: the remote record exists, and its external id must be kept.
   *
   * @param local the local record as this export read it and sent it (nothing wrote it since)
   */
  protected RemoteVersion readBack(Binding binding, Map<String, Object> answer, Map<String, Object> local) {
    RemoteVersion version = adapter().versionOf(answer);
    if (!readBackFields()) {
      return version;
    }
    ImportMapper importMapper;
    try {
      importMapper = component(ImportMapper.class, ImportMapper.USAGE);
    } catch (NoComponentError e) {
      return version;
    }
    try {
      Map<String, Object> mapped = new LinkedHashMap<>(importMapper.mapRecord(answer).values(false, null));
      mapped.keySet().removeAll(mapper().changedByFields());
      mapped.entrySet().removeIf(e -> !local.containsKey(e.getKey()) || Objects.equals(local.get(e.getKey()), e.getValue()));
      if (!mapped.isEmpty()) {
        try (NoExport.Scope s = NoExport.scope()) {
          env().model(binding.localModel()).write(binding.localId(), mapped);
        }
      }
    } catch (MappingError e) {
      log.warn("Export of {} #{} to backend '{}': the answer was not read back into the local record: {}",
          binding.localModel(), binding.localId(), backend().name(), e.getMessage());
    }
    return version;
  }

  /**
   * What an update does when the remote copy changed since the binding's stored version;
   * {@link ConflictPolicy#IMPORT_FIRST} by default. Any policy but {@code OVERWRITE} reads the remote
   * record before each update of a binding with a stored version.
   */
  protected ConflictPolicy onConflict() {
    return ConflictPolicy.IMPORT_FIRST;
  }

  /** True (default) to write the fields the remote set in its answer back into the local record. */
  protected boolean readBackFields() {
    return true;
  }

  /** Seconds before an export that met a conflict runs again ({@link ConflictPolicy#RETRY_LATER}); 5 by default. */
  protected int conflictRetrySeconds() {
    return 5;
  }

  /**
   * Makes sure a related record is exported before this one (so {@code m2oToExternal} finds its
   * external id): creates its binding if needed and, when it has no external id, runs its exporter
   * synchronously in this transaction.
   */
  protected void exportDependency(Long localId, String bindingModel) {
    if (localId == null) {
      return;
    }
    Binder binder = component(Binder.class, Binder.USAGE, bindingModel);
    Binding dependency = binder.bindingFor(localId);
    if (!dependency.isBound()) {
      dependencyExported = true;
      component(RecordExporter.class, USAGE, bindingModel).run(dependency.id(), null);
    }
  }

  /**
   * The idempotency key of the first export of {@code binding}: the {@link Binder#EXPORT_KEY} that
   * {@link Binder#bindingFor} stored, else (a binding created another way) one derived from the
   * binding's backend, model and id.
   */
  protected String exportKey(Binding binding) {
    Object key = binding.extra().get(Binder.EXPORT_KEY);
    return key != null ? key.toString()
        : binding.bindingModel() + ":" + binding.backendId() + ":" + binding.id();
  }

  /**
   * Exports the records this one refers to, with {@link #exportDependency}; nothing by default.
   * It must not write the exported record itself: the record is read before this runs, and read
   * again only when {@link #exportDependency} ran a dependency's export.
   */
  protected void exportDependencies(Binding binding) {}

  /** A reason not to export (returned as the result), or null to export. */
  protected String mustSkip(Binding binding) {
    return null;
  }

  /**
   * Checks the values before they are sent; nothing by default.
   *
   * @throws InvalidDataError saying what is wrong
   */
  protected void validate(Map<String, Object> values, boolean forCreate, Binding binding) {}

  /** Runs after the external id is bound (same transaction); nothing by default. */
  protected void afterExport(Binding binding) {}

  /** Seconds before retrying when another job holds the binding. */
  protected int lockRetrySeconds() {
    return 2;
  }

  /** The binding of the local record {@code localId}, if any, for this binding model. */
  protected Optional<Binding> bindingOf(long localId) {
    return binder().bindingOf(localId);
  }

  protected BackendAdapter adapter() {
    return component(BackendAdapter.class, BackendAdapter.USAGE);
  }

  protected Binder binder() {
    return component(Binder.class, Binder.USAGE);
  }

  protected ExportMapper mapper() {
    return component(ExportMapper.class, ExportMapper.USAGE);
  }
}
