package com.awkhad.connector.server.web.api;

import com.awkhad.connector.base.env.Environment;
import com.awkhad.connector.framework.adapter.ConnectionCheck;
import com.awkhad.connector.framework.admin.AdminRefusal;
import com.awkhad.connector.framework.admin.BackendAdmin;
import com.awkhad.connector.framework.backend.Backend;
import com.awkhad.connector.framework.backend.Secret;
import com.awkhad.connector.queue.job.JobHandle;
import com.awkhad.connector.queue.job.JobJson;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /api/backends/...}: create, show, update, archive, restore, delete and check a backend,
 * start its imports and exports, schedule its imports; every action through {@link BackendAdmin},
 * as the CLI does. A backend is named in the path by its name (URL-encoded) or id. Secrets come in
 * request bodies ({@code "secret"}) and never go out: answers say {@code "secretSet": true}.
 *
 * <pre>
 * POST /api/backends                       {"type", "name", "location", "version"?, "settings"?, "secret"?}
 * GET  /api/backends/{name}
 * POST /api/backends/{name}/update         {"name"?, "location"?, "version"?, "settings"? (null removes), "secret"? (null clears)}
 * POST /api/backends/{name}/disable | /enable
 * POST /api/backends/{name}/delete         {"force"?}
 * POST /api/backends/{name}/check          {"model"?}
 * POST /api/backends/{name}/import         {"model", "since"? | "all"? | "externalIds"?, "force"?}
 * POST /api/backends/{name}/export         {"model", "record"}
 * POST /api/backends/{name}/schedule       {"model", "every"? | "cron"? (+ "zone") | "remove"?}
 * </pre>
 */
final class BackendRoutes {
  private static final Logger audit = LoggerFactory.getLogger("connector.audit");
  private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {};
  static final List<String> ACTIONS = List.of("update", "disable", "enable", "delete", "check", "import", "export",
      "schedule");

  private final Environment env;

  BackendRoutes(Environment env) {
    this.env = env;
  }

  private BackendAdmin admin() {
    if (!env.hasAddon("connector")) {
      throw new ApiException(404, "The connector addon is not started: there are no backends here");
    }
    return BackendAdmin.of(env);
  }

  /** {@code GET /api/backends/{name}}. */
  void show(Context ctx) {
    JobRoutes.single(ctx, List.of(), "/api/backends/{name}");
    Json.ok(ctx, refusals(() -> admin().details(ctx.pathParam("name"))));
  }

  /** {@code POST /api/backends}: 201 with the backend's details. */
  void create(Context ctx) {
    JsonNode body = body(ctx, Set.of("type", "name", "location", "version", "settings", "secret"));
    String type = text(body, "type", true);
    String name = text(body, "name", true);
    Map<String, Object> settings = settings(body, false);
    Secret secret = secret(body);
    BackendAdmin.Details d = refusals(() -> {
      BackendAdmin a = admin();
      Backend b = a.create(type, name, text(body, "location", true), text(body, "version", false), settings,
          secret == null ? Secret.none() : secret);
      return a.details(b);
    });
    audit(ctx, "create", d.id(), d.name());
    Json.send(ctx, 201, d);
  }

  /** {@code POST /api/backends/{name}/{action}}. */
  void act(Context ctx) {
    String ref = ctx.pathParam("name");
    String action = ctx.pathParam("action");
    switch (action) {
      case "update" -> update(ctx, ref);
      case "disable", "enable" -> {
        body(ctx, Set.of());
        Backend b = refusals(() -> admin().setActive(ref, action.equals("enable")));
        audit(ctx, action, b.id(), b.name());
        Json.ok(ctx, refusals(() -> admin().details(b)));
      }
      case "delete" -> {
        JsonNode body = body(ctx, Set.of("force"));
        boolean force = bool(body, "force");
        BackendAdmin.Deleted d = refusals(() -> admin().delete(ref, force));
        audit(ctx, force ? "delete --force" : "delete", d.id(), d.name());
        Json.ok(ctx, Map.of("deleted", d));
      }
      case "check" -> {
        JsonNode body = body(ctx, Set.of("model"));
        String model = text(body, "model", false);
        List<BackendAdmin.ModelCheck> checks = refusals(() -> admin().check(ref, model));
        boolean ok = checks.stream().anyMatch(c -> c.check().ok()) && checks.stream().allMatch(
            c -> c.check().ok() || c.check().outcome() == ConnectionCheck.Outcome.UNSUPPORTED);
        List<Map<String, Object>> out = new ArrayList<>();
        for (BackendAdmin.ModelCheck c : checks) {
          Map<String, Object> m = new LinkedHashMap<>();
          m.put("model", c.model());
          m.put("outcome", c.check().outcome());
          m.put("ok", c.check().ok());
          m.put("request", c.check().request());
          m.put("status", c.check().status());
          m.put("elapsedMs", c.check().elapsed().toMillis());
          m.put("message", c.check().message());
          out.add(m);
        }
        Json.ok(ctx, Map.of("ok", ok, "checks", out));
      }
      case "import" -> importRecords(ctx, ref);
      case "export" -> {
        JsonNode body = body(ctx, Set.of("model", "record"));
        String model = text(body, "model", true);
        JsonNode record = body.get("record");
        if (record == null || !record.canConvertToLong() || !record.isIntegralNumber()) {
          throw ApiException.badRequest("\"record\" must be the local record's id, a number", null);
        }
        BackendAdmin.Exported e = refusals(() -> admin().export(ref, model, record.asLong()));
        audit(ctx, "export", model + " #" + record.asLong(), ref);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("bindingId", e.bindingId());
        out.put("bindingCreated", e.bindingCreated());
        out.put("externalId", e.externalId());
        out.put("jobs", List.of(job(e.job())));
        Json.send(ctx, 202, out);
      }
      case "schedule" -> {
        JsonNode body = body(ctx, Set.of("model", "every", "cron", "zone", "remove"));
        String model = text(body, "model", true);
        if (bool(body, "remove")) {
          if (body.has("every") || body.has("cron") || body.has("zone")) {
            throw ApiException.badRequest("\"remove\": true takes no \"every\", \"cron\" or \"zone\"", null);
          }
          boolean removed = refusals(() -> admin().unschedule(ref, model));
          audit(ctx, "unschedule", model, ref);
          Json.ok(ctx, Map.of("removed", removed));
          return;
        }
        BackendAdmin.ScheduleView s = refusals(() -> admin().schedule(ref, model, BackendAdmin.schedule(
            text(body, "every", false), text(body, "cron", false), text(body, "zone", false))));
        audit(ctx, "schedule", model + " " + s.schedule(), ref);
        Json.ok(ctx, Map.of("schedule", s));
      }
      default -> throw new ApiException(404, "No backend action '" + action + "'", ACTIONS);
    }
  }

  private void update(Context ctx, String ref) {
    JsonNode body = body(ctx, Set.of("name", "location", "version", "settings", "secret"));
    BackendAdmin.Changes changes = BackendAdmin.Changes.none().withName(text(body, "name", false))
        .withLocation(text(body, "location", false)).withVersion(text(body, "version", false))
        .withSettings(settings(body, true));
    if (body.has("secret")) {
      Secret s = secret(body);
      changes = changes.withSecret(s == null ? Secret.none() : s);
    }
    BackendAdmin.Changes c = changes;
    Backend b = refusals(() -> admin().update(ref, c));
    audit(ctx, "update " + (c.settings() == null ? "" : "settings " + c.settings().keySet() + " ")
        + (c.secret() == null ? "" : c.secret().isEmpty() ? "secret cleared" : "secret replaced"), b.id(), b.name());
    Json.ok(ctx, refusals(() -> admin().details(b)));
  }

  private void importRecords(Context ctx, String ref) {
    JsonNode body = body(ctx, Set.of("model", "since", "all", "externalIds", "force"));
    String model = text(body, "model", true);
    int ways = (body.has("since") ? 1 : 0) + (body.has("all") ? 1 : 0) + (body.has("externalIds") ? 1 : 0);
    if (ways > 1) {
      throw ApiException.badRequest("Give at most one of \"since\", \"all\", \"externalIds\" (none: the records"
          + " changed since the last run)", List.of("since", "all", "externalIds"));
    }
    boolean force = bool(body, "force");
    if (force && !body.has("externalIds")) {
      throw ApiException.badRequest("\"force\" goes with \"externalIds\"", null);
    }
    List<JobHandle> jobs = refusals(() -> {
      BackendAdmin a = admin();
      List<JobHandle> out = new ArrayList<>();
      if (body.has("since")) {
        out.add(a.importSince(ref, model, BackendAdmin.instant(text(body, "since", true))));
      } else if (bool(body, "all")) {
        out.add(a.importAll(ref, model));
      } else if (body.has("externalIds")) {
        JsonNode ids = body.get("externalIds");
        if (!ids.isArray() || ids.isEmpty() || ids.size() > 1000) {
          throw ApiException.badRequest("\"externalIds\" must be an array of 1 to 1000 external ids", null);
        }
        env.tx().run(c -> ids.forEach(id -> out.add(a.importRecord(ref, model, id.asText(), force))));
      } else {
        out.add(a.importChanged(ref, model));
      }
      return out;
    });
    audit(ctx, "import", model + " (" + jobs.size() + " job(s))", ref);
    Json.send(ctx, 202, Map.of("jobs", jobs.stream().map(BackendRoutes::job).toList()));
  }

  private static Map<String, Object> job(JobHandle h) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("uuid", h.uuid());
    m.put("existing", h.existing());
    return m;
  }

  // ---------------------------------------------------------------- request parsing

  /** The JSON body, refusing keys not in {@code allowed}; a parse error never quotes a body holding a secret. */
  private static JsonNode body(Context ctx, Set<String> allowed) {
    JsonNode body;
    try {
      body = Json.body(ctx);
    } catch (ApiException e) {
      if (ctx.body().contains("secret")) {
        throw ApiException.badRequest("The request body is not a valid JSON object (its text is not repeated here: it"
            + " holds a secret)", null);
      }
      throw e;
    }
    for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!allowed.contains(key)) {
        throw ApiException.badRequest("Unknown field '" + key + "' in the body of " + ctx.method() + " " + ctx.path(),
            allowed.stream().sorted().toList());
      }
    }
    return body;
  }

  private static String text(JsonNode body, String key, boolean required) {
    JsonNode v = body.get(key);
    if (v == null || v.isNull()) {
      if (required) {
        throw ApiException.badRequest("The body needs \"" + key + "\"", null);
      }
      return null;
    }
    if (!v.isTextual()) {
      throw ApiException.badRequest("\"" + key + "\" must be a string, got " + v.getNodeType(), null);
    }
    return v.asText();
  }

  private static boolean bool(JsonNode body, String key) {
    JsonNode v = body.get(key);
    if (v != null && !v.isBoolean()) {
      throw ApiException.badRequest("\"" + key + "\" must be true or false, got " + v.getNodeType(), null);
    }
    return v != null && v.asBoolean();
  }

  /** The "secret" string, null when absent or null; never quoted in an error. */
  private static Secret secret(JsonNode body) {
    JsonNode v = body.get("secret");
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual() || v.asText().isEmpty()) {
      throw ApiException.badRequest("\"secret\" must be a non-empty string (null clears it on update)", null);
    }
    return Secret.of(v.asText());
  }

  private static Map<String, Object> settings(JsonNode body, boolean nullsRemove) {
    JsonNode v = body.get("settings");
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isObject()) {
      throw ApiException.badRequest("\"settings\" must be an object of setting names to values", null);
    }
    Map<String, Object> out = JobJson.mapper().convertValue(v, MAP);
    if (!nullsRemove && out.containsValue(null)) {
      throw ApiException.badRequest("A setting of a new backend cannot be null", null);
    }
    return out;
  }

  /** Runs {@code call}, turning a refusal into its answer: 404, 400 or 409 with the message. */
  private static <T> T refusals(java.util.function.Supplier<T> call) {
    try {
      return call.get();
    } catch (AdminRefusal e) {
      int status = switch (e.reason()) {
        case NOT_FOUND -> 404;
        case INVALID -> 400;
        case CONFLICT -> 409;
      };
      throw new ApiException(status, e.getMessage());
    } catch (com.awkhad.connector.framework.exception.ConnectorException | IllegalArgumentException e) {
      throw new ApiException(400, e.getMessage());
    }
  }

  private static void audit(Context ctx, String action, Object target, Object backend) {
    String role = ctx.attribute(Api.ROLE);
    audit.info("action=backend.{} by={} client={} backend={} target={}", action, role == null ? "anonymous" : role,
        ctx.attribute(Api.CLIENT), backend, target);
  }
}
