package com.awkhad.connector.server.web.api;

import com.awkhad.connector.queue.batch.JobBatch;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A job batch as JSON, the same for the REST API ({@code GET /api/batches}) and the CLI's
 * {@code jobs batches --json}.
 *
 * <pre>{@code
 * Map<String, Object> doc = BatchView.of(batch); // id, name, state, total, waiting, done, failed, ...
 * }</pre>
 */
public final class BatchView {
  private BatchView() {}

  public static Map<String, Object> of(JobBatch b) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", b.id());
    m.put("name", b.name());
    m.put("state", b.state());
    m.put("total", b.total());
    m.put("waiting", b.waiting());
    m.put("done", b.done());
    m.put("failed", b.failed());
    m.put("cancelled", b.cancelled());
    m.put("percentDone", b.percentDone());
    m.put("dateCreated", b.dateCreated());
    m.put("lastDone", b.lastDone());
    return m;
  }
}
