package com.awkhad.connector.connector.importer;

import com.awkhad.connector.component.ComponentSpec;

/**
 * A {@link BatchImporter} importing each record inline, in the batch's transaction: for small
 * reference data (categories, taxes) that later imports depend on.
 */
@ComponentSpec(name = "base.direct.batch.importer")
public abstract class DirectBatchImporter extends BatchImporter {
  protected DirectBatchImporter() {}

  @Override
  protected void importRecord(String externalId) {
    component(RecordImporter.class, RecordImporter.USAGE).run(externalId, false);
  }
}
