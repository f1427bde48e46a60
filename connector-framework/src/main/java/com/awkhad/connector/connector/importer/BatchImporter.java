package com.awkhad.connector.connector.importer;

import com.awkhad.connector.component.ComponentSpec;
import com.awkhad.connector.connector.ConnectorComponent;
import com.awkhad.connector.connector.adapter.BackendAdapter;
import com.awkhad.connector.connector.backend.Backends;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
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

  /**
   * Imports what changed since the last run (the original's high-water mark): reads the backend
   * setting {@code settingKey} (an ISO instant, absent on the first run), runs with the filter
   * {@link #sinceFilter()} set to it, then stores the time this run started minus
   * {@link #safetyMargin()} (a buffer for transactions still in flight on the external side; the
   * up-to-date check makes re-imports cheap). The new mark is written in the current transaction.
   *
   * <pre>{@code
   * importer.runSince("import_products_from");   // GET /products?updated_since=2026-11-28T10:14:30Z
   * }</pre>
   */
  public int runSince(String settingKey) {
    Instant startedAt = Instant.now();
    Map<String, Object> filters = new LinkedHashMap<>();
    backend().setting(settingKey, String.class).ifPresent(from -> filters.put(sinceFilter(), from));
    return env().tx().inTransaction(c -> {
      int count = run(filters);
      Backends.of(env()).updateSettings(backend().id(), Map.of(settingKey, startedAt.minus(safetyMargin()).toString()));
      return count;
    });
  }

  /** The search filter receiving the last run's mark; {@code updated_since} by default. */
  protected String sinceFilter() {
    return "updated_since";
  }

  /** How far before a run's start the next run looks back; 30 s by default. */
  protected Duration safetyMargin() {
    return Duration.ofSeconds(30);
  }

  /** Imports (or schedules the import of) one external record. */
  protected abstract void importRecord(String externalId);
}
