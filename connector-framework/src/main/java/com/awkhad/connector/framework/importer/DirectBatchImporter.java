package com.awkhad.connector.framework.importer;

import com.awkhad.connector.component.ComponentSpec;
import java.util.Map;

/**
 * A {@link BatchImporter} importing each record inline, in the batch's transaction: for small
 * reference data (categories, taxes) that later imports depend on.
 */
@ComponentSpec(name = "base.direct.batch.importer")
public abstract class DirectBatchImporter extends BatchImporter {
  protected DirectBatchImporter() {}

  /** Imports from the list page's copy when it is complete and newer (see {@link RecordImporter#run(String, Map, boolean)}). */
  @Override
  protected void importRecord(String externalId, Map<String, Object> record) {
    component(RecordImporter.class, RecordImporter.USAGE).run(externalId, record, false);
  }

  @Override
  protected void importRecord(String externalId) {
    component(RecordImporter.class, RecordImporter.USAGE).run(externalId, false);
  }
}
