package com.awkhad.connector.framework.testconnector;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The external system of the tests: a JSON shop on 127.0.0.1 (a random port) with the resources
 * {@code /products} and {@code /categories}, a bearer token, failures on demand, and a log of the
 * requests it received.
 */
public final class FakeShop implements AutoCloseable {
  /** One request as received. */
  public record Request(String method, String uri, String authorization, String body, String idempotencyKey, String ifMatch) {}

  private record Failure(int status, String body, String retryAfter) {}

  private static final ObjectMapper JSON = new ObjectMapper();
  private volatile HttpServer server;
  private final int port;
  private final String token;
  private final Map<String, Map<String, Map<String, Object>>> resources = new ConcurrentHashMap<>();
  private final AtomicLong ids = new AtomicLong(100);
  private final Deque<Failure> failures = new ArrayDeque<>();
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private volatile boolean wholeSeconds;
  private volatile boolean etags;
  private final Map<String, Long> revisions = new ConcurrentHashMap<>();

  private FakeShop(String token) throws IOException {
    this.token = token;
    resources.put("products", new ConcurrentHashMap<>());
    resources.put("categories", new ConcurrentHashMap<>());
    server = listen(0);
    port = server.getAddress().getPort();
  }

  private HttpServer listen(int onPort) throws IOException {
    HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), onPort), 0);
    s.createContext("/", this::handle);
    s.start();
    return s;
  }

  /** Stops listening: connections to the shop are refused until {@link #up()}. */
  public synchronized void down() {
    server.stop(0);
  }

  /** Listens again on the same port, with the same records. */
  public synchronized void up() {
    try {
      server = listen(port);
    } catch (IOException e) {
      throw new IllegalStateException("Could not listen again on 127.0.0.1:" + port + " (another process took the port?)", e);
    }
  }

  public static FakeShop start(String token) {
    try {
      return new FakeShop(token);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public String url() {
    return "http://127.0.0.1:" + port;
  }

  /**
   * From now on, timestamps in whole seconds ({@code 2026-12-03T10:15:30Z}), and a list filter
   * {@code updated_since} with a fraction answered {@code 422}, as some real APIs do.
   */
  public FakeShop wholeSeconds() {
    wholeSeconds = true;
    return this;
  }

  /**
   * From now on, record answers carry an {@code ETag} (the record's revision, changed by every
   * store) and a {@code PUT} whose {@code If-Match} is another ETag is answered {@code 412}.
   */
  public FakeShop etags() {
    etags = true;
    return this;
  }

  /** The current ETag of a record: its revision, quoted. */
  public String etag(String resource, String id) {
    return "\"r" + revisions.getOrDefault(resource + "/" + id, 0L) + "\"";
  }

  private void etagHeader(HttpExchange ex, String resource, String id) {
    if (etags) {
      ex.getResponseHeaders().add("ETag", etag(resource, id));
    }
  }

  /** Stores a record as if created in the shop (updated_at = now). */
  public void put(String resource, String id, Map<String, ?> values) {
    revisions.merge(resource + "/" + id, 1L, Long::sum);
    Map<String, Object> record = new LinkedHashMap<>(values);
    record.put("id", id);
    Instant now = Instant.now();
    record.put("updated_at", (wholeSeconds ? now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS) : now).toString());
    resources.get(resource).put(id, record);
  }

  public Map<String, Object> get(String resource, String id) {
    return resources.get(resource).get(id);
  }

  public Map<String, Map<String, Object>> all(String resource) {
    return resources.get(resource);
  }

  /** The next {@code times} requests answer {@code status} with {@code body}. */
  public synchronized void failNext(int times, int status, String body, String retryAfter) {
    for (int i = 0; i < times; i++) {
      failures.add(new Failure(status, body, retryAfter));
    }
  }

  public List<Request> requests() {
    return List.copyOf(requests);
  }

  private synchronized Failure nextFailure() {
    return failures.poll();
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      String auth = ex.getRequestHeaders().getFirst("Authorization");
      requests.add(new Request(ex.getRequestMethod(), ex.getRequestURI().toString(), auth, body,
          ex.getRequestHeaders().getFirst("Idempotency-Key"), ex.getRequestHeaders().getFirst("If-Match")));
      Failure failure = nextFailure();
      if (failure != null) {
        if (failure.retryAfter() != null) {
          ex.getResponseHeaders().add("Retry-After", failure.retryAfter());
        }
        reply(ex, failure.status(), failure.body());
        return;
      }
      if (token != null && !("Bearer " + token).equals(auth)) {
        reply(ex, 401, "{\"error\":\"bad token\"}");
        return;
      }
      String[] parts = ex.getRequestURI().getPath().split("/");
      Map<String, Map<String, Object>> records = parts.length > 1 ? resources.get(parts[1]) : null;
      if (records == null) {
        reply(ex, 404, "{\"error\":\"no such resource\"}");
        return;
      }
      String id = parts.length > 2 ? parts[2] : null;
      switch (ex.getRequestMethod() + (id == null ? " list" : " item")) {
        case "GET list" -> {
          String since = query(ex, "updated_since");
          if (since != null && wholeSeconds && since.contains(".")) {
            reply(ex, 422, "{\"errors\":[\"updated_since is invalid: expected YYYY-MM-DDTHH:MM:SSZ\"]}");
            return;
          }
          if (since != null) {
            since = java.net.URLDecoder.decode(since, StandardCharsets.UTF_8);
          }
          String sinceValue = since;
          List<String> found = new ArrayList<>();
          new java.util.TreeMap<>(records).forEach((key, r) -> {
            if (sinceValue == null || Instant.parse((String) r.get("updated_at")).compareTo(Instant.parse(sinceValue)) >= 0) {
              found.add(key);
            }
          });
          reply(ex, 200, JSON.writeValueAsString(found));
        }
        case "GET item" -> {
          Map<String, Object> r = records.get(id);
          if (r != null) {
            etagHeader(ex, parts[1], id);
          }
          reply(ex, r == null ? 404 : 200, r == null ? "{\"error\":\"not found\"}" : JSON.writeValueAsString(r));
        }
        case "POST list" -> {
          String newId = String.valueOf(ids.incrementAndGet());
          Map<String, Object> values = JSON.readValue(body, new TypeReference<Map<String, Object>>() {});
          if (parts[1].equals("products")) {
            values.put("sku", "SKU-" + newId); // set by the shop
          }
          put(parts[1], newId, values);
          etagHeader(ex, parts[1], newId);
          reply(ex, 201, JSON.writeValueAsString(records.get(newId)));
        }
        case "PUT item" -> {
          Map<String, Object> r = records.get(id);
          String ifMatch = ex.getRequestHeaders().getFirst("If-Match");
          if (r == null) {
            reply(ex, 404, "{\"error\":\"not found\"}");
          } else if (etags && ifMatch != null && !ifMatch.equals(etag(parts[1], id))) {
            reply(ex, 412, "{\"error\":\"the record changed since " + ifMatch + "\"}");
          } else {
            Map<String, Object> merged = new LinkedHashMap<>(r);
            merged.putAll(JSON.readValue(body, new TypeReference<Map<String, Object>>() {}));
            put(parts[1], id, merged);
            etagHeader(ex, parts[1], id);
            reply(ex, 200, JSON.writeValueAsString(records.get(id)));
          }
        }
        case "DELETE item" -> reply(ex, records.remove(id) == null ? 404 : 204, "");
        default -> reply(ex, 405, "{\"error\":\"method not allowed\"}");
      }
    }
  }

  private static String query(HttpExchange ex, String name) {
    String q = ex.getRequestURI().getQuery();
    if (q == null) {
      return null;
    }
    for (String pair : q.split("&")) {
      String[] kv = pair.split("=", 2);
      if (kv[0].equals(name) && kv.length == 2) {
        return kv[1];
      }
    }
    return null;
  }

  private static void reply(HttpExchange ex, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().add("Content-Type", "application/json");
    ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      try (OutputStream out = ex.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
