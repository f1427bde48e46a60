package com.awkhad.connector.framework.importer;

import com.awkhad.connector.base.model.Field;
import com.awkhad.connector.base.model.Model;
import com.awkhad.connector.base.model.Records;
import com.awkhad.connector.component.ComponentSpec;
import com.awkhad.connector.component.event.NoExport;
import com.awkhad.connector.framework.core.ConnectorComponent;
import com.awkhad.connector.framework.adapter.BackendAdapter;
import com.awkhad.connector.framework.binder.Binder;
import com.awkhad.connector.framework.binding.Binding;
import com.awkhad.connector.framework.binding.RemoteVersion;
import com.awkhad.connector.framework.exception.InvalidDataError;
import com.awkhad.connector.framework.lock.Locker;
import com.awkhad.connector.framework.mapper.ImportMapper;
import com.awkhad.connector.framework.mapper.MapRecord;
import com.awkhad.connector.queue.job.RetryableJobError;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

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
 * <p>Steps of {@link #run}, in the current transaction (a job's): take the advisory lock of
 * (backend, binding model, external id), or retry later; find the binding; note the sync date
 * (now, before the read); read the external record ({@code IDMissingInBackend} when it is gone),
 * unless a list page's copy was given that is complete and strictly newer than the binding's;
 * {@link #mustSkip}; unless {@code force}, stop when the local record is up to date
 * ({@link #isUpToDate}: the remote's version equals or precedes the one the binding stored);
 * {@link #importDependencies}; map; {@link #validate}; create or update the local record in a
 * {@link NoExport} scope (no export is echoed back); bind, storing the remote version that was
 * read, in the same transaction; {@link #afterImport}.
 *
 * <p>Why the version read and not a sync date: a change the remote makes between our read and our
 * commit carries a remote timestamp earlier than any local "now" taken at the end, so comparing it
 * with such a date would call the record up to date forever. The binding keeps what the remote
 * said about the copy we imported; the next import compares the remote's new version with it.
 */
@ComponentSpec(name = "base.record.importer", usage = RecordImporter.USAGE)
public class RecordImporter extends ConnectorComponent {
  public static final String USAGE = "record.importer";

  public RecordImporter() {}

  /**
   * Imports external record {@code externalId}, read from the remote.
   *
   * @param force import even when the local record is up to date
   * @return what was done, for the job's result
   * @throws RetryableJobError when another job imports the same record now, or on network trouble
   */
  public String run(String externalId, boolean force) {
    return run(externalId, null, force);
  }

  /**
   * Imports external record {@code externalId} from {@code record}, a copy the caller already has
   * (a list page's), when that copy is complete ({@link #canImportFrom}) and strictly newer than
   * what the binding stored; else reads the record from the remote.
   *
   * @param record the record as a listing gave it, or null to read it
   */
  public String run(String externalId, Map<String, Object> record, boolean force) {
    if (externalId == null || externalId.isBlank()) {
      throw new IllegalArgumentException("An import needs the external id of the record");
    }
    return env().tx().inTransaction(c -> doRun(externalId, null, record, force, Set.of()));
  }

  /**
   * Imports {@code record} (what the remote answered just now) over the local record, except the
   * local fields {@code keepLocal}: what an exporter does when the remote copy is newer than the
   * binding's, before it writes its own fields. Forced (no up-to-date check).
   */
  public String importKeeping(String externalId, Map<String, Object> record, Collection<String> keepLocal) {
    return env().tx().inTransaction(c -> doRun(externalId, null, record, true, keepSet(keepLocal)));
  }

  /**
   * {@link #importKeeping(String, Map, Collection)} of the record of {@code binding}, which the
   * caller read in this transaction under its row lock, as it read the local record (an
   * exporter): the import neither looks the binding up again nor checks that the local record
   * still exists.
   */
  public String importKeeping(Binding binding, Map<String, Object> record, Collection<String> keepLocal) {
    if (!binding.isBound()) {
      throw new IllegalArgumentException("Binding " + binding.id() + " has no external id: there is no remote record to import");
    }
    return env().tx().inTransaction(c -> doRun(binding.externalId(), binding, record, true, keepSet(keepLocal)));
  }

  private static Set<String> keepSet(Collection<String> keepLocal) {
    return keepLocal == null ? Set.of() : Set.copyOf(keepLocal);
  }

  /**
   * True when {@code record} (a list page's copy) holds every field this import needs: the
   * mapper's source keys ({@code Mapper.sourceKeys()}) and the adapter's version fields. A
   * mapper that cannot say which keys it reads makes every page copy incomplete.
   */
  public boolean canImportFrom(Map<String, ?> record) {
    if (record == null) {
      return false;
    }
    Optional<Set<String>> keys = mapper().sourceKeys();
    return keys.isPresent() && record.keySet().containsAll(keys.get()) && record.keySet().containsAll(adapter().versionFields());
  }

  /** @param known the binding, when the caller read it and its local record in this transaction; else null */
  private String doRun(String externalId, Binding known, Map<String, Object> given, boolean force, Set<String> keepLocal) {
    String what = modelName() + " '" + externalId + "' of backend '" + backend().name() + "'";
    locker().lockOrRetry(Locker.importLockName(backend().id(), modelName(), externalId), lockRetrySeconds());
    Records local = env().model(localModel());
    Optional<Binding> binding = known != null ? Optional.of(known) : binder().toInternal(externalId);
    if (known == null && binding.isPresent() && !local.exists(binding.get().localId())) {
      bindings().delete(binding.get().id()); // its local record was deleted: import it again
      binding = Optional.empty();
    }
    RemoteVersion stored = binding.map(Binding::remoteVersion).orElse(RemoteVersion.NONE);
    Instant syncDate = binder().now(); // before the read: a remote without versions is compared with it
    BackendAdapter adapter = adapter();
    boolean fromList = given != null && keepLocal.isEmpty() && canImportFrom(given);
    RemoteVersion listed = fromList ? adapter.versionOf(given) : RemoteVersion.NONE;
    if (fromList && !force && binding.isPresent()
        && stored.freshness(listed, adapter.clock().precision()) == RemoteVersion.Freshness.OLDER) {
      return "Already up-to-date: " + what + " (" + localModel() + " #" + binding.get().localId() + " has a newer copy than the list's)";
    }
    Map<String, Object> remote = !keepLocal.isEmpty() ? given
        : fromList && listCopyStandsForARead(listed, binding.isPresent(), stored) ? given : null;
    if (remote == null) {
      remote = adapter.read(externalId);
    }
    String skip = mustSkip(remote);
    if (skip != null) {
      return "Skipped " + what + ": " + skip;
    }
    RemoteVersion version = adapter.versionOf(remote);
    if (!force && binding.isPresent() && isUpToDate(binding.get(), remote)) {
      return "Already up-to-date: " + what + " (" + localModel() + " #" + binding.get().localId() + ", " + version + ")";
    }
    importDependencies(remote);
    MapRecord record = mapper().mapRecord(remote);
    long localId;
    String done;
    try (NoExport.Scope s = NoExport.scope()) {
      if (binding.isPresent()) {
        Map<String, Object> values = new LinkedHashMap<>(record.values(false, null));
        values.keySet().removeAll(keepLocal);
        validate(values, false, externalId);
        localId = binding.get().localId();
        if (!values.isEmpty()) {
          local.write(localId, values);
        }
        done = "Updated ";
      } else {
        Map<String, Object> values = record.values(true, null);
        validate(values, true, externalId);
        localId = local.create(values);
        done = "Created ";
      }
    }
    // the binding read above under the import lock, or none: a record just created has none
    Binding bound = binding.isPresent() ? binder().bind(externalId, binding.get(), version, syncDate)
        : binder().bindNew(externalId, localId, version, syncDate);
    afterImport(bound, remote);
    return done + localModel() + " #" + localId + " from " + what;
  }

  /**
   * True when a complete list page's copy can stand for a read: the record is new here, or the
   * binding has no version, or the copy is strictly newer by the remote's stamps. An equal or
   * unordered version is read again: at whole seconds, or with tags alone, a page copy may be
   * older than the stored one.
   */
  private boolean listCopyStandsForARead(RemoteVersion v, boolean bound, RemoteVersion stored) {
    if (!bound || !stored.isKnown()) {
      return true;
    }
    return v.updatedAt() != null && stored.updatedAt() != null && v.updatedAt().isAfter(stored.updatedAt());
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
   * True when the local record is at least as recent as {@code remote}: the remote's version
   * ({@link BackendAdapter#versionOf}) equals or precedes the version the binding stored when it
   * last synchronized ({@link RemoteVersion#freshness}, with the adapter's clock precision). False
   * when either is unknown: a remote without versions is imported every time.
   */
  protected boolean isUpToDate(Binding binding, Map<String, Object> remote) {
    RemoteVersion.Freshness f = binding.remoteVersion().freshness(adapter().versionOf(remote), adapter().clock().precision());
    return f == RemoteVersion.Freshness.SAME || f == RemoteVersion.Freshness.OLDER;
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
