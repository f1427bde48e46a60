package com.awkhad.connector.connector.importer;

import com.awkhad.connector.component.ComponentSpec;
import com.awkhad.connector.connector.ConnectorJobs;
import com.awkhad.connector.queue.Queue;
import com.awkhad.connector.queue.job.JobOptions;

/**
 * A {@link BatchImporter} delaying one {@code ConnectorJobs.importRecord} job per record, so that
 * each record is imported, retried and reported on its own. Override {@link #jobOptions()} for a
 * channel or priority.
 */
@ComponentSpec(name = "base.delayed.batch.importer")
public abstract class DelayedBatchImporter extends BatchImporter {
  protected DelayedBatchImporter() {}

  @Override
  protected void importRecord(String externalId) {
    env().service(Queue.class).delay(ConnectorJobs.class, jobOptions())
        .importRecord(backend().id(), modelName(), externalId, false);
  }

  /** The options of the import jobs: by default an identity key per record, so a batch run twice queues each once. */
  protected JobOptions jobOptions() {
    return JobOptions.defaults().identityExact();
  }
}
