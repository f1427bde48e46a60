package com.awkhad.connector.connector;

import com.awkhad.connector.base.env.Environment;
import com.awkhad.connector.component.WorkContext;
import com.awkhad.connector.connector.backend.Backend;
import com.awkhad.connector.connector.backend.Backends;
import com.awkhad.connector.connector.binding.Binding;
import com.awkhad.connector.connector.binding.Bindings;
import com.awkhad.connector.connector.exporter.Deleter;
import com.awkhad.connector.connector.exporter.RecordExporter;
import com.awkhad.connector.connector.importer.BatchImporter;
import com.awkhad.connector.connector.importer.RecordImporter;
import java.util.List;
import java.util.Map;

/**
 * The connector's job entry points: each opens {@code backend.workOn(bindingModel)} and runs the
 * synchronizer component found there. Delay them with the queue; arguments are ids and plain
 * values only (never the backend's secret).
 *
 * <pre>{@code
 * Queue queue = env.service(Queue.class);
 * queue.delay(ConnectorJobs.class).importRecord(backend.id(), "coffee.product", "42", false);
 * queue.delay(ConnectorJobs.class).importBatch(backend.id(), "coffee.product", Map.of("updated_since", since));
 * queue.delay(ConnectorJobs.class).importSince(backend.id(), "coffee.product", "import_products_from");
 * queue.delay(ConnectorJobs.class, JobOptions.defaults().priority(5)).exportRecord(bindingId, List.of("name"));
 * queue.delay(ConnectorJobs.class).deleteRecord(backend.id(), "coffee.product", "42");
 * }</pre>
 *
 * <p>A job of an archived backend does nothing and says so.
 *
 * <p>These functions are declared remote ({@code Queue.declareRemote}, by the connector addon):
 * they call external systems, so a runner runs each of their jobs alone in its transaction,
 * never in a batch that a frozen remote server would hold.
 */
public class ConnectorJobs {
  private final Environment env;

  public ConnectorJobs(Environment env) {
    this.env = env;
  }

  /** Imports external record {@code externalId} of {@code bindingModel} (the {@code record.importer}). */
  public String importRecord(long backendId, String bindingModel, String externalId, boolean force) {
    Backend backend = Backends.of(env).get(backendId);
    if (!backend.active()) {
      return archived(backend);
    }
    try (WorkContext work = backend.workOn(bindingModel)) {
      return work.component(RecordImporter.class, RecordImporter.USAGE).run(externalId, force);
    }
  }

  /**
   * Imports external record {@code externalId} from {@code record}, its copy in a list page, when
   * that copy is still newer than what the binding stored; else reads it (the {@code record.importer}).
   */
  public String importListedRecord(long backendId, String bindingModel, String externalId, Map<String, Object> record) {
    Backend backend = Backends.of(env).get(backendId);
    if (!backend.active()) {
      return archived(backend);
    }
    try (WorkContext work = backend.workOn(bindingModel)) {
      return work.component(RecordImporter.class, RecordImporter.USAGE).run(externalId, record, false);
    }
  }

  /** Imports the external records matching {@code filters} (the {@code batch.importer}). */
  public String importBatch(long backendId, String bindingModel, Map<String, Object> filters) {
    Backend backend = Backends.of(env).get(backendId);
    if (!backend.active()) {
      return archived(backend);
    }
    try (WorkContext work = backend.workOn(bindingModel)) {
      int count = work.component(BatchImporter.class, BatchImporter.USAGE).run(filters);
      return count + " " + bindingModel + " record(s) found on backend '" + backend.name() + "'";
    }
  }

  /** Imports the records changed since the mark kept in the backend setting {@code settingKey} ({@code BatchImporter.runSince}). */
  public String importSince(long backendId, String bindingModel, String settingKey) {
    Backend backend = Backends.of(env).get(backendId);
    if (!backend.active()) {
      return archived(backend);
    }
    try (WorkContext work = backend.workOn(bindingModel)) {
      int count = work.component(BatchImporter.class, BatchImporter.USAGE).runSince(settingKey);
      return count + " " + bindingModel + " record(s) changed on backend '" + backend.name() + "' since the last run";
    }
  }

  /**
   * Exports the local record of binding {@code bindingId} (the {@code record.exporter}): the given
   * {@code fields} when it is already exported, every field otherwise (null: every field).
   */
  public String exportRecord(long bindingId, List<String> fields) {
    Binding binding = Bindings.of(env).find(bindingId).orElse(null);
    if (binding == null) {
      return "Binding " + bindingId + " no longer exists: nothing to export";
    }
    Backend backend = Backends.of(env).get(binding.backendId());
    if (!backend.active()) {
      return archived(backend);
    }
    try (WorkContext work = backend.workOn(binding.bindingModel())) {
      return work.component(RecordExporter.class, RecordExporter.USAGE).run(bindingId, fields);
    }
  }

  /** Deletes external record {@code externalId} of {@code bindingModel} (the {@code record.exporter.deleter}). */
  public String deleteRecord(long backendId, String bindingModel, String externalId) {
    Backend backend = Backends.of(env).get(backendId);
    if (!backend.active()) {
      return archived(backend);
    }
    try (WorkContext work = backend.workOn(bindingModel)) {
      return work.component(Deleter.class, Deleter.USAGE).run(externalId);
    }
  }

  private static String archived(Backend backend) {
    return "Backend '" + backend.name() + "' (id " + backend.id() + ") is archived: nothing done. Restore it with"
        + " Backends.setActive(" + backend.id() + ", true) and requeue the job";
  }
}
