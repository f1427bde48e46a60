package com.awkhad.connector.framework.importer;

import com.awkhad.connector.component.ComponentSpec;
import com.awkhad.connector.framework.core.ConnectorComponent;
import com.awkhad.connector.framework.adapter.BackendAdapter;
import com.awkhad.connector.framework.adapter.RemoteClock;
import com.awkhad.connector.framework.backend.Backends;
import com.awkhad.connector.framework.binding.RemoteVersion;
import com.awkhad.connector.framework.exception.ConnectorException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Imports the external records matching filters (usage {@code batch.importer}): lists them with
 * the adapter's {@code searchRead}, then imports each, inline ({@link DirectBatchImporter}) or as
 * one job per record ({@link DelayedBatchImporter}), handing over the list page's copy so that a
 * complete one is not read again. A connector registers a subclass of one of them for its
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

  /** Lists the external records matching {@code filters} and imports each; returns how many. */
  public int run(Map<String, ?> filters) {
    return list(component(BackendAdapter.class, BackendAdapter.USAGE), filters).size();
  }

  private List<Map<String, Object>> list(BackendAdapter adapter, Map<String, ?> filters) {
    List<Map<String, Object>> records = adapter.searchRead(filters == null ? Map.of() : filters);
    importListed(() -> {
      for (Map<String, Object> record : records) {
        importRecord(adapter.idOf(record), record);
      }
    });
    return records;
  }

  /**
   * Runs {@code imports}, the listing's {@link #importRecord} calls, one per record listed: as
   * they come by default. {@link DelayedBatchImporter} stores the jobs they delay together.
   */
  protected void importListed(Runnable imports) {
    imports.run();
  }

  /**
   * Imports what changed since the last run (the original's high-water mark): reads the backend
   * setting {@code settingKey} (absent on the first run), lists with the filter
   * {@link #sinceFilter()} set to it, written in the remote's format ({@code adapter.clock()}),
   * then stores the next mark in the current transaction:
   *
   * <ul>
   *   <li>the remote's clock at the start of the listing ({@code adapter.listingStartedAt()}, the
   *       {@code Date} header of the first answer over HTTP), else the local clock read before the
   *       listing;
   *   <li>lowered to the greatest remote timestamp among the records listed when that is earlier
   *       (a remote clock behind ours);
   *   <li>minus {@link #safetyMargin()}, for remote transactions that committed late with an earlier
   *       stamp, for the time a listing takes and for clock skew;
   *   <li>rounded <em>down</em> to the remote's precision, so no change is skipped and a remote that
   *       accepts whole seconds only is never sent a fraction.
   * </ul>
   *
   * <p>A mark never moves back. Records listed again are cheap: the importer finds them up to date
   * by their versions.
   *
   * <pre>{@code
   * importer.runSince("import_products_from");   // GET /products?updated_since=2026-11-28T10:14:30Z
   * }</pre>
   */
  public int runSince(String settingKey) {
    BackendAdapter adapter = component(BackendAdapter.class, BackendAdapter.USAGE);
    RemoteClock clock = adapter.clock();
    Instant localStart = Instant.now();
    Map<String, Object> filters = new LinkedHashMap<>();
    Optional<Instant> previous = backend().setting(settingKey, String.class).flatMap(s -> parseMark(clock, settingKey, s));
    previous.ifPresent(from -> filters.put(sinceFilter(), clock.format(from)));
    return env().tx().inTransaction(c -> {
      List<Map<String, Object>> records = list(adapter, filters);
      Instant mark = adapter.listingStartedAt().orElse(localStart);
      Optional<Instant> greatest = records.stream().map(adapter::versionOf).map(RemoteVersion::updatedAt)
          .filter(java.util.Objects::nonNull).max(Instant::compareTo);
      if (greatest.isPresent() && greatest.get().isBefore(mark)) {
        mark = greatest.get();
      }
      Instant next = clock.floor(mark.minus(safetyMargin()));
      if (previous.isPresent() && next.isBefore(previous.get())) {
        next = previous.get();
      }
      Backends.of(env()).updateSettings(backend().id(), Map.of(settingKey, clock.format(next)));
      return records.size();
    });
  }

  private static Optional<Instant> parseMark(RemoteClock clock, String settingKey, String stored) {
    try {
      return clock.parse(stored);
    } catch (IllegalArgumentException e) {
      throw new ConnectorException("The backend setting '" + settingKey + "' holds '" + stored + "', which is not a mark: "
          + e.getMessage() + ". Remove the setting to import everything once, or set it to an ISO-8601 instant");
    }
  }

  /**
   * The backend setting holding this binding model's changed-since mark when the import is started
   * by an operator or a schedule ({@code ./connector import NAME MODEL}, {@code backends schedule}):
   * {@code import_<binding model>_from} by default. Override it to share the mark of the
   * connector's own {@code importSince} calls.
   */
  public String markSetting() {
    return "import_" + modelName() + "_from";
  }

  /**
   * The filters listing the records changed since {@code since}: {@link #sinceFilter()} set to it in
   * the remote's format, e.g. {@code {updated_since=2026-11-28T10:00:00Z}} (for
   * {@code ./connector import NAME MODEL --since TS}, delayed as {@code ConnectorJobs.importBatch}).
   */
  public Map<String, Object> sinceFilters(Instant since) {
    RemoteClock clock = component(BackendAdapter.class, BackendAdapter.USAGE).clock();
    return Map.of(sinceFilter(), clock.format(clock.floor(since)));
  }

  /** The search filter receiving the last run's mark; {@code updated_since} by default. */
  protected String sinceFilter() {
    return "updated_since";
  }

  /**
   * How far before the listing's start the next run looks back; 30 s by default. It covers remote
   * transactions still in flight when the listing ran (they commit later with an earlier stamp),
   * the listing's own duration, and clock skew when the remote gives no clock of its own. Raise it
   * for a remote with long transactions or a drifting clock.
   */
  protected Duration safetyMargin() {
    return Duration.ofSeconds(30);
  }

  /**
   * Imports (or schedules the import of) one listed record; {@code record} is the list page's copy.
   * By default {@link #importRecord(String)}: override this one to use the copy.
   */
  protected void importRecord(String externalId, Map<String, Object> record) {
    importRecord(externalId);
  }

  /** Imports (or schedules the import of) one external record. */
  protected abstract void importRecord(String externalId);
}
