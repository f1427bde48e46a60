package com.awkhad.connector.connector.exporter;

import com.awkhad.connector.component.ComponentSpec;
import com.awkhad.connector.connector.ConnectorComponent;
import com.awkhad.connector.connector.adapter.BackendAdapter;
import com.awkhad.connector.connector.binder.Binder;
import com.awkhad.connector.connector.binding.Binding;
import com.awkhad.connector.connector.exception.InvalidDataError;
import com.awkhad.connector.connector.mapper.ExportMapper;
import com.awkhad.connector.queue.job.RetryableJobError;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
 * update with nothing to send stops there; {@link #validate}; create or write the external record;
 * bind the external id with sync date now; {@link #afterExport}. The job's commit then keeps the
 * external id: keep {@code afterExport} free of failures, or the id of a record just created
 * remotely is lost with the rollback.
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
    if (!locker().lockRowOrRetry("connector_binding", bindingId, lockRetrySeconds())) {
      return "Binding " + bindingId + " no longer exists: nothing to export";
    }
    Binding binding = bindings().find(bindingId).orElseThrow();
    if (!binding.bindingModel().equals(modelName()) || binding.backendId() != backend().id()) {
      throw new IllegalArgumentException("Binding " + bindingId + " is a " + binding.bindingModel() + " of backend "
          + binding.backendId() + ": export it in backend.workOn(\"" + binding.bindingModel() + "\") of that backend");
    }
    if (!env().model(binding.localModel()).exists(binding.localId())) {
      return "The local record " + binding.localModel() + " #" + binding.localId() + " of binding " + bindingId
          + " no longer exists: nothing to export";
    }
    String skip = mustSkip(binding);
    if (skip != null) {
      return "Skipped binding " + bindingId + ": " + skip;
    }
    exportDependencies(binding);
    Map<String, Object> record = env().model(binding.localModel()).read(binding.localId());
    String external = binding.externalId();
    String what = binding.localModel() + " #" + binding.localId();
    if (external != null) {
      Map<String, Object> values = mapper().mapRecord(record).values(false, fields == null ? null : List.copyOf(fields));
      if (values.isEmpty()) {
        return "Nothing to export for " + what + ": no mapped field among " + fields;
      }
      validate(values, false, binding);
      adapter().write(external, values);
      Binding bound = binder().bind(external, binding);
      afterExport(bound);
      return "Updated " + modelName() + " '" + external + "' from " + what;
    }
    Map<String, Object> values = mapper().mapRecord(record).values(true, null);
    validate(values, true, binding);
    String created = adapter().create(values, exportKey(binding));
    Binding bound = binder().bind(created, binding);
    afterExport(bound);
    return "Created " + modelName() + " '" + created + "' from " + what;
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

  /** Exports the records this one refers to; nothing by default. */
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
