package com.awkhad.connector.framework.core;

import com.awkhad.connector.base.env.Environment;
import com.awkhad.connector.queue.job.JobOptions;
import java.util.List;
import java.util.Map;

/**
 * The connector's job entry points, as the components that delay them see them. The importers, the
 * exporters and the export listener delay a synchronization with
 *
 * <pre>{@code
 * SyncJobs.delay(env(), JobOptions.defaults().model(modelName()))
 *     .importRecord(backend().id(), modelName(), externalId, false);
 * }</pre>
 *
 * which stores the same job as {@code queue.delay(ConnectorJobs.class, options).importRecord(...)}:
 * the class stored in {@code queue_job} is {@code com.awkhad.connector.framework.ConnectorJobs}, which
 * implements this interface and runs the jobs by calling those components. The components name this
 * interface only, so that the component kinds never depend on the job class that depends on them.
 * The {@code connector} addon registers the {@link Delayer} on the environment.
 *
 * <p>The methods are documented on {@code ConnectorJobs}; arguments are ids and plain values only.
 */
public interface SyncJobs {

  /** Imports external record {@code externalId} of {@code bindingModel}. */
  String importRecord(long backendId, String bindingModel, String externalId, boolean force);

  /** Imports external record {@code externalId} from its copy {@code record} in a list page. */
  String importListedRecord(long backendId, String bindingModel, String externalId, Map<String, Object> record);

  /** Imports the external records matching {@code filters}. */
  String importBatch(long backendId, String bindingModel, Map<String, Object> filters);

  /** Imports the records changed since the mark kept in the backend setting {@code settingKey}. */
  String importSince(long backendId, String bindingModel, String settingKey);

  /** Exports the local record of binding {@code bindingId} ({@code fields}, or every field when null). */
  String exportRecord(long bindingId, List<String> fields);

  /** Deletes external record {@code externalId} of {@code bindingModel}. */
  String deleteRecord(long backendId, String bindingModel, String externalId);

  /**
   * A stand-in whose calls are stored as connector jobs with {@code options} (give the binding
   * model: {@code options.model(bindingModel)}), in the caller's transaction.
   *
   * @throws IllegalStateException when the {@code connector} addon has not started in {@code env}
   */
  static SyncJobs delay(Environment env, JobOptions options) {
    return env.service(Delayer.class).delay(options);
  }

  /** How the {@code connector} addon plugs its job class in ({@code env.register(SyncJobs.Delayer.class, ...)}). */
  @FunctionalInterface
  interface Delayer {
    /** A stand-in storing each call as a job with {@code options}. */
    SyncJobs delay(JobOptions options);
  }
}
