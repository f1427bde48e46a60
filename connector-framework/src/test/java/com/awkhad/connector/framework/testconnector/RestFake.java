package com.awkhad.connector.framework.testconnector;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A configurable REST API on 127.0.0.1 (a random port) for tests: one resource, shaped like the
 * real API a test imitates. The default is an issue tracker: {@code /issues}, numeric {@code id},
 * records wrapped as {@code {"issue": {...}}}, lists as {@code {"issues": [...], "total_count": N}}
 * paged by {@code offset}/{@code limit}, timestamps {@code created_on}/{@code updated_on} in whole
 * seconds, an {@code X-API-Key} header, {@code 204} on update.
 *
 * <pre>{@code
 * try (RestFake fake = RestFake.builder().apiKey("X-API-Key", "k3y").start()) {
 *   String id = fake.seed(Map.of("subject", "Printer on fire"));
 *   fake.afterServe(id, f -> f.change(id, Map.of("subject", "Printer out")));  // a race, on the next GET of it
 *   fake.advance(Duration.ofSeconds(2));                                        // the fake's clock moves
 *   ... point a backend at fake.url() ...
 *   assertThat(fake.requests()).extracting(RestFake.Request::method).containsExactly("GET", "PUT");
 * }
 * }</pre>
 *
 * <p>Listing: {@code GET /issues?<sinceParam>=<time>&<field>=<value>&<paging params>}: records
 * with {@code updated >= time} (an optional {@code >=} prefix is accepted) and each other field
 * equal, in a stable order (updated ascending, then id). In whole-second mode a time carrying a
 * fraction is answered {@code 422} with {@code {"errors": [...]}}, as the real tracker did.
 *
 * <p>Paging ({@link Paging}): {@code NONE} (everything), {@code OFFSET_LIMIT} ({@code offset},
 * {@code limit}; the list envelope carries the total), {@code PAGE} ({@code page} from 1,
 * {@code per_page}), {@code LINK} ({@code page}/{@code per_page} and a {@code Link: <url>;
 * rel="next"} header while there are more), {@code CURSOR} ({@code cursor}, {@code limit}; the
 * next opaque cursor at {@link Builder#cursorAt}, absent on the last page). The page size is the
 * request's, else {@link Builder#defaultPageSize}, capped at {@link Builder#maxPageSize}.
 *
 * <p>Item: {@code GET/PUT/PATCH/DELETE /issues/{id}}, {@code POST /issues}. Request bodies must be
 * wrapped in the record envelope when there is one ({@code 422} otherwise). A create sets the id
 * (1, 2, ...), the {@link Builder#numberField number}, the {@link Builder#serverSets constants}
 * (e.g. a status) and the created/updated timestamps, answers {@code 201} with the record (or no
 * body, {@link Builder#createAnswersBody}) and a {@code Location} header. An update answers
 * {@code 204} or {@code 200} with the record ({@link Builder#updateAnswersBody}). With
 * {@link Builder#etags} every record answer carries an {@code ETag}, and an update with a stale
 * {@code If-Match} is answered {@code 412}.
 *
 * <p>The {@code Date} header of every answer is the real clock's: the JDK's HttpServer sets it
 * itself and cannot be told otherwise. The fake's own clock ({@link #clock}, {@link #advance})
 * drives the record timestamps; it starts as the real clock.
 */
public final class RestFake implements AutoCloseable {
  /** How the fake pages its listing. */
  public enum Paging { NONE, OFFSET_LIMIT, PAGE, LINK, CURSOR }

  /**
   * One request as received: method, URI (path and query), every request header (the first value
   * of each, names in lower case) and the body.
   */
  public record Request(String method, String uri, Map<String, String> headers, String body) {
    /** The first value of header {@code name} (any case), or null. */
    public String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  private record Failure(int status, String body) {}

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {};

  private final Builder config;
  private final HttpServer server;
  private final Map<String, Map<String, Object>> records = new LinkedHashMap<>();
  private final Map<String, Long> versions = new LinkedHashMap<>();
  private final Map<String, Deque<Consumer<RestFake>>> afterServe = new LinkedHashMap<>();
  private final Deque<Failure> failures = new ArrayDeque<>();
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final AtomicLong ids = new AtomicLong();
  private Supplier<Instant> clock = Instant::now;
  private Duration offset = Duration.ZERO;

  private RestFake(Builder config) throws IOException {
    this.config = config;
    // no executor: one thread serves every request in turn, and runs the afterServe hooks between them
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  /** A fake configured as described in the class description; change what the test's API does differently. */
  public static Builder builder() {
    return new Builder();
  }

  /** The base URL, e.g. {@code http://127.0.0.1:40123} (a backend's location). */
  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** The port it listens on. */
  public int port() {
    return server.getAddress().getPort();
  }

  // ------------------------------------------------------------------ the fake's data and clock

  /** The fake's clock from now on (the record timestamps); the real clock by default. */
  public synchronized RestFake clock(Supplier<Instant> clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.offset = Duration.ZERO;
    return this;
  }

  /** Moves the fake's clock forward by {@code by}. */
  public synchronized RestFake advance(Duration by) {
    offset = offset.plus(by);
    return this;
  }

  /** The fake's current time, at the precision of its timestamps. */
  public synchronized Instant now() {
    Instant now = clock.get().plus(offset);
    return config.wholeSeconds ? now.truncatedTo(ChronoUnit.SECONDS) : now.truncatedTo(ChronoUnit.MICROS);
  }

  /** The fake's current time written as its records' timestamps are. */
  public String nowText() {
    return now().toString();
  }

  /** Creates a record as a POST would (server-set fields included, no request logged); returns its id. */
  public synchronized String seed(Map<String, ?> values) {
    return insert(values);
  }

  /** Creates {@code count} records, the i-th (from 1) with {@code values.apply(i)}; returns their ids. */
  public synchronized List<String> seed(int count, java.util.function.IntFunction<Map<String, ?>> values) {
    List<String> out = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      out.add(insert(values.apply(i)));
    }
    return out;
  }

  /**
   * Changes record {@code id} as a user of the remote system would: merges {@code values} and sets
   * its updated timestamp to the fake's clock (and a new ETag).
   *
   * @throws IllegalArgumentException when there is no such record
   */
  public synchronized void change(String id, Map<String, ?> values) {
    Map<String, Object> record = records.get(id);
    if (record == null) {
      throw new IllegalArgumentException("RestFake has no record " + id);
    }
    record.putAll(values);
    touch(id);
  }

  /** Removes record {@code id} as a user of the remote system would. */
  public synchronized void remove(String id) {
    records.remove(id);
    versions.remove(id);
  }

  /** A copy of record {@code id}, or null. */
  public synchronized Map<String, Object> record(String id) {
    Map<String, Object> r = records.get(id);
    return r == null ? null : new LinkedHashMap<>(r);
  }

  /** The ids of every record, in the listing's order. */
  public synchronized List<String> ids() {
    return ordered(records.values().stream().toList()).stream().map(r -> String.valueOf(r.get(config.idField))).toList();
  }

  /** The ETag the fake gives record {@code id} now (quoted), or null when there is no such record. */
  public synchronized String etag(String id) {
    Long v = versions.get(id);
    return v == null ? null : "\"" + id + "-" + v + "\"";
  }

  /**
   * Runs {@code hook} once, on the server's thread, right after the next answer that served record
   * {@code id} (its item GET, or a list page holding it) was sent, and before the fake serves any
   * other request: whatever the client does next sees the hook's change. E.g. the remote changing
   * a record just after an importer read it: {@code afterServe(id, f -> f.change(id, values))}.
   */
  public synchronized RestFake afterServe(String id, Consumer<RestFake> hook) {
    afterServe.computeIfAbsent(id, k -> new ArrayDeque<>()).add(hook);
    return this;
  }

  /** The next {@code times} requests are answered {@code status} with {@code body} (after the log). */
  public synchronized RestFake failNext(int times, int status, String body) {
    for (int i = 0; i < times; i++) {
      failures.add(new Failure(status, body));
    }
    return this;
  }

  /** The requests received so far, oldest first. */
  public List<Request> requests() {
    return List.copyOf(requests);
  }

  /** Forgets the requests received so far. */
  public void clearRequests() {
    requests.clear();
  }

  @Override
  public void close() {
    server.stop(0);
  }

  // ------------------------------------------------------------------ serving

  private void handle(HttpExchange ex) throws IOException {
    List<Consumer<RestFake>> hooks = new ArrayList<>();
    try {
      String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      Map<String, String> headers = new TreeMap<>();
      ex.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values.get(0)));
      requests.add(new Request(ex.getRequestMethod(), ex.getRequestURI().toString(), Map.copyOf(headers), body));
      synchronized (this) {
        serve(ex, headers, body, hooks);
      }
    } catch (RuntimeException e) { // a bug of the fake or of the test: say it to the client
      reply(ex, 500, "{\"errors\":[" + JSON.writeValueAsString("RestFake: " + e) + "]}", Map.of());
    } finally {
      ex.close();
    }
    for (Consumer<RestFake> hook : hooks) { // the answer is sent: now change what the client will see next
      hook.accept(this);
    }
  }

  private void serve(HttpExchange ex, Map<String, String> headers, String body, List<Consumer<RestFake>> hooks)
      throws IOException {
    Failure failure = failures.poll();
    if (failure != null) {
      reply(ex, failure.status(), failure.body(), Map.of());
      return;
    }
    if (!authorized(headers)) {
      reply(ex, 401, "{\"errors\":[\"invalid credentials\"]}", Map.of());
      return;
    }
    String path = ex.getRequestURI().getPath();
    String id;
    if (path.equals(config.resource)) {
      id = null;
    } else if (path.startsWith(config.resource + "/") && path.indexOf('/', config.resource.length() + 1) < 0) {
      id = path.substring(config.resource.length() + 1);
    } else {
      reply(ex, 404, "{\"errors\":[\"no route " + path + "\"]}", Map.of());
      return;
    }
    Map<String, String> query = query(ex.getRequestURI().getRawQuery());
    switch (ex.getRequestMethod() + (id == null ? " list" : " item")) {
      case "GET list" -> list(ex, query, hooks);
      case "GET item" -> {
        Map<String, Object> r = records.get(id);
        if (r == null) {
          reply(ex, 404, "{\"errors\":[\"not found\"]}", Map.of());
        } else {
          reply(ex, 200, JSON.writeValueAsString(wrap(r)), etagHeader(id));
          served(id, hooks);
        }
      }
      case "POST list" -> {
        Map<String, Object> values = unwrap(body);
        if (values == null) {
          reply(ex, 422, envelopeError(), Map.of());
          return;
        }
        String newId = insert(values);
        Map<String, String> h = new LinkedHashMap<>(etagHeader(newId));
        h.put("Location", url() + config.resource + "/" + newId);
        reply(ex, 201, config.createAnswersBody ? JSON.writeValueAsString(wrap(records.get(newId))) : "", h);
      }
      case "PUT item", "PATCH item" -> {
        Map<String, Object> r = records.get(id);
        if (r == null) {
          reply(ex, 404, "{\"errors\":[\"not found\"]}", Map.of());
          return;
        }
        String ifMatch = headers.get("if-match");
        if (config.etags && ifMatch != null && !ifMatch.equals(etag(id))) {
          reply(ex, 412, "{\"errors\":[\"the record changed since " + ifMatch + "\"]}", Map.of());
          return;
        }
        Map<String, Object> values = unwrap(body);
        if (values == null) {
          reply(ex, 422, envelopeError(), Map.of());
          return;
        }
        values.remove(config.idField);
        r.putAll(values);
        touch(id);
        if (config.updateAnswersBody) {
          reply(ex, 200, JSON.writeValueAsString(wrap(r)), etagHeader(id));
        } else {
          reply(ex, 204, "", etagHeader(id));
        }
      }
      case "DELETE item" -> {
        boolean found = records.remove(id) != null;
        versions.remove(id);
        reply(ex, found ? 204 : 404, found ? "" : "{\"errors\":[\"not found\"]}", Map.of());
      }
      default -> reply(ex, 405, "{\"errors\":[\"method not allowed\"]}", Map.of());
    }
  }

  private void list(HttpExchange ex, Map<String, String> query, List<Consumer<RestFake>> hooks) throws IOException {
    Map<String, String> filters = new LinkedHashMap<>(query);
    for (String p : List.of("offset", "limit", "page", "per_page", "cursor")) {
      filters.remove(p);
    }
    Instant since = null;
    String sinceText = filters.remove(config.sinceParam);
    if (sinceText != null) {
      String t = sinceText.startsWith(">=") ? sinceText.substring(2) : sinceText;
      try {
        since = Instant.parse(t);
      } catch (DateTimeParseException e) {
        reply(ex, 422, "{\"errors\":[\"" + config.sinceParam + " is invalid: " + t + " is not a date-time\"]}", Map.of());
        return;
      }
      if (config.wholeSeconds && since.getNano() != 0) {
        reply(ex, 422, "{\"errors\":[\"" + config.sinceParam + " is invalid: " + t
            + " (whole seconds expected, e.g. 2026-12-03T10:15:30Z)\"]}", Map.of());
        return;
      }
    }
    List<Map<String, Object>> found = new ArrayList<>();
    for (Map<String, Object> r : records.values()) {
      if (since != null && Instant.parse((String) r.get(config.updatedField)).isBefore(since)) {
        continue;
      }
      boolean match = filters.entrySet().stream().allMatch(f -> f.getValue().equals(String.valueOf(r.get(f.getKey()))));
      if (match) {
        found.add(r);
      }
    }
    found = ordered(found);
    int size = Math.min(config.maxPageSize, intParam(query, config.paging == Paging.PAGE || config.paging == Paging.LINK
        ? "per_page" : "limit", config.defaultPageSize));
    int from = 0;
    switch (config.paging) {
      case NONE -> size = Integer.MAX_VALUE;
      case OFFSET_LIMIT -> from = intParam(query, "offset", 0);
      case PAGE, LINK -> from = (intParam(query, "page", 1) - 1) * size;
      case CURSOR -> {
        String cursor = query.get("cursor");
        if (cursor != null) {
          try {
            from = Integer.parseInt(new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).substring(3));
          } catch (IllegalArgumentException | StringIndexOutOfBoundsException e) {
            reply(ex, 400, "{\"errors\":[\"invalid cursor\"]}", Map.of());
            return;
          }
        }
      }
    }
    int to = (int) Math.min((long) from + size, found.size());
    List<Map<String, Object>> page = from >= found.size() ? List.of() : found.subList(from, to);
    boolean more = to < found.size();
    Map<String, String> headers = new LinkedHashMap<>();
    if (config.paging == Paging.LINK && more) {
      Map<String, String> next = new LinkedHashMap<>(query);
      next.put("page", String.valueOf(intParam(query, "page", 1) + 1));
      next.put("per_page", String.valueOf(size));
      headers.put("Link", "<" + (config.linkBase == null ? url() : config.linkBase) + config.resource + queryString(next)
          + ">; rel=\"next\"");
    }
    Object answer;
    if (config.listEnvelope == null) {
      answer = page;
    } else {
      Map<String, Object> env = new LinkedHashMap<>();
      env.put(config.listEnvelope, page);
      if (config.totalField != null) {
        env.put(config.totalField, found.size());
      }
      if (config.paging == Paging.OFFSET_LIMIT) {
        env.put("offset", from);
        env.put("limit", size);
      }
      if (config.paging == Paging.CURSOR) {
        putAt(env, config.cursorAt, more ? Base64.getUrlEncoder().withoutPadding()
            .encodeToString(("at:" + to).getBytes(StandardCharsets.UTF_8)) : null);
      }
      answer = env;
    }
    reply(ex, 200, JSON.writeValueAsString(answer), headers);
    for (Map<String, Object> r : page) {
      served(String.valueOf(r.get(config.idField)), hooks);
    }
  }

  private boolean authorized(Map<String, String> headers) {
    if (config.apiKeyHeader != null) {
      return config.apiKey.equals(headers.get(config.apiKeyHeader.toLowerCase(Locale.ROOT)));
    }
    if (config.bearer != null) {
      return ("Bearer " + config.bearer).equals(headers.get("authorization"));
    }
    return true;
  }

  private String insert(Map<String, ?> values) {
    long n = ids.incrementAndGet();
    String id = String.valueOf(n);
    Map<String, Object> record = new LinkedHashMap<>();
    record.put(config.idField, n);
    if (config.numberField != null) {
      record.put(config.numberField, config.numberPrefix + n);
    }
    record.putAll(config.serverSets);
    record.putAll(values);
    record.put(config.idField, n);
    String now = nowText();
    if (config.createdField != null) {
      record.put(config.createdField, now);
    }
    record.put(config.updatedField, now);
    records.put(id, record);
    versions.put(id, 1L);
    return id;
  }

  private void touch(String id) {
    records.get(id).put(config.updatedField, nowText());
    versions.merge(id, 1L, Long::sum);
  }

  private void served(String id, List<Consumer<RestFake>> hooks) {
    Deque<Consumer<RestFake>> pending = afterServe.get(id);
    if (pending != null && !pending.isEmpty()) {
      hooks.add(pending.poll());
    }
  }

  private List<Map<String, Object>> ordered(List<Map<String, Object>> list) {
    List<Map<String, Object>> out = new ArrayList<>(list);
    out.sort(Comparator.<Map<String, Object>, Instant>comparing(r -> Instant.parse((String) r.get(config.updatedField)))
        .thenComparing(r -> Long.parseLong(String.valueOf(r.get(config.idField)))));
    return out;
  }

  private Object wrap(Map<String, Object> record) {
    return config.recordEnvelope == null ? record : Map.of(config.recordEnvelope, record);
  }

  /** The request body's record, unwrapped; null when the envelope is missing or the body is not an object. */
  private Map<String, Object> unwrap(String body) throws IOException {
    Map<String, Object> parsed;
    try {
      parsed = body.isBlank() ? null : JSON.readValue(body, MAP);
    } catch (IOException e) {
      return null;
    }
    if (parsed == null || config.recordEnvelope == null) {
      return parsed;
    }
    Object inner = parsed.get(config.recordEnvelope);
    if (parsed.size() != 1 || !(inner instanceof Map<?, ?>)) {
      return null;
    }
    return JSON.convertValue(inner, MAP);
  }

  private String envelopeError() {
    return config.recordEnvelope == null ? "{\"errors\":[\"the body must be a JSON object\"]}"
        : "{\"errors\":[\"the body must be {\\\"" + config.recordEnvelope + "\\\": {...}}\"]}";
  }

  private Map<String, String> etagHeader(String id) {
    return config.etags ? Map.of("ETag", etag(id)) : Map.of();
  }

  private static void putAt(Map<String, Object> root, String pointer, Object value) {
    String[] parts = pointer.substring(1).split("/");
    Map<String, Object> at = root;
    for (int i = 0; i < parts.length - 1; i++) {
      @SuppressWarnings("unchecked")
      Map<String, Object> next = (Map<String, Object>) at.computeIfAbsent(parts[i], k -> new LinkedHashMap<String, Object>());
      at = next;
    }
    at.put(parts[parts.length - 1], value);
  }

  private static int intParam(Map<String, String> query, String name, int otherwise) {
    String v = query.get(name);
    return v == null ? otherwise : Integer.parseInt(v);
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> out = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return out;
    }
    for (String pair : raw.split("&")) {
      String[] kv = pair.split("=", 2);
      out.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), kv.length == 2 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
    }
    return out;
  }

  private static String queryString(Map<String, String> query) {
    StringJoiner j = new StringJoiner("&", "?", "");
    query.forEach((k, v) -> j.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8)));
    return j.toString();
  }

  private static void reply(HttpExchange ex, int status, String body, Map<String, String> headers) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    headers.forEach((k, v) -> ex.getResponseHeaders().add(k, v));
    if (bytes.length > 0) {
      ex.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
    }
    ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      try (OutputStream out = ex.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  /** The shape of the fake's API; every method returns this builder. */
  public static final class Builder {
    private String resource = "/issues";
    private String idField = "id";
    private String recordEnvelope = "issue";
    private String listEnvelope = "issues";
    private String totalField = "total_count";
    private Paging paging = Paging.OFFSET_LIMIT;
    private int defaultPageSize = 25;
    private int maxPageSize = 100;
    private String cursorAt = "/meta/next_cursor";
    private String linkBase;
    private String updatedField = "updated_on";
    private String createdField = "created_on";
    private String sinceParam = "updated_on";
    private boolean wholeSeconds = true;
    private String numberField;
    private String numberPrefix = "";
    private Map<String, Object> serverSets = Map.of();
    private boolean createAnswersBody = true;
    private boolean updateAnswersBody;
    private boolean etags;
    private String apiKeyHeader = "X-API-Key";
    private String apiKey = "k3y";
    private String bearer;

    private Builder() {}

    /** The collection path; {@code /issues} by default. */
    public Builder resource(String path) {
      this.resource = path;
      return this;
    }

    /** The id field; {@code id} by default (ids are numbers 1, 2, ...). */
    public Builder idField(String field) {
      this.idField = field;
      return this;
    }

    /** The key wrapping a record in answers and request bodies ({@code issue}), or null for bare records. */
    public Builder recordEnvelope(String key) {
      this.recordEnvelope = key;
      return this;
    }

    /**
     * The key holding a list page's records ({@code issues}) and the key of the total count
     * ({@code total_count}, null for none); {@code listEnvelope(null, null)} answers a bare array.
     */
    public Builder listEnvelope(String key, String totalField) {
      this.listEnvelope = key;
      this.totalField = totalField;
      return this;
    }

    /** The paging style; {@link Paging#OFFSET_LIMIT} by default. */
    public Builder paging(Paging paging) {
      this.paging = paging;
      return this;
    }

    /** The page size when the request gives none (25) and the largest it may ask (100). */
    public Builder pageSizes(int defaultSize, int maxSize) {
      this.defaultPageSize = defaultSize;
      this.maxPageSize = maxSize;
      return this;
    }

    /** Where a {@link Paging#CURSOR} answer holds the next cursor, as a JSON pointer; {@code /meta/next_cursor} by default. */
    public Builder cursorAt(String pointer) {
      this.cursorAt = pointer;
      return this;
    }

    /** The scheme, host and port of {@link Paging#LINK} next links ({@link #url()} by default), e.g. another host. */
    public Builder linkBase(String base) {
      this.linkBase = base;
      return this;
    }

    /** The created ({@code created_on}, null for none) and updated ({@code updated_on}) timestamp fields. */
    public Builder timestamps(String createdField, String updatedField) {
      this.createdField = createdField;
      this.updatedField = updatedField;
      return this;
    }

    /** The listing's "updated since" query parameter; {@code updated_on} by default. */
    public Builder sinceParam(String param) {
      this.sinceParam = param;
      return this;
    }

    /**
     * Whole-second timestamps ({@code 2026-12-03T10:15:30Z}, the default; a "since" with a fraction
     * is answered 422), or microseconds ({@code 2026-12-03T10:15:30.123456Z}, any "since" accepted).
     */
    public Builder wholeSeconds(boolean wholeSeconds) {
      this.wholeSeconds = wholeSeconds;
      return this;
    }

    /** A field the server numbers on create, {@code prefix + id}, e.g. {@code numberField("number", "ISS-")}. */
    public Builder numberField(String field, String prefix) {
      this.numberField = field;
      this.numberPrefix = prefix;
      return this;
    }

    /** Fields the server sets on create unless the request gives them, e.g. {@code Map.of("status", "new")}. */
    public Builder serverSets(Map<String, ?> values) {
      this.serverSets = Map.copyOf(values);
      return this;
    }

    /** Whether a create answers {@code 201} with the record (the default) or with no body (only {@code Location}). */
    public Builder createAnswersBody(boolean body) {
      this.createAnswersBody = body;
      return this;
    }

    /** Whether an update answers {@code 200} with the record, or {@code 204} with no body (the default). */
    public Builder updateAnswersBody(boolean body) {
      this.updateAnswersBody = body;
      return this;
    }

    /** Whether record answers carry an {@code ETag} (and a stale {@code If-Match} gets {@code 412}); off by default. */
    public Builder etags(boolean etags) {
      this.etags = etags;
      return this;
    }

    /** Requests must carry header {@code header: key}; {@code X-API-Key: k3y} by default. */
    public Builder apiKey(String header, String key) {
      this.apiKeyHeader = header;
      this.apiKey = key;
      this.bearer = null;
      return this;
    }

    /** Requests must carry {@code Authorization: Bearer token} instead of an API key. */
    public Builder bearer(String token) {
      this.bearer = token;
      this.apiKeyHeader = null;
      return this;
    }

    /** No credentials asked. */
    public Builder open() {
      this.bearer = null;
      this.apiKeyHeader = null;
      return this;
    }

    /** Starts the fake. */
    public RestFake start() {
      if (listEnvelope == null && paging == Paging.CURSOR) {
        throw new IllegalStateException("RestFake: CURSOR paging needs a list envelope to hold the next cursor");
      }
      try {
        return new RestFake(this);
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
