package com.awkhad.connector.connector.importer;

import com.awkhad.connector.component.ComponentSpec;
import com.awkhad.connector.connector.ConnectorComponent;
import com.awkhad.connector.connector.adapter.BackendAdapter;
import java.util.List;
import java.util.Map;

/**
 * Imports the external records matching filters (usage {@code batch.importer}): searches them with
 * the adapter, then imports each, inline ({@link DirectBatchImporter}) or as one job per record
 * ({@link DelayedBatchImporter}). A connector registers a subclass of one of them for its
 * collection and binding models.
 *
 * <pre>{@code
 * @ComponentSpec(name = "coffee.product.batch.importer", collection = "coffee.backend", applyOn = "coffee.product")
 * public class ProductBatchImporter extends DelayedBatchImporter {}
 *
 * int count = work.component(BatchImporter.class, "batch.importer").run(Map.of("updated_since", since));
 * }</pre>
 */
@ComponentSpec(name = "base.batch.importer", usage = BatchImporter.USAGE)
public abstract class BatchImporter extends ConnectorComponent {
  public static final String USAGE = "batch.importer";

  protected BatchImporter() {}

  /** Searches the external records matching {@code filters} and imports each; returns how many. */
  public int run(Map<String, ?> filters) {
    List<String> ids = component(BackendAdapter.class, BackendAdapter.USAGE).search(filters == null ? Map.of() : filters);
    for (String id : ids) {
      importRecord(id);
    }
    return ids.size();
  }

  /** Imports (or schedules the import of) one external record. */
  protected abstract void importRecord(String externalId);
}
