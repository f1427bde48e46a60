package com.awkhad.connector.framework.importer;

import com.awkhad.connector.component.ComponentSpec;
import com.awkhad.connector.framework.core.SyncJobs;
import com.awkhad.connector.queue.Queue;
import com.awkhad.connector.queue.job.JobOptions;
import java.util.Map;

/**
 * A {@link BatchImporter} delaying one {@code ConnectorJobs.importRecord} job per record, so that
 * each record is imported, retried and reported on its own. Override {@link #jobOptions()} for a
 * channel or priority.
 *
 * <p>When the list page's copy of a record holds everything the import needs
 * ({@link RecordImporter#canImportFrom}), the job carries it ({@code ConnectorJobs.importListedRecord})
 * and imports it without reading the record again, unless a newer version was imported meanwhile;
 * else the job carries the id only and reads the record.
 */
@ComponentSpec(name = "base.delayed.batch.importer")
public abstract class DelayedBatchImporter extends BatchImporter {
  protected DelayedBatchImporter() {}

  /**
   * Stores the listing's jobs together ({@code Queue.batchKeyed}): a few statements per page
   * instead of one per record, each job still deduplicated by its identity key.
   */
  @Override
  protected void importListed(Runnable imports) {
    env().service(Queue.class).batchKeyed(imports);
  }

  @Override
  protected void importRecord(String externalId, Map<String, Object> record) {
    if (record != null && component(RecordImporter.class, RecordImporter.USAGE).canImportFrom(record)) {
      SyncJobs.delay(env(), jobOptions().model(modelName()))
          .importListedRecord(backend().id(), modelName(), externalId, record);
    } else {
      importRecord(externalId);
    }
  }

  @Override
  protected void importRecord(String externalId) {
    SyncJobs.delay(env(), jobOptions().model(modelName()))
        .importRecord(backend().id(), modelName(), externalId, false);
  }

  /**
   * The options of the import jobs: by default an identity key per record, so a batch run twice
   * queues each once. The jobs are always delayed on the binding model (the function
   * {@code <binding model>.importRecord}); set their channel, retries and timeout there rather than here.
   */
  protected JobOptions jobOptions() {
    return JobOptions.defaults().identityExact();
  }
}
