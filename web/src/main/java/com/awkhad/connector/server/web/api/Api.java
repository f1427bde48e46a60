package com.awkhad.connector.server.web.api;

import com.awkhad.connector.base.env.Environment;
import com.awkhad.connector.component.event.capture.CaptureBacklog;
import com.awkhad.connector.component.event.capture.CaptureStatus;
import com.awkhad.connector.framework.admin.AdminRefusal;
import com.awkhad.connector.framework.admin.BackendAdmin;
import com.awkhad.connector.queue.admin.JobAdmin;
import com.awkhad.connector.queue.read.JobReads;
import com.awkhad.connector.queue.runner.Runner;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The REST API under {@code /api} and {@code /health}, JSON in and out. The routes and their
 * parameters are documented in {@code docs/dashboard.md}.
 *
 * <pre>{@code
 * Api api = new Api(env, runner);                 // runner: this process's, or null
 * Javalin.create(cfg -> api.routes(cfg.routes));
 * }</pre>
 *
 * <p>Refused requests answer 400 (bad input, with what is allowed), 404 (no such job or
 * endpoint) or 409 (an action the job's state does not allow), with a body
 * {@code {"status": 400, "error": "...", "allowed": [...]}}.
 */
public final class Api implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Api.class);
  /** The request attribute naming who is calling: {@link #ADMIN}, {@link #READ} or {@link #OPEN}; absent when anonymous. */
  public static final String ROLE = "connector.role";
  /** The request attribute holding the client's address (from a trusted proxy's X-Forwarded-For, else the peer). */
  public static final String CLIENT = "connector.client";
  /** The admin token: may read and change jobs. */
  public static final String ADMIN = "admin";
  /** The read-only token: may read. */
  public static final String READ = "read";
  /** No token is set (loopback only): anyone on this machine may read and change jobs. */
  public static final String OPEN = "open";
  static final List<String> ENDPOINTS = List.of(
      "GET /api/overview", "GET /api/jobs", "GET /api/jobs/{uuid}", "POST /api/jobs/{uuid}/{run-now|requeue|cancel|done}",
      "POST /api/jobs/{run-now|requeue|cancel|done}", "GET /api/failures", "GET /api/counts", "GET /api/channels",
      "GET /api/runners", "GET /api/recurring", "GET /api/batches", "GET /api/batches/{id}", "GET /api/backends", "POST /api/backends", "GET /api/backends/{name}",
      "POST /api/backends/{name}/{update|disable|enable|delete|check|import|export|schedule}", "GET /api/capture", "GET /health",
      "GET /metrics");

  private final Environment env;
  private final QueueReads queue;
  private final JobRoutes jobs;
  private final BackendRoutes backends;
  private final BatchRoutes batches;
  private final Health health;
  private final Runner runner;

  public Api(Environment env, Runner runner) {
    this.env = env;
    this.runner = runner;
    this.queue = new QueueReads(env, runner);
    this.jobs = new JobRoutes(new JobReads(env.tx()), queue, env.service(JobAdmin.class),
        ref -> {
          try {
            return BackendAdmin.of(env).find(ref).id();
          } catch (AdminRefusal e) {
            throw new IllegalArgumentException(e.getMessage(), e);
          }
        }, env.service(com.awkhad.connector.queue.Queue.class).relatedActions());
    this.backends = new BackendRoutes(env);
    this.batches = new BatchRoutes(com.awkhad.connector.queue.batch.JobBatches.of(env));
    this.health = new Health(queue, runner == null ? null : runner.workerId(),
        env.database().dialect().name().toLowerCase(java.util.Locale.ROOT));
  }

  /** Declares the routes and the JSON error answers on a Javalin configuration. */
  public void routes(RoutesConfig routes) {
    routes.get("/health", health::handle);
    routes.get("/api/overview", this::overview);
    routes.get("/api/jobs", jobs::list);
    routes.get("/api/jobs/{uuid}", jobs::show);
    routes.post("/api/jobs/{uuid}/{action}", jobs::act);
    routes.post("/api/jobs/{action}", jobs::bulk);
    routes.get("/api/failures", jobs::failures);
    routes.get("/api/counts", ctx -> {
      noParams(ctx, "/api/counts");
      Map<String, Object> body = new LinkedHashMap<>();
      Map<String, Long> byState = queue.countsByState();
      body.put("total", byState.values().stream().mapToLong(Long::longValue).sum());
      body.put("byState", byState);
      body.put("byChannel", queue.countsByChannel());
      Json.ok(ctx, body);
    });
    routes.get("/api/channels", ctx -> {
      noParams(ctx, "/api/channels");
      List<Map<String, Object>> runners = queue.runners();
      QueueReads.Config config = queue.config(runners);
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("channels", queue.channels(config));
      body.put("configuredBy", config.source());
      Json.ok(ctx, body);
    });
    routes.get("/api/runners", ctx -> {
      noParams(ctx, "/api/runners");
      Json.ok(ctx, Map.of("runners", queue.runners()));
    });
    routes.get("/api/recurring", ctx -> {
      noParams(ctx, "/api/recurring");
      Json.ok(ctx, Map.of("recurring", queue.recurring()));
    });
    routes.get("/api/batches", batches::list);
    routes.get("/api/batches/{id}", batches::show);
    routes.get("/api/backends", ctx -> {
      noParams(ctx, "/api/backends");
      Json.ok(ctx, Map.of("backends", queue.backends()));
    });
    routes.get("/api/capture", ctx -> {
      noParams(ctx, "/api/capture");
      Json.ok(ctx, capture());
    });
    routes.post("/api/backends", backends::create);
    routes.get("/api/backends/{name}", backends::show);
    routes.post("/api/backends/{name}/{action}", backends::act);
    routes.get("/api/*", ctx -> unknown(ctx));
    routes.post("/api/*", ctx -> unknown(ctx));
    routes.exception(ApiException.class, (e, ctx) -> error(ctx, e.status, e.getMessage(), e.allowed));
    routes.exception(Exception.class, (e, ctx) -> {
      if (e instanceof HttpResponseException h && h.getStatus() < 500) {
        error(ctx, h.getStatus(), Errors.message(h.getStatus(), ctx, h.getMessage()), null);
        return;
      }
      String ref = Errors.reference();
      log.error("Dashboard request {} {} failed [ref {}]: {}", ctx.method(), ctx.path(), ref, Errors.oneLine(e));
      log.debug("Dashboard request failure [ref {}] in full", ref, e);
      error(ctx, 500, "Internal error (reference " + ref + "): the server's log has the details under this reference",
          null);
    });
    for (int status : Errors.STATUSES) {
      routes.error(status, "*", ctx -> {
        String type = ctx.res().getContentType();
        if (type == null || !type.startsWith("application/json")) {
          error(ctx, status, Errors.message(status, ctx, ctx.result()), status == 404 && ctx.path().startsWith("/api")
              ? ENDPOINTS : null);
        }
      });
    }
  }

  /** Change capture's backlog (docs/capture.md): captured models, pending changes, the oldest one's age. */
  private Map<String, Object> capture() {
    CaptureStatus status = CaptureStatus.of(env);
    if (!status.installed()) {
      return Map.of("models", List.of(), "pending", 0, "failing", 0);
    }
    CaptureBacklog b = status.backlog();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("models", status.models());
    body.put("pending", b.pending());
    body.put("failing", b.failing());
    body.put("oldestAt", b.oldest() == null ? null : b.oldest().toString());
    body.put("oldestAgeMs", b.age().toMillis());
    return body;
  }

  /** {@code GET /api/overview}: what the dashboard's first page shows, in one call. */
  private void overview(Context ctx) {
    noParams(ctx, "/api/overview");
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("now", Instant.now());
    body.put("database", env.database().dialect().name().toLowerCase(java.util.Locale.ROOT));
    Map<String, Long> counts = queue.countsByState();
    body.put("total", counts.values().stream().mapToLong(Long::longValue).sum());
    body.put("counts", counts);
    body.put("failures", jobs.failuresBody(10));
    List<Map<String, Object>> runners = queue.runners();
    QueueReads.Config config = queue.config(runners);
    body.put("channels", queue.channels(config));
    body.put("channelsConfiguredBy", config.source());
    body.put("runners", runners);
    body.put("thisRunner", runner == null ? null : runner.workerId());
    body.put("throughput", queue.throughput());
    body.put("backendErrors", queue.backends().stream().filter(b -> b.get("lastError") != null).toList());
    Json.ok(ctx, body);
  }

  private static void noParams(Context ctx, String endpoint) {
    JobRoutes.single(ctx, List.of(), endpoint);
  }

  private static void unknown(Context ctx) {
    error(ctx, 404, "No API endpoint " + ctx.method() + " " + ctx.path(), ENDPOINTS);
  }

  private static void error(Context ctx, int status, String message, List<String> allowed) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", status);
    body.put("error", message);
    if (allowed != null) {
      body.put("allowed", allowed);
    }
    Json.send(ctx, status, body);
  }

  @Override
  public void close() {
    health.close();
  }
}
