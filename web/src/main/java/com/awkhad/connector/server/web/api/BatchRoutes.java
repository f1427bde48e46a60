package com.awkhad.connector.server.web.api;

import com.awkhad.connector.queue.batch.JobBatch;
import com.awkhad.connector.queue.batch.JobBatches;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/batches} (the newest batches, {@code limit} 1..500, default 50) and
 * {@code GET /api/batches/{id}} (one batch with the uuids of its jobs by state, up to 100 per
 * state, and {@code jobList}: its first 200 jobs with their state and description): job batches
 * with their progress, e.g. a backend import and the record imports it delayed.
 */
final class BatchRoutes {
  private static final int JOBS_PER_STATE = 100;
  private static final int JOB_LIST = 200;
  private final JobBatches batches;

  BatchRoutes(JobBatches batches) {
    this.batches = batches;
  }

  void list(Context ctx) {
    JobRoutes.single(ctx, List.of("limit"), "/api/batches");
    String limitText = ctx.queryParam("limit");
    int limit = 50;
    if (limitText != null && !limitText.isBlank()) {
      try {
        limit = Integer.parseInt(limitText.strip());
      } catch (NumberFormatException e) {
        limit = -1;
      }
      if (limit < 1 || limit > 500) {
        throw ApiException.badRequest("limit must be a number from 1 to 500, got '" + limitText + "'", List.of("limit"));
      }
    }
    Json.ok(ctx, Map.of("batches", batches.list(limit).stream().map(BatchView::of).toList()));
  }

  void show(Context ctx) {
    JobRoutes.single(ctx, List.of(), "/api/batches/{id}");
    String idText = ctx.pathParam("id");
    long id;
    try {
      id = Long.parseLong(idText);
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("A batch id is a number, got '" + idText + "'; GET /api/batches lists them", null);
    }
    JobBatch b = batches.find(id).orElseThrow(() -> ApiException.notFound("No job batch " + id
        + " (it may have been removed); GET /api/batches lists them"));
    Map<String, Object> body = BatchView.of(b);
    body.put("jobs", batches.jobsByState(id, JOBS_PER_STATE));
    body.put("jobList", batches.jobs(id, JOB_LIST).stream().map(j -> {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("uuid", j.uuid());
      m.put("state", j.state());
      m.put("description", j.description());
      m.put("excName", j.excName());
      m.put("dateCreated", j.dateCreated());
      return m;
    }).toList());
    Json.ok(ctx, body);
  }
}
