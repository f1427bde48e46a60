package com.awkhad.connector.server.web.api;

import io.javalin.http.Context;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code GET /health}: 200 when the database answers (within 3 s) and this process's runner, if
 * it has one, holds a live lease; 503 otherwise, saying which part is down and why. Without the
 * token (when one is set) it says only up or down per part: no runner id (it holds the host name
 * and pid), no error text.
 */
final class Health implements AutoCloseable {
  private static final long TIMEOUT_MS = 3_000;

  private final QueueReads reads;
  private final String runnerId;
  private final String dialect;
  private final ExecutorService checks = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "connector-health");
    t.setDaemon(true);
    return t;
  });

  Health(QueueReads reads, String runnerId, String dialect) {
    this.reads = reads;
    this.runnerId = runnerId;
    this.dialect = dialect;
  }

  void handle(Context ctx) {
    Map<String, Object> body = new LinkedHashMap<>();
    Map<String, Object> db = new LinkedHashMap<>();
    db.put("dialect", dialect);
    long t0 = System.nanoTime();
    String dbProblem = within(() -> reads.databaseAnswers() ? null : "the database returned no row for SELECT 1");
    db.put("status", dbProblem == null ? "up" : "down");
    db.put("latencyMs", (System.nanoTime() - t0) / 1_000_000);
    if (dbProblem != null) {
      db.put("error", dbProblem);
    }
    boolean up = dbProblem == null;
    body.put("database", db);
    if (runnerId != null) {
      Map<String, Object> runner = new LinkedHashMap<>();
      runner.put("id", runnerId);
      if (dbProblem != null) {
        runner.put("status", "unknown");
        runner.put("error", "cannot read its lease: the database is down");
        up = false;
      } else {
        Instant[] lease = new Instant[1];
        String problem = within(() -> {
          lease[0] = reads.runnerLease();
          if (lease[0] == null) {
            return "the runner has no lease row: it stopped, or another runner found it dead";
          }
          return lease[0].isAfter(Instant.now()) ? null
              : "the runner's lease expired at " + lease[0] + ": it missed its heartbeats";
        });
        runner.put("status", problem == null ? "up" : "down");
        runner.put("leaseUntil", lease[0]);
        if (problem != null) {
          runner.put("error", problem);
          up = false;
        }
      }
      body.put("runner", runner);
    }
    body.put("status", up ? "up" : "down");
    Map<String, Object> ordered = new LinkedHashMap<>();
    ordered.put("status", body.remove("status"));
    ordered.putAll(body);
    Json.send(ctx, up ? 200 : 503, ctx.attribute(Api.ROLE) != null ? ordered : reduced(ordered));
  }

  /** What a caller without the token sees: up or down per part, no runner id (host and pid), no error text. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> reduced(Map<String, Object> full) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("status", full.get("status"));
    for (String part : new String[] {"database", "runner"}) {
      if (full.get(part) instanceof Map<?, ?> m) {
        out.put(part, Map.of("status", ((Map<String, Object>) m).get("status")));
      }
    }
    out.put("detail", "send the token for the runner's id and the errors");
    return out;
  }

  /** Runs a check with the time limit; returns its problem, or why it could not finish. */
  private String within(java.util.concurrent.Callable<String> check) {
    Future<String> f = checks.submit(check);
    try {
      return f.get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      f.cancel(true);
      return "no answer within " + TIMEOUT_MS / 1000 + " s";
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      return cause.getClass().getSimpleName() + ": " + cause.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }

  @Override
  public void close() {
    checks.shutdownNow();
  }
}
