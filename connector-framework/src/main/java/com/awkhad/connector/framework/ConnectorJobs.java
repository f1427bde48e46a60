package com.awkhad.connector.framework;

import com.awkhad.connector.base.env.Environment;
import com.awkhad.connector.component.WorkContext;
import com.awkhad.connector.framework.backend.Backend;
import com.awkhad.connector.framework.backend.Backends;
import com.awkhad.connector.framework.circuit.Circuits;
import com.awkhad.connector.framework.core.SyncJobs;
import com.awkhad.connector.framework.exporter.Deleter;
import com.awkhad.connector.framework.exporter.RecordExporter;
import com.awkhad.connector.framework.importer.BatchImporter;
import com.awkhad.connector.framework.importer.RecordImporter;
import com.awkhad.connector.queue.Queue;
import com.awkhad.connector.queue.function.JobFunctionProvider;
import com.awkhad.connector.queue.function.PerModelJobs;
import com.awkhad.connector.queue.job.JobFunction;
import com.awkhad.connector.queue.job.JobOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The connector's job entry points: each opens {@code backend.workOn(bindingModel)} and runs the
 * synchronizer component found there. Delay them with the queue on their binding model
 * ({@link JobOptions#model}): the job function is then {@code <binding model>.method}, such as
 * {@code <coffee.beverage.binding>.importRecord}, so that each connector's imports and exports keep
 * their own channel, retry pattern, max retries, timeout and related action (declared by the
 * connector's addon with {@link #importFunctions} / {@link #exportFunctions}). A call delayed
 * without a model is refused ({@link PerModelJobs}). Arguments are ids and plain values only (never
 * the backend's secret).
 *
 * <pre>{@code
 * Queue queue = env.service(Queue.class);
 * JobOptions onProducts = JobOptions.defaults().model("coffee.product");
 * queue.delay(ConnectorJobs.class, onProducts).importRecord(backend.id(), "coffee.product", "42", false);
 * queue.delay(ConnectorJobs.class, onProducts).importBatch(backend.id(), "coffee.product", Map.of("updated_since", since));
 * queue.delay(ConnectorJobs.class, onProducts).importSince(backend.id(), "coffee.product", "import_products_from");
 * queue.delay(ConnectorJobs.class, onProducts.priority(5)).exportRecord(bindingId, List.of("name"));
 * queue.delay(ConnectorJobs.class, onProducts).deleteRecord(backend.id(), "coffee.product", "42");
 * }</pre>
 *
 * <p>Each job runs under its backend's circuit breaker ({@link Circuits#guard}): while the backend
 * is unreachable its jobs wait for a probe without using tries, and run at once when it answers
 * again. A job of an archived backend does nothing and says so. Jobs stored before the functions were
 * per model carry the function name {@code com.awkhad.connector.framework.ConnectorJobs.<method>}:
 * they still run, with that name's settings (see {@code docs/jobs.md}).
 *
 * <p>The components that delay these jobs (importers, exporters, the export listener) do it through
 * {@link SyncJobs#delay}, the interface this class implements, so that they never name this class.
 *
 * <p>These functions are declared remote ({@code Queue.declareRemote}, by the connector addon):
 * they call external systems, so a runner runs each of their jobs alone in its transaction,
 * never in a batch that a frozen remote server would hold. The exceptions are a record's imports
 * ({@link #REPEATABLE_METHODS}, declared repeatable): their calls only read, so their jobs share a
 * batch's transaction and commit together; a batch ends at its time budget, and a failed import
 * makes the imports before it in the batch run again, which repeats their reads only. A process
 * whose adapters honour idempotency keys may let its exports share batches too
 * ({@link #shareExportBatches}).
 */
public class ConnectorJobs implements PerModelJobs, SyncJobs {
  /** The import methods: their functions share the settings {@link #importFunctions} gives. */
  public static final List<String> IMPORT_METHODS = List.of("importRecord", "importListedRecord", "importBatch", "importSince");
  /**
   * The import methods whose remote calls only read one record: declared repeatable
   * ({@code Queue.declareRepeatable}), their jobs share batches and commit together.
   */
  public static final List<String> REPEATABLE_METHODS = List.of("importRecord", "importListedRecord");
  /** The export methods: their functions share the settings {@link #exportFunctions} gives. */
  public static final List<String> EXPORT_METHODS = List.of("exportRecord", "deleteRecord");
  /** The export methods {@link #shareExportBatches} declares repeatable: not the deletes. */
  public static final List<String> SHARED_EXPORT_METHODS = List.of("exportRecord");

  /**
   * Lets the record exports of this process ({@code exportRecord} jobs, of every connector the
   * process runs) share batches like the imports: several exports in one transaction, one commit,
   * without a savepoint each first. It trades a guarantee for throughput, so it is off unless a
   * process calls this at start, after the connector addon started:
   *
   * <pre>{@code
   * ConnectorJobs.shareExportBatches(env.service(Queue.class));
   * }</pre>
   *
   * <p>What changes: by default an export runs alone in its transaction, which commits right after
   * its remote write, so a crash repeats at most the one write in flight. Sharing, a crash before
   * the batch's commit, a failed commit, or one export of the batch that fails (the batch then runs
   * again behind savepoints, {@code docs/runner.md}, "Batch") makes the exports before it in the
   * batch write again. Call it only when every connector of the process can take that: its
   * adapters' creates honour the idempotency key the exporter sends
   * ({@code BackendAdapter.create(Map, String)}; a create sent again then answers the record of
   * the first one instead of making a second), and their writes set values, so that writing them
   * twice leaves the remote record as writing them once (a {@code PUT} or {@code PATCH} of fields,
   * not an increment or an append). An update written again meets its own first write as a
   * remote change, and the exporter's conflict policy handles it as any remote change.
   * Deletes ({@code deleteRecord}) still run alone.
   *
   * <p>Measured ({@code docs/benchmarks.md}, "Sync, 2026-12-05 (night)"), 8 workers on a 2-core
   * machine, alternated runs: updates that meet no remote change went from 683 - 866 to 992 - 1,143
   * records/s, new records from 664 - 922 to 933 - 1,076; updates that meet a remote change (and
   * import it first) gained less than the machine's spread.
   */
  public static void shareExportBatches(Queue queue) {
    queue.declareRepeatable(ConnectorJobs.class, SHARED_EXPORT_METHODS.toArray(String[]::new));
  }

  private final Environment env;

  public ConnectorJobs(Environment env) {
    this.env = env;
  }

  /** Imports external record {@code externalId} of {@code bindingModel} (the {@code record.importer}). */
  @Override
  public String importRecord(long backendId, String bindingModel, String externalId, boolean force) {
    Backend backend = Backends.of(env).get(backendId);
    if (!backend.active()) {
      return archived(backend);
    }
    return circuits().guard(backend, () -> {
      try (WorkContext work = backend.workOn(bindingModel)) {
        return work.component(RecordImporter.class, RecordImporter.USAGE).run(externalId, force);
      }
    });
  }

  /**
   * Imports external record {@code externalId} from {@code record}, its copy in a list page, when
   * that copy is still newer than what the binding stored; else reads it (the {@code record.importer}).
   */
  @Override
  public String importListedRecord(long backendId, String bindingModel, String externalId, Map<String, Object> record) {
    Backend backend = Backends.of(env).get(backendId);
    if (!backend.active()) {
      return archived(backend);
    }
    return circuits().guard(backend, () -> {
      try (WorkContext work = backend.workOn(bindingModel)) {
        return work.component(RecordImporter.class, RecordImporter.USAGE).run(externalId, record, false);
      }
    });
  }

  /** Imports the external records matching {@code filters} (the {@code batch.importer}). */
  @Override
  public String importBatch(long backendId, String bindingModel, Map<String, Object> filters) {
    Backend backend = Backends.of(env).get(backendId);
    if (!backend.active()) {
      return archived(backend);
    }
    return circuits().guard(backend, () -> {
      try (WorkContext work = backend.workOn(bindingModel)) {
        int count = work.component(BatchImporter.class, BatchImporter.USAGE).run(filters);
        return count + " " + bindingModel + " record(s) found on backend '" + backend.name() + "'";
      }
    });
  }

  /** Imports the records changed since the mark kept in the backend setting {@code settingKey} ({@code BatchImporter.runSince}). */
  @Override
  public String importSince(long backendId, String bindingModel, String settingKey) {
    Backend backend = Backends.of(env).get(backendId);
    if (!backend.active()) {
      return archived(backend);
    }
    return circuits().guard(backend, () -> {
      try (WorkContext work = backend.workOn(bindingModel)) {
        int count = work.component(BatchImporter.class, BatchImporter.USAGE).runSince(settingKey);
        return count + " " + bindingModel + " record(s) changed on backend '" + backend.name() + "' since the last run";
      }
    });
  }

  /**
   * Exports the local record of binding {@code bindingId} (the {@code record.exporter}): the given
   * {@code fields} when it is already exported, every field otherwise (null: every field).
   */
  @Override
  public String exportRecord(long bindingId, List<String> fields) {
    // the binding's backend and model in one statement; the exporter locks and reads the binding
    Backends.OfBinding of = Backends.of(env).ofBinding(bindingId).orElse(null);
    if (of == null) {
      return "Binding " + bindingId + " no longer exists: nothing to export";
    }
    Backend backend = of.backend();
    if (!backend.active()) {
      return archived(backend);
    }
    return circuits().guard(backend, () -> {
      try (WorkContext work = backend.workOn(of.bindingModel())) {
        return work.component(RecordExporter.class, RecordExporter.USAGE).run(bindingId, fields);
      }
    });
  }

  /** Deletes external record {@code externalId} of {@code bindingModel} (the {@code record.exporter.deleter}). */
  @Override
  public String deleteRecord(long backendId, String bindingModel, String externalId) {
    Backend backend = Backends.of(env).get(backendId);
    if (!backend.active()) {
      return archived(backend);
    }
    return circuits().guard(backend, () -> {
      try (WorkContext work = backend.workOn(bindingModel)) {
        return work.component(Deleter.class, Deleter.USAGE).run(externalId);
      }
    });
  }

  /**
   * The import functions of {@code bindingModel} ({@link #IMPORT_METHODS}), each with the settings
   * {@code settings} gives, for a connector addon's {@link JobFunctionProvider#jobFunctions()}.
   *
   * <pre>{@code
   * ConnectorJobs.importFunctions("coffee.beverage.binding", f -> f.withChannel("root.coffee")
   *     .withRetryPattern(RetryPattern.builder().after(1, 10).after(5, 60).build()).withMaxRetries(10));
   * }</pre>
   */
  public static List<JobFunction> importFunctions(String bindingModel, UnaryOperator<JobFunction> settings) {
    return functions(bindingModel, IMPORT_METHODS, settings);
  }

  /** The export functions of {@code bindingModel} ({@link #EXPORT_METHODS}), each with the settings {@code settings} gives. */
  public static List<JobFunction> exportFunctions(String bindingModel, UnaryOperator<JobFunction> settings) {
    return functions(bindingModel, EXPORT_METHODS, settings);
  }

  private static List<JobFunction> functions(String bindingModel, List<String> methods, UnaryOperator<JobFunction> settings) {
    List<JobFunction> out = new ArrayList<>();
    for (String method : methods) {
      JobFunction blank = JobFunction.of(bindingModel, method);
      JobFunction f = settings.apply(blank);
      if (!f.name().equals(blank.name())) {
        throw new IllegalArgumentException("The settings of " + blank.name() + " renamed it to " + f.name()
            + ": give settings only (withChannel, withRetryPattern, withMaxRetries...)");
      }
      out.add(f);
    }
    return out;
  }

  private Circuits circuits() {
    return Circuits.of(env);
  }

  private static String archived(Backend backend) {
    return "Backend '" + backend.name() + "' (id " + backend.id() + ") is archived: nothing done. Restore it with"
        + " Backends.setActive(" + backend.id() + ", true) and requeue the job";
  }
}
