package com.awkhad.connector.framework.adapter;

import com.awkhad.connector.component.ComponentSpec;
import com.awkhad.connector.framework.binding.RemoteVersion;
import com.awkhad.connector.framework.exception.BackendRequestError;
import com.awkhad.connector.framework.exception.ConnectorException;
import com.awkhad.connector.queue.job.JobJson;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link BackendAdapter} for REST-style JSON APIs, on the work context's {@link HttpJsonClient}
 * (resource {@code http}): {@code GET /things?filters} (the listing), {@code GET /things/{id}},
 * {@code POST /things} (with the exporter's idempotency key in the {@code Idempotency-Key} header),
 * {@code PUT /things/{id}}, {@code DELETE /things/{id}}.
 *
 * <pre>{@code
 * @ComponentSpec(name = "coffee.product.adapter", collection = "coffee.backend", applyOn = "coffee.product")
 * public class ProductAdapter extends HttpJsonAdapter {
 *   protected String resourcePath() { return "/products"; }
 * }
 * }</pre>
 *
 * <p>The defaults fit a plain API: bare records, a listing answering one JSON array (of records,
 * or of ids), {@code 200} with the record on create and update. A real API usually differs; set
 * the hooks instead of overriding the CRUD methods:
 *
 * <pre>{@code
 * // An issue tracker: {"issue": {...}}, {"issues": [...], "total_count": 250}, offset/limit paging,
 * // updated_on in whole seconds, 204 on update (then the adapter reads the record again).
 * public class IssueAdapter extends HttpJsonAdapter {
 *   protected String resourcePath() { return "/issues"; }
 *   protected String recordEnvelope() { return "issue"; }
 *   protected String listEnvelope() { return "issues"; }
 *   protected Paging paging() { return Paging.offsetLimit("offset", "limit", "total_count").size(100); }
 *   public RemoteClock clock() { return RemoteClock.isoSeconds(); }
 *   protected String updatedAtField() { return "updated_on"; }
 * }
 * }</pre>
 *
 * <p>Hooks: {@link #resourcePath()}, {@link #itemPath}, {@link #idField()}, {@link #recordEnvelope()},
 * {@link #listEnvelope()}, {@link #paging()}, {@link #writeMethod()}, {@link #idempotencyHeader()},
 * {@link #etagField()}, {@link #ifMatchWrites()}, and from {@link BackendAdapter}: {@link #clock()}, {@link #updatedAtField()},
 * {@link #versionField()}. The API key header is a backend setting
 * ({@link HttpJsonClient#API_KEY_HEADER_SETTING}).
 */
@ComponentSpec(name = "base.http.json.adapter")
public abstract class HttpJsonAdapter extends BackendAdapter {
  private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {};
  /**
   * Reads a parsed JSON object as a map by walking its tree: {@code convertValue} would write the
   * tree into a token buffer first, then read that (twice the work for every record answered).
   */
  private static final ObjectReader MAP_READER = JobJson.mapper().readerFor(MAP);

  private Instant listingStartedAt;

  protected HttpJsonAdapter() {}

  /** The collection path of the binding model's records, e.g. {@code /products}. */
  protected abstract String resourcePath();

  /** The name of the id field in the external records; {@code id} by default. E.g. {@code "uuid"}. */
  @Override
  protected String idField() {
    return "id";
  }

  /**
   * The key wrapping one record in this API's answers and request bodies, or null (the default)
   * for bare records. With {@code "issue"}: a read answers {@code {"issue": {"id": 42, ...}}}, a
   * create or write sends {@code {"issue": {"subject": ...}}} and answers the same way; the adapter
   * unwraps and wraps, so the mappers see {@code {"id": 42, ...}}.
   */
  protected String recordEnvelope() {
    return null;
  }

  /**
   * Where a listing's answer holds the records: a field of the answer's object (e.g.
   * {@code "issues"} for {@code {"issues": [...], "total_count": 250}}, {@code "data"} for
   * {@code {"data": [...]}}) or a JSON pointer (e.g. {@code "/result/items"}); null (the default)
   * when the answer is a bare JSON array. The items are records, or ids (then records holding only
   * the id).
   */
  protected String listEnvelope() {
    return null;
  }

  /**
   * How the listing is paged; {@link Paging#none()} (one request) by default. E.g.
   * {@code Paging.offsetLimit("offset", "limit", "total_count").size(100)}, {@code
   * Paging.page("page", "per_page")}, {@code Paging.link("per_page")}, {@code
   * Paging.cursor("cursor", "/meta/next_cursor", "limit")}: see {@link Paging}.
   */
  protected Paging paging() {
    return Paging.none();
  }

  /** The method of an update: {@code PUT} (the default) or {@code PATCH} (for APIs that want only the changed fields that way). */
  protected String writeMethod() {
    return "PUT";
  }

  /**
   * The record field that receives the {@code ETag} header of read, create and write answers, or
   * null (the default) to ignore it. E.g. {@code "_etag"}: {@code read("42")} then holds
   * {@code "_etag": "\"v7\""}, and {@link #versionField()} (which returns this field unless
   * overridden) makes it the record's version tag.
   */
  protected String etagField() {
    return null;
  }

  /** The {@link #etagField()} by default: the ETag is the version tag when it is copied into records. */
  @Override
  protected String versionField() {
    return etagField();
  }

  /**
   * The path {@link #check()} reads: {@link #resourcePath()} by default (the listing, with the
   * credentials). Override it with a cheaper authenticated path when the listing is large, e.g.
   * {@code /issues?limit=1} or {@code /me}.
   */
  protected String checkPath() {
    return resourcePath();
  }

  /**
   * {@code GET checkPath()} with the backend's credentials: {@code OK} on a 2xx, otherwise which
   * step failed (DNS, refused, TLS, timeout, 401/403, another status) and what to do. A backend
   * whose client cannot be opened (no location, credentials in it) is {@code NOT_CONFIGURED}.
   */
  @Override
  public ConnectionCheck check() {
    HttpJsonClient client;
    try {
      client = client();
    } catch (ConnectorException e) {
      return ConnectionCheck.notConfigured(e.getMessage());
    }
    return client.check(checkPath());
  }

  /** The client of the work context (resource {@link HttpJsonClient#RESOURCE}). */
  protected HttpJsonClient client() {
    return work().attribute(HttpJsonClient.RESOURCE, HttpJsonClient.class);
  }

  @Override
  public List<String> search(Map<String, ?> filters) {
    List<String> ids = new ArrayList<>();
    for (Map<String, Object> record : searchRead(filters)) {
      ids.add(idOf(record));
    }
    return ids;
  }

  /**
   * {@code GET resourcePath()?filters}, every page as {@link #paging()} says, the records found at
   * {@link #listEnvelope()}. The {@code Date} header of the first answer becomes
   * {@link #listingStartedAt()}.
   *
   * @throws ConnectorException when the listing has more than {@code paging().maxPages()} pages
   */
  @Override
  public List<Map<String, Object>> searchRead(Map<String, ?> filters) {
    Paging paging = paging();
    listingStartedAt = null;
    List<Map<String, Object>> out = new ArrayList<>();
    long position = paging.style() == Paging.Style.PAGE ? paging.firstPage() : 0;
    String target = pageTarget(filters, paging, position, null);
    for (int pages = 1; ; pages++) {
      if (pages > paging.maxPages()) {
        throw new ConnectorException("Listing " + resourcePath() + " on backend '" + backend().name() + "' stopped after "
            + paging.maxPages() + " pages (" + out.size() + " records) with more to come. Narrow the filter, or raise the"
            + " limit with paging().maxPages(...) in " + getClass().getSimpleName() + "; if the API ignores the paging"
            + " parameters and repeats its pages, fix paging() (now " + paging + ")");
      }
      HttpJsonResponse answer = client().exchange("GET", target, null, Map.of());
      if (pages == 1) {
        listingStartedAt = answer.date().orElse(null);
      }
      List<Map<String, Object>> page = listItems(answer);
      out.addAll(page);
      JsonNode body = answer.body().orElseThrow();
      switch (paging.style()) {
        case NONE -> {
          return out;
        }
        case OFFSET_LIMIT -> {
          position += page.size();
          JsonNode total = paging.answerAt() == null ? null : at(body, paging.answerAt());
          boolean hasTotal = total != null && (total.isIntegralNumber() || total.isTextual() && total.asText().matches("\\d{1,18}"));
          boolean done = hasTotal ? position >= total.asLong() || page.isEmpty() : page.size() < paging.size();
          if (done) {
            return out;
          }
          target = pageTarget(filters, paging, position, null);
        }
        case PAGE -> {
          if (page.size() < paging.size()) {
            return out;
          }
          target = pageTarget(filters, paging, ++position, null);
        }
        case LINK -> {
          Optional<URI> next = answer.nextLink();
          if (next.isEmpty()) {
            return out;
          }
          target = next.get().toString();
        }
        case CURSOR -> {
          JsonNode cursor = at(body, paging.answerAt());
          if (cursor == null || cursor.isNull() || cursor.asText().isEmpty()) {
            return out;
          }
          target = pageTarget(filters, paging, 0, cursor.asText());
        }
      }
    }
  }

  /** The {@code Date} header of the first answer of the last {@link #searchRead}, when it had one. */
  @Override
  public Optional<Instant> listingStartedAt() {
    return Optional.ofNullable(listingStartedAt);
  }

  /** {@code GET itemPath(id)}, unwrapped from {@link #recordEnvelope()}, with the {@link #etagField()}. */
  @Override
  public Map<String, Object> read(String id) {
    String what = "GET " + itemPath(id);
    HttpJsonResponse answer = client().exchange("GET", itemPath(id), null, Map.of());
    return record(what, answer).orElseThrow(() -> new BackendRequestError(what + " on backend '" + backend().name()
        + "' answered HTTP " + answer.status() + " with no body: it should answer the record", answer.status()));
  }

  @Override
  public String create(Map<String, ?> values) {
    return create(values, null);
  }

  /**
   * {@code POST resourcePath()} with header {@link #idempotencyHeader()} set to the key, so that a
   * system honouring it answers a repeated create with the record it created first.
   */
  @Override
  public String create(Map<String, ?> values, String idempotencyKey) {
    return idOf(createRecord(values, idempotencyKey));
  }

  /**
   * {@code POST resourcePath()} (the body wrapped in {@link #recordEnvelope()}, the key in
   * {@link #idempotencyHeader()}); the answer's record with the fields the remote set, or, when the
   * answer has no body (or a body without the id), the record read at the id ending its
   * {@code Location} header ({@code Location: https://api.example.com/issues/42} reads {@code 42}).
   */
  @Override
  public Map<String, Object> createRecord(Map<String, ?> values, String idempotencyKey) {
    String header = idempotencyHeader();
    Map<String, String> headers = idempotencyKey == null || header == null ? Map.of() : Map.of(header, idempotencyKey);
    String what = "POST " + resourcePath();
    HttpJsonResponse answer = client().exchange("POST", resourcePath(), wrap(values), headers);
    Optional<Map<String, Object>> record = record(what, answer);
    Object given = record.map(r -> r.get(idField())).orElse(null);
    if (record.isPresent() && (given != null && !given.toString().isEmpty() || answer.location().isEmpty())) {
      idOf(record.get()); // a created record without its id, and no Location to find it: an error naming idField()
      return record.get();
    }
    URI location = answer.location().orElseThrow(() -> new BackendRequestError(what + " on backend '" + backend().name()
        + "' answered HTTP " + answer.status() + " with neither a body nor a Location header: the new record's id is"
        + " unknown", answer.status()));
    String path = location.getRawPath();
    String id = path == null ? "" : URLDecoder.decode(path.substring(path.lastIndexOf('/') + 1), StandardCharsets.UTF_8);
    if (id.isEmpty()) {
      throw new BackendRequestError(what + " on backend '" + backend().name() + "' answered Location " + location
          + ", which does not end with the new record's id", answer.status());
    }
    return read(id);
  }

  /**
   * The request header carrying the idempotency key of a create; {@code Idempotency-Key} by
   * default, null to send none (then a create retried after a lost answer may create twice).
   */
  protected String idempotencyHeader() {
    return "Idempotency-Key";
  }

  /** {@link #writeMethod()} {@code itemPath(id)}, the body wrapped in {@link #recordEnvelope()}. */
  @Override
  public void write(String id, Map<String, ?> values) {
    client().exchange(writeMethod(), itemPath(id), wrap(values), Map.of());
  }

  /** Writes like {@link #write}; the answer's record, or the record read again when the answer has no body (a {@code 204}). */
  @Override
  public Map<String, Object> writeRecord(String id, Map<String, ?> values) {
    return writeRecord(id, values, Map.of());
  }

  /** {@link #writeRecord(String, Map)} with extra request headers. */
  private Map<String, Object> writeRecord(String id, Map<String, ?> values, Map<String, String> headers) {
    String method = writeMethod();
    HttpJsonResponse answer = client().exchange(method, itemPath(id), wrap(values), headers);
    return record(method + " " + itemPath(id), answer).orElseGet(() -> read(id));
  }

  /**
   * True when the API refuses a write whose {@code If-Match} is not the record's current
   * {@code ETag} (answering {@code 412 Precondition Failed}): the exporter's updates then go as one
   * conditional write instead of a read and a write ({@link #writeRecordIf}). False by default;
   * it needs {@link #etagField()}, which carries the ETag into the binding's version.
   */
  protected boolean ifMatchWrites() {
    return false;
  }

  @Override
  public boolean writesIfVersion() {
    return ifMatchWrites() && etagField() != null;
  }

  /**
   * {@link #writeMethod()} {@code itemPath(id)} with {@code If-Match: expected.tag()}; empty when the
   * remote answers {@code 412} (its ETag is another one now).
   */
  @Override
  public Optional<Map<String, Object>> writeRecordIf(String id, Map<String, ?> values, RemoteVersion expected) {
    if (!writesIfVersion() || expected == null || expected.tag() == null) {
      throw new IllegalStateException("A conditional write needs ifMatchWrites() and etagField() in "
          + getClass().getSimpleName() + " and a stored version tag (ETag); got tag " + (expected == null ? null : expected.tag()));
    }
    try {
      return Optional.of(writeRecord(id, values, Map.of("If-Match", expected.tag())));
    } catch (BackendRequestError e) {
      if (e.status() == 412) {
        return Optional.empty();
      }
      throw e;
    }
  }

  @Override
  public void delete(String id) {
    client().exchange("DELETE", itemPath(id), null, Map.of());
  }

  /** The path of record {@code id}: {@code resourcePath()/id}, the id URL-encoded. E.g. {@code /issues/42.json} for an API that wants a suffix. */
  protected String itemPath(String id) {
    return resourcePath() + "/" + URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** The body of a create or write: {@code values}, wrapped in {@link #recordEnvelope()} when there is one. */
  protected Object wrap(Map<String, ?> values) {
    String envelope = recordEnvelope();
    if (envelope == null) {
      return values;
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put(envelope, values);
    return body;
  }

  /** The record of a read, create or write answer, unwrapped, with the ETag copied; empty when the answer has no body. */
  private Optional<Map<String, Object>> record(String what, HttpJsonResponse answer) {
    if (answer.body().isEmpty()) {
      return Optional.empty();
    }
    JsonNode body = answer.body().get();
    String envelope = recordEnvelope();
    JsonNode node = envelope == null ? body : body.get(envelope);
    if (node == null || !node.isObject()) {
      throw new BackendRequestError(what + " on backend '" + backend().name() + "' should answer "
          + (envelope == null ? "a JSON object" : "{\"" + envelope + "\": {...}}") + ", got " + describe(body)
          + (envelope == null && body.isObject() && body.size() == 1 ? ": if the API wraps its records, set recordEnvelope() in "
              + getClass().getSimpleName() : envelope != null ? ": check recordEnvelope() in " + getClass().getSimpleName() : ""),
          answer.status());
    }
    Map<String, Object> record = asMap(node);
    String etagField = etagField();
    if (etagField != null) {
      answer.etag().ifPresent(tag -> record.put(etagField, tag));
    }
    return Optional.of(record);
  }

  private static Map<String, Object> asMap(JsonNode object) {
    try {
      return MAP_READER.readValue(object);
    } catch (IOException e) {
      throw new UncheckedIOException("A parsed JSON object could not be read as a map", e); // a tree reads without I/O
    }
  }

  private List<Map<String, Object>> listItems(HttpJsonResponse answer) {
    String what = "GET " + answer.uri().getRawPath();
    JsonNode body = answer.body().orElseThrow(() -> new BackendRequestError(what + " on backend '" + backend().name()
        + "' answered HTTP " + answer.status() + " with no body: a listing should answer its records", answer.status()));
    String envelope = listEnvelope();
    JsonNode items = envelope == null ? body : at(body, envelope);
    if (items == null || !items.isArray()) {
      throw new BackendRequestError(what + " on backend '" + backend().name() + "' should answer "
          + (envelope == null ? "a JSON array of records or ids" : "its records in '" + envelope + "'") + ", got "
          + describe(body) + ": check listEnvelope() in " + getClass().getSimpleName(), answer.status());
    }
    List<Map<String, Object>> out = new ArrayList<>();
    for (JsonNode item : items) {
      if (item.isObject()) {
        out.add(asMap(item));
      } else {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put(idField(), item.asText());
        out.add(record);
      }
    }
    return out;
  }

  private String pageTarget(Map<String, ?> filters, Paging paging, long position, String cursor) {
    Map<String, Object> query = new LinkedHashMap<>();
    if (filters != null) {
      query.putAll(filters);
    }
    switch (paging.style()) {
      case NONE -> { }
      case OFFSET_LIMIT, PAGE -> {
        query.put(paging.positionParam(), position);
        query.put(paging.sizeParam(), paging.size());
      }
      case LINK -> {
        if (paging.sizeParam() != null) {
          query.put(paging.sizeParam(), paging.size());
        }
      }
      case CURSOR -> {
        if (cursor != null) {
          query.put(paging.positionParam(), cursor);
        }
        if (paging.sizeParam() != null) {
          query.put(paging.sizeParam(), paging.size());
        }
      }
    }
    return HttpJsonClient.withQuery(resourcePath(), query);
  }

  /** The node at {@code where}: a JSON pointer ({@code /meta/total}) or a top-level field name; null when missing. */
  private static JsonNode at(JsonNode body, String where) {
    JsonNode node = where.startsWith("/") ? body.at(where) : body.get(where);
    return node == null || node.isMissingNode() ? null : node;
  }

  private static String describe(JsonNode body) {
    String text = body.toString();
    return body.getNodeType().toString().toLowerCase(java.util.Locale.ROOT) + " "
        + (text.length() > 120 ? text.substring(0, 120) + "..." : text);
  }
}
