package com.awkhad.connector.server.web.api;

import com.awkhad.connector.queue.admin.AdminResult;
import com.awkhad.connector.queue.admin.JobAdmin;
import com.awkhad.connector.queue.admin.RunNowSummary;
import com.awkhad.connector.queue.job.JobState;
import com.awkhad.connector.queue.job.JobRecord;
import com.awkhad.connector.queue.read.InvalidFilterException;
import com.awkhad.connector.queue.read.JobFilter;
import com.awkhad.connector.queue.read.JobReads;
import com.awkhad.connector.queue.related.RelatedActions;
import com.awkhad.connector.queue.related.RelatedRecord;
import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code /api/jobs}: the filtered list, one job, and the run-now / requeue / cancel / done actions, per job and in bulk. */
final class JobRoutes {
  private static final Logger log = LoggerFactory.getLogger(JobRoutes.class);
  /** One line per admin action: who, from where, what, how many jobs. Routed by name in logback.xml. */
  private static final Logger audit = LoggerFactory.getLogger("connector.audit");
  private static final Pattern UUID = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
  static final int DEFAULT_LIMIT = 50;
  static final int MAX_LIMIT = 500;
  /** Most jobs one bulk action changes; the response says when more matched. */
  static final int BULK_MAX = 5_000;
  private static final List<String> LIST_PARAMS;
  private static final List<String> BULK_FIELDS = List.of("uuids", "filter", "dryRun");

  static {
    List<String> p = new ArrayList<>(JobFilter.KEYS);
    p.add("limit");
    p.add("offset");
    p.add("sort");
    LIST_PARAMS = List.copyOf(p);
  }

  private final JobReads reads;
  private final QueueReads queue;
  private final JobAdmin admin;
  /** The id of a backend by name or id; IllegalArgumentException saying which backends there are. */
  private final Function<String, Long> backendIds;
  private final RelatedActions related;

  JobRoutes(JobReads reads, QueueReads queue, JobAdmin admin, Function<String, Long> backendIds, RelatedActions related) {
    this.reads = reads;
    this.queue = queue;
    this.admin = admin;
    this.backendIds = backendIds;
    this.related = related;
  }

  /** {@code filter} with its backend resolved to an id (400 naming the backends there are when unknown). */
  private JobFilter resolved(JobFilter filter) {
    if (filter.backend() == null) {
      return filter;
    }
    try {
      return filter.withBackendId(backendIds.apply(filter.backend()));
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(e.getMessage(), null);
    }
  }

  /** {@code GET /api/jobs?state=failed&channel=root.coffee&function=importRecord&q=timeout&limit=50&offset=0}. */
  void list(Context ctx) {
    Map<String, String> params = single(ctx, LIST_PARAMS, "/api/jobs");
    JobFilter filter = resolved(parse(params));
    int limit = intParam(params, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
    int offset = intParam(params, "offset", 0, 0, Integer.MAX_VALUE);
    String sort = params.getOrDefault("sort", "newest");
    if (!sort.equals("newest") && !sort.equals("failed")) {
      throw ApiException.badRequest("Unknown sort '" + sort + "'", List.of("newest", "failed"));
    }
    JobReads.Page page = reads.page(filter, limit, offset, sort.equals("failed") ? JobReads.Sort.FAILED : JobReads.Sort.NEWEST);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("jobs", page.jobs().stream().map(JobViews::summary).toList());
    body.put("total", page.total());
    body.put("limit", limit);
    body.put("offset", offset);
    body.put("countsByState", page.countsByState());
    body.put("filter", filter.describe());
    Json.ok(ctx, body);
  }

  /** {@code GET /api/jobs/{uuid}}: the job in full. */
  void show(Context ctx) {
    String uuid = uuid(ctx.pathParam("uuid"));
    JobRecord job = reads.job(uuid).orElseThrow(() -> noSuchJob(uuid));
    Map<String, Object> body = JobViews.detail(job, reads.around(job), runnerOf(job));
    body.put("history", JobViews.history(job, admin.history(uuid)));
    body.put("related", related(job));
    Json.ok(ctx, body);
  }

  private Map<String, Object> runnerOf(JobRecord job) {
    if (job.workerId() == null) {
      return null;
    }
    String id = QueueReads.runnerOf(job.workerId());
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("id", id);
    out.put("unit", job.workerId());
    Optional<Map<String, Object>> lease = queue.runners().stream().filter(r -> id.equals(r.get("id"))).findFirst();
    out.put("host", lease.map(r -> r.get("host")).orElse(null));
    out.put("alive", lease.map(r -> r.get("alive")).orElse(false));
    out.put("leaseUntil", lease.map(r -> r.get("leaseUntil")).orElse(null));
    return out;
  }

  /** {@code POST /api/jobs/{uuid}/{action}}: 200 when the job changed, 409 saying why when it could not. */
  void act(Context ctx) {
    String uuid = uuid(ctx.pathParam("uuid"));
    String action = action(ctx.pathParam("action"));
    if (reads.job(uuid).isEmpty()) {
      throw noSuchJob(uuid);
    }
    AdminResult r = apply(ctx, action, List.of(uuid)).get(0);
    log.info("Dashboard: {} job {}: {}", action, uuid, r.message());
    audit(ctx, action, "uuid " + uuid, 1, r.changed() ? 1 : 0);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("uuid", r.uuid());
    body.put("action", action);
    body.put("changed", r.changed());
    body.put("message", r.message());
    if (r.was() != null) {
      body.put("was", r.was());
    }
    body.put("job", reads.job(uuid).map(JobViews::summary).orElse(null));
    Json.send(ctx, r.changed() ? 200 : 409, body);
  }

  /**
   * {@code POST /api/jobs/{action}} with {@code {"uuids": [...]}} or {@code {"filter": {"state": "failed",
   * "function": "...", "error": "..."}}}: at most {@value #BULK_MAX} jobs, oldest first. With
   * {@code "dryRun": true} it only answers how many jobs it would touch. A filter that is empty or
   * matches every job is refused.
   */
  void bulk(Context ctx) {
    String action = action(ctx.pathParam("action"));
    JsonNode body = Json.body(ctx);
    for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!BULK_FIELDS.contains(key)) {
        throw ApiException.badRequest("Unknown field '" + key + "' in the body of POST /api/jobs/" + action, BULK_FIELDS);
      }
    }
    if (body.has("uuids") == body.has("filter")) {
      throw ApiException.badRequest("Give either \"uuids\": [\"...\"] or \"filter\": {...} (not both, not neither)",
          List.of("uuids", "filter"));
    }
    JsonNode dry = body.get("dryRun");
    if (dry != null && !dry.isBoolean()) {
      throw ApiException.badRequest("\"dryRun\" must be true or false, got " + dry, null);
    }
    boolean dryRun = dry != null && dry.asBoolean();
    List<String> uuids;
    Map<String, Object> filterShown = null;
    long total;
    boolean more = false;
    if (body.has("uuids")) {
      JsonNode list = body.get("uuids");
      if (!list.isArray() || list.isEmpty()) {
        throw ApiException.badRequest("\"uuids\" must be a non-empty array of job uuids", null);
      }
      if (list.size() > BULK_MAX) {
        throw ApiException.badRequest("At most " + BULK_MAX + " uuids per call, got " + list.size(), null);
      }
      uuids = new ArrayList<>();
      for (JsonNode u : list) {
        uuids.add(uuid(u.isTextual() ? u.asText() : u.toString()));
      }
      total = dryRun ? reads.existing(uuids) : uuids.size();
    } else {
      JobFilter filter = resolved(filter(body.get("filter")));
      if (action.equals(RUN_NOW) && !filter.isEmpty()) {
        filter = runNowFilter(filter); // names the state pending: the pending jobs of the filter are the bound
      }
      refuseEverything(action, filter);
      filterShown = filter.describe();
      total = dryRun ? reads.count(filter) : 0;
      uuids = dryRun ? List.of() : reads.uuids(filter, BULK_MAX + 1);
      more = uuids.size() > BULK_MAX;
      if (more) {
        uuids = uuids.subList(0, BULK_MAX);
      }
    }
    if (dryRun) {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("action", action);
      out.put("dryRun", true);
      out.put("filter", filterShown);
      out.put("matched", Math.min(total, BULK_MAX));
      out.put("total", total);
      out.put("more", total > BULK_MAX);
      Json.ok(ctx, out);
      return;
    }
    List<AdminResult> results = apply(ctx, action, uuids);
    long changed = results.stream().filter(AdminResult::changed).count();
    log.info("Dashboard: {} of {} job(s) ({}): {} changed", action, uuids.size(),
        filterShown == null ? "by uuid" : "filter " + filterShown, changed);
    audit(ctx, action, filterShown == null ? "uuids " + shortList(uuids) : "filter " + filterShown, uuids.size(), changed);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("action", action);
    out.put("filter", filterShown);
    out.put("matched", uuids.size());
    out.put("changed", changed);
    out.put("unchanged", uuids.size() - changed);
    out.put("more", more);
    if (action.equals(RUN_NOW)) {
      out.put("summary", RunNowSummary.of(results));
    }
    out.put("results", results);
    Json.ok(ctx, out);
  }

  static final String RUN_NOW = "run-now";

  /**
   * Run-now by filter takes the pending jobs whose eta is in the future (jobs already due run in
   * their turn); a filter naming another state is refused, saying which action fits it.
   */
  private static JobFilter runNowFilter(JobFilter filter) {
    for (JobState s : filter.states()) {
      if (s != JobState.PENDING) {
        throw ApiException.badRequest("run-now takes pending jobs, not " + s
            + (s == JobState.FAILED || s == JobState.CANCELLED || s == JobState.DONE
                ? ": to run them again, use POST /api/jobs/requeue" : ""), List.of("pending"));
      }
    }
    return filter.waitingOnly();
  }

  /**
   * Refuses a filter that is empty, or that names no state and does not narrow the jobs down (an
   * empty error, a text of one or two characters) or matches every job in the queue.
   */
  private void refuseEverything(String action, JobFilter filter) {
    String what = " Give a state (e.g. {\"filter\": {\"state\": \"failed\"}}) or narrow it with a function, channel,"
        + " exc, error line or a text \"q\" of at least " + JobFilter.MIN_BULK_TEXT + " characters; send"
        + " \"dryRun\": true first to see how many jobs it touches.";
    if (filter.isEmpty()) {
      throw ApiException.badRequest("Refusing to " + action + " every job: the filter is empty." + what, JobFilter.KEYS);
    }
    if (filter.text() != null && filter.text().length() < JobFilter.MIN_BULK_TEXT) {
      throw ApiException.badRequest("Refusing to " + action + " by the text \"q\": \"" + filter.text() + "\": a text"
          + " of fewer than " + JobFilter.MIN_BULK_TEXT + " characters matches nearly every job (every uuid holds"
          + " \"-\")." + what, JobFilter.KEYS);
    }
    if (filter.namesStates()) {
      return;
    }
    if (!filter.narrowsBesidesState()) {
      throw ApiException.badRequest(filter.error() != null
          ? "Refusing to " + action + " every job without an error: an empty \"error\" matches every job that has"
              + " not failed." + what
          : "Refusing to " + action + " every job: naming every state filters nothing." + what, JobFilter.KEYS);
    }
    long all = reads.count(JobFilter.NONE);
    if (all > 1 && reads.count(filter) == all) {
      throw ApiException.badRequest("Refusing to " + action + " every job: the filter " + filter.describe()
          + " matches all " + all + " jobs in the queue." + what, JobFilter.KEYS);
    }
  }

  /** Who did what from where, on how many jobs, to the audit log (never a token). */
  private static void audit(Context ctx, String action, String target, long matched, long changed) {
    String role = ctx.attribute(Api.ROLE);
    audit.info("action={} by={} client={} target={} matched={} changed={}", action, role == null ? "anonymous" : role,
        ctx.attribute(Api.CLIENT), target, matched, changed);
  }

  private static String shortList(List<String> uuids) {
    return uuids.size() <= 20 ? uuids.toString()
        : uuids.subList(0, 20).toString().replace("]", ", … " + (uuids.size() - 20) + " more]");
  }

  /**
   * {@code GET /api/failures}: failed jobs grouped by function and first line of their error, and
   * the same for the pending jobs being retried after a failed try.
   */
  void failures(Context ctx) {
    Map<String, String> params = single(ctx, List.of("limit"), "/api/failures");
    int limit = intParam(params, "limit", 50, 1, MAX_LIMIT);
    Json.ok(ctx, failuresBody(limit));
  }

  Map<String, Object> failuresBody(int limit) {
    Map<String, Object> out = groups(reads.failures(limit, false), "failed");
    Map<String, Object> retrying = groups(reads.failures(limit, true), "pending");
    out.put("retrying", retrying.get("groups"));
    return out;
  }

  private static Map<String, Object> groups(JobReads.Failures f, String state) {
    Map<String, Object> out = new LinkedHashMap<>();
    List<Map<String, Object>> groups = new ArrayList<>();
    for (JobReads.FailureGroup g : f.groups()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("function", g.function());
      m.put("excName", g.exc());
      m.put("error", g.error()); // the shape: {n}, {id}, {uuid}, '{s}' stand for what varies
      m.put("example", g.example()); // the newest job's own line
      m.put("count", g.count());
      m.put("lastSeen", g.lastSeen());
      m.put("newestUuid", g.newestUuid());
      Map<String, Object> filter = new LinkedHashMap<>();
      filter.put("state", state);
      filter.put("function", g.function());
      if (g.exc() != null) {
        filter.put("exc", g.exc());
      }
      filter.put("shape", g.error());
      m.put("filter", filter);
      groups.add(m);
    }
    out.put("groups", groups);
    out.put("scanned", f.scanned());
    out.put("complete", f.complete());
    return out;
  }

  /** What the job is about (its function's related action), or what went wrong asking it; null when it has none. */
  private Map<String, Object> related(JobRecord job) {
    Map<String, Object> out = new LinkedHashMap<>();
    try {
      Optional<RelatedRecord> r = related == null ? Optional.empty() : related.describe(job);
      if (r.isEmpty()) {
        return null;
      }
      out.put("words", r.get().words());
      out.put("links", r.get().links());
    } catch (RuntimeException e) {
      log.warn("The related action of job {} ({}) failed: {}", job.uuid(), job.funcName(), e.toString());
      out.put("error", "The related action of " + job.funcName() + " failed: " + e.getMessage());
    }
    return out;
  }

  /** Who acts, for the jobs' history: the token's name (its role), never its value. */
  static String actor(Context ctx) {
    String role = ctx.attribute(Api.ROLE);
    return "dashboard/API, " + (role == null ? "anonymous" : Api.OPEN.equals(role) ? "no token (loopback)" : role + " token");
  }

  private List<AdminResult> apply(Context ctx, String action, List<String> uuids) {
    JobAdmin admin = this.admin.by(actor(ctx));
    return switch (action) {
      case RUN_NOW -> admin.runNow(uuids);
      case "requeue" -> admin.requeue(uuids);
      case "cancel" -> admin.cancel(uuids);
      case "done" -> admin.setDone(uuids);
      default -> throw new IllegalStateException(action);
    };
  }

  private static JobFilter filter(JsonNode node) {
    if (node == null || !node.isObject()) {
      throw ApiException.badRequest("\"filter\" must be an object such as {\"state\": \"failed\"}", JobFilter.KEYS);
    }
    Map<String, String> values = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!JobFilter.KEYS.contains(e.getKey())) {
        throw ApiException.badRequest("Unknown filter key '" + e.getKey() + "'", JobFilter.KEYS);
      }
      JsonNode v = e.getValue();
      if (v.isArray() && e.getKey().equals("state")) {
        List<String> states = new ArrayList<>();
        v.forEach(s -> states.add(s.asText()));
        values.put("state", String.join(",", states));
      } else if (v.isValueNode() && !v.isNull()) {
        values.put(e.getKey(), v.asText());
      } else if (!v.isNull()) {
        throw ApiException.badRequest("Filter key '" + e.getKey() + "' must be a string", JobFilter.KEYS);
      }
    }
    return parse(values);
  }

  /** The filter of these parameter values; 400 saying what was wrong and what is allowed. */
  private static JobFilter parse(Map<String, String> values) {
    try {
      return JobFilter.of(values);
    } catch (InvalidFilterException e) {
      throw ApiException.badRequest(e.getMessage(), e.allowed());
    }
  }

  /** The query parameters, each given once, refusing unknown names. */
  static Map<String, String> single(Context ctx, List<String> allowed, String endpoint) {
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, List<String>> e : ctx.queryParamMap().entrySet()) {
      if (!allowed.contains(e.getKey())) {
        throw ApiException.badRequest("Unknown query parameter '" + e.getKey() + "' for " + endpoint, allowed);
      }
      if (e.getValue().size() > 1) {
        throw ApiException.badRequest("Query parameter '" + e.getKey() + "' is given " + e.getValue().size()
            + " times; give it once (several states: state=failed,cancelled)", allowed);
      }
      out.put(e.getKey(), e.getValue().get(0));
    }
    return out;
  }

  static int intParam(Map<String, String> params, String name, int dflt, int min, int max) {
    String v = params.get(name);
    if (v == null || v.isBlank()) {
      return dflt;
    }
    int n;
    try {
      n = Integer.parseInt(v.strip());
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("'" + name + "' must be a whole number, got '" + v + "'", null);
    }
    if (n < min || n > max) {
      throw ApiException.badRequest("'" + name + "' must be between " + min + " and " + max + ", got " + n, null);
    }
    return n;
  }

  static String uuid(String value) {
    if (value == null || !UUID.matcher(value.strip()).matches()) {
      throw ApiException.badRequest("'" + value + "' is not a job uuid: expected 36 characters such as"
          + " 0b6c2f1e-8d4a-4f3e-9c1a-2b7d5e6f8a90 (see GET /api/jobs)", null);
    }
    return value.strip().toLowerCase(Locale.ROOT);
  }

  private static String action(String value) {
    if (!JobViews.actionNames().contains(value)) {
      throw ApiException.badRequest("Unknown action '" + value + "'", JobViews.actionNames());
    }
    return value;
  }

  private static ApiException noSuchJob(String uuid) {
    return ApiException.notFound("No job " + uuid + " (it may have been removed by the autovacuum of old jobs);"
        + " list jobs with GET /api/jobs");
  }
}
