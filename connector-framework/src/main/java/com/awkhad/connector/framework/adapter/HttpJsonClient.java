package com.awkhad.connector.framework.adapter;

import com.awkhad.connector.framework.backend.Backend;
import com.awkhad.connector.framework.backend.Secret;
import com.awkhad.connector.framework.circuit.CircuitCall;
import com.awkhad.connector.framework.exception.BackendRequestError;
import com.awkhad.connector.framework.exception.ConnectorException;
import com.awkhad.connector.framework.exception.IDMissingInBackend;
import com.awkhad.connector.framework.exception.NetworkRetryableError;
import com.awkhad.connector.queue.job.JobJson;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A JSON-over-HTTP client for one backend, built on {@link HttpClient}: one per unit of work
 * (declare it as a backend type resource so it is opened once and closed with the work), over a
 * JDK client shared per timeout.
 *
 * <pre>{@code
 * BackendType.builder("coffee.backend")
 *     .resource(HttpJsonClient.RESOURCE, HttpJsonClient::forBackend)
 *     ...
 * JsonNode product = client.get("/products/42");
 * }</pre>
 *
 * <p>The base URL is the backend's {@code location}. The backend's secret goes in a request header
 * ({@code Authorization: Bearer <secret>} by default, or the header named by the backend setting
 * {@value #API_KEY_HEADER_SETTING}; see {@link #forBackend(Backend)} and
 * {@link #forBackend(Backend, Consumer)}), never in the URL, and is scrubbed from every message.
 *
 * <p>Outcomes: a 2xx answer is returned: {@link #exchange} returns it whole as an
 * {@link HttpJsonResponse} (status, headers, {@code Optional} body); the convenience methods
 * ({@link #get}, {@link #post}, {@link #put}, {@link #delete}, {@link #send}) return only its JSON
 * body, and <b>null when the answer has no body</b> (a {@code 204 No Content}, an empty
 * {@code 200} or {@code 201}): use {@link #exchange} when you need to tell. Connection errors,
 * timeouts and HTTP 429, 502, 503, 504 raise {@link NetworkRetryableError} (with the server's
 * {@code Retry-After}, in seconds or as an HTTP date, when given); 404 raises {@link IDMissingInBackend}; any other status
 * raises {@link BackendRequestError} with the status and the body summarised.
 *
 * <p>Requests go to a path under the base URL, or to an absolute URL the remote gave (a
 * {@code Link} to the next page, a {@code Location}) only when it has the backend's scheme, host
 * and port: the credentials are never sent to another origin.
 */
public final class HttpJsonClient implements AutoCloseable {
  /** The usual resource name of the client in a work context. */
  public static final String RESOURCE = "http";
  /**
   * The backend setting naming the header that carries the secret as an API key, e.g.
   * {@code "api_key_header": "X-API-Key"}; without it the secret goes as {@code Authorization: Bearer}.
   */
  public static final String API_KEY_HEADER_SETTING = "api_key_header";
  private static final Pattern HEADER_NAME = Pattern.compile("[A-Za-z0-9!#$%&'*+.^_`|~-]+");
  private static final Logger log = LoggerFactory.getLogger(HttpJsonClient.class);
  private static final int BODY_SUMMARY = 300;
  /**
   * The JDK clients, shared per connect timeout: an {@link HttpClient} is thread-safe and owns a
   * connection pool and a selector thread, so one per unit of work would waste both.
   *
   * <p>Each speaks HTTP/1.1 (a job makes one call at a time; the pool gives the parallelism) and
   * completes its responses on its selector thread ({@code executor(Runnable::run)}) instead of
   * handing each one to a pool thread on its way back to the job's thread: the bodies are read as
   * strings, nothing there blocks, and one thread hop less per call cut the bench JVM's CPU for
   * the same sync by about a fifth (docs/benchmarks.md, "Sync, 2026-12-04 (night)").
   */
  private static final ConcurrentMap<Duration, HttpClient> CLIENTS = new ConcurrentHashMap<>();

  private final HttpClient http;
  private final URI base;
  private final Secret secret;
  private final Consumer<HttpRequest.Builder> authorizer;
  private final Duration timeout;
  private final String backendName;

  private HttpJsonClient(URI base, Secret secret, Consumer<HttpRequest.Builder> authorizer, Duration timeout, String backendName) {
    this.http = CLIENTS.computeIfAbsent(timeout,
        t -> HttpClient.newBuilder().connectTimeout(t).followRedirects(HttpClient.Redirect.NEVER)
            .version(HttpClient.Version.HTTP_1_1).executor(Runnable::run).build());
    this.base = base;
    this.secret = secret;
    this.authorizer = authorizer;
    this.timeout = timeout;
    this.backendName = backendName;
  }

  /**
   * A client on {@code backend.location()} sending the backend's secret, when it has one, as
   * {@code Authorization: Bearer <secret>}, or as {@code <header>: <secret>} when the backend
   * setting {@value #API_KEY_HEADER_SETTING} names a header; timeout from the setting
   * {@code http_timeout_seconds} (default 30).
   *
   * <pre>{@code
   * Backends.of(env).newBackend("Tracker", "tracker.backend").location("https://tracker.example.com")
   *     .setting(HttpJsonClient.API_KEY_HEADER_SETTING, "X-API-Key").secret(Secret.of(key)).create();
   * // every request then carries X-API-Key: <key>
   * }</pre>
   *
   * @throws ConnectorException when the setting is not a header name, or names {@code Authorization}
   */
  public static HttpJsonClient forBackend(Backend backend) {
    String header = backend.setting(API_KEY_HEADER_SETTING, String.class).map(String::trim).orElse(null);
    if (header != null && (!HEADER_NAME.matcher(header).matches() || "Authorization".equalsIgnoreCase(header))) {
      throw new ConnectorException("The setting '" + API_KEY_HEADER_SETTING + "' of backend '" + backend.name() + "' is '"
          + header + "': set it to the name of the header carrying the API key, e.g. X-API-Key (remove it to send"
          + " the secret as Authorization: Bearer)");
    }
    return forBackend(backend, b -> {
      if (!backend.secret().isEmpty()) {
        if (header == null) {
          b.header("Authorization", "Bearer " + backend.secret().reveal());
        } else {
          b.header(header, backend.secret().reveal());
        }
      }
    });
  }

  /** Like {@link #forBackend(Backend)}, with {@code authorizer} adding the credential headers to each request. */
  public static HttpJsonClient forBackend(Backend backend, Consumer<HttpRequest.Builder> authorizer) {
    String location = backend.location();
    if (location == null || location.isBlank()) {
      throw new ConnectorException("Backend '" + backend.name() + "' (id " + backend.id() + ") has no location: set the"
          + " base URL of the external system, e.g. https://shop.example.com/api");
    }
    URI base;
    try {
      base = URI.create(location.endsWith("/") ? location.substring(0, location.length() - 1) : location);
    } catch (IllegalArgumentException e) {
      throw new ConnectorException("The location of backend '" + backend.name() + "' is not a URL: " + e.getMessage());
    }
    if (base.getUserInfo() != null) {
      throw new ConnectorException("The location of backend '" + backend.name() + "' holds credentials (user:password@):"
          + " remove them and store the credential as the backend's secret, sent in a header");
    }
    if (!"http".equals(base.getScheme()) && !"https".equals(base.getScheme())) {
      throw new ConnectorException("The location of backend '" + backend.name() + "' must start with http:// or https://");
    }
    int seconds = backend.setting("http_timeout_seconds", Integer.class).orElse(30);
    return new HttpJsonClient(base, backend.secret(), authorizer, Duration.ofSeconds(seconds), backend.name());
  }

  /** GET {@code path} (relative to the base URL) with query parameters; the parsed JSON body. */
  public JsonNode get(String path, Map<String, ?> query) {
    return send("GET", withQuery(path, query), null);
  }

  public JsonNode get(String path) {
    return send("GET", path, null);
  }

  public JsonNode post(String path, Object body) {
    return send("POST", path, body);
  }

  /**
   * POST with extra request headers, e.g. {@code Map.of("Idempotency-Key", key)}. Credentials come
   * from the authorizer only: an {@code Authorization} header here is refused.
   */
  public JsonNode post(String path, Object body, Map<String, String> headers) {
    return send("POST", path, body, headers);
  }

  public JsonNode put(String path, Object body) {
    return send("PUT", path, body);
  }

  public JsonNode delete(String path) {
    return send("DELETE", path, null);
  }

  /** Sends one request; its JSON body, null when it has none. See the class description for the outcomes. */
  public JsonNode send(String method, String path, Object body) {
    return send(method, path, body, Map.of());
  }

  /**
   * Sends one request with extra headers (set before the authorizer's); its JSON body, null when it
   * has none. See the class description for the outcomes.
   */
  public JsonNode send(String method, String path, Object body, Map<String, String> headers) {
    return exchange(method, path, body, headers).body().orElse(null);
  }

  /**
   * Sends one request and returns the whole 2xx answer: its status, headers and body (empty for a
   * {@code 204} or any answer without one). Other outcomes raise as the class description says.
   *
   * <pre>{@code
   * HttpJsonResponse page = client.exchange("GET", HttpJsonClient.withQuery("/issues", Map.of("limit", 100)), null, Map.of());
   * while (page.nextLink().isPresent()) {
   *   page = client.exchange("GET", page.nextLink().get().toString(), null, Map.of());   // same origin only
   * }
   * }</pre>
   *
   * @param target a path under the backend's location ({@code /issues/42?include=journals}), or an
   *     absolute URL on the location's scheme, host and port (a {@code Link} or {@code Location}
   *     the remote gave)
   * @param body the request body, written as JSON; null for none
   * @param headers extra request headers (not {@code Authorization}: credentials come from the backend)
   * @throws ConnectorException when {@code target} is an absolute URL on another origin
   */
  public HttpJsonResponse exchange(String method, String target, Object body, Map<String, String> headers) {
    Objects.requireNonNull(target, "target");
    URI uri = resolve(method, target);
    String what = method + " " + uri.getRawPath() + " on backend '" + backendName + "'";
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "application/json");
    if (body != null) {
      try {
        request.header("Content-Type", "application/json")
            .method(method, HttpRequest.BodyPublishers.ofString(JobJson.mapper().writeValueAsString(body)));
      } catch (JsonProcessingException e) {
        throw new ConnectorException("Cannot write the body of " + what + " as JSON: " + e.getOriginalMessage());
      }
    } else {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    }
    headers.forEach((name, value) -> {
      if ("Authorization".equalsIgnoreCase(name)) {
        throw new IllegalArgumentException("Pass credentials as the backend's secret, not as a request header of " + what);
      }
      request.header(name, value);
    });
    authorizer.accept(request);
    HttpResponse<String> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new NetworkRetryableError(scrub(what + " failed: " + e.getClass().getSimpleName()
          + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")") + ". The system may be down or unreachable"), null, true);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new NetworkRetryableError(what + " was interrupted (the runner stopped the job)", null, false);
    }
    int status = response.statusCode();
    log.debug("{} -> {}", what, status);
    boolean unavailable = status == 502 || status == 503 || status == 504;
    if (!unavailable) {
      CircuitCall.answered(); // the system is there, whatever it answered
    }
    if (status >= 200 && status < 300) {
      return new HttpJsonResponse(uri, status, response.headers(), parse(what, response.body()));
    }
    String summary = summarise(response.body());
    if (status == 429 || unavailable) {
      Integer retryAfter = response.headers().firstValue("Retry-After").map(v -> retryAfterSeconds(v, Instant.now()))
          .orElse(null);
      throw new NetworkRetryableError(scrub(what + " answered HTTP " + status + (status == 429
          ? " (too many requests: the system asks to slow down)" : " (the system is busy or unavailable)")
          + (summary.isEmpty() ? "" : ": " + summary)),
          retryAfter == null ? null : ". It asked to come back in " + retryAfter + " s (Retry-After)", retryAfter, unavailable);
    }
    if (status == 404) {
      throw new IDMissingInBackend(scrub(what + " answered HTTP 404: the record does not exist there (deleted, or a wrong id)"
          + (summary.isEmpty() ? "" : ": " + summary)));
    }
    throw new BackendRequestError(scrub(what + " was refused with HTTP " + status + (summary.isEmpty() ? "" : ": " + summary)
        + (status == 401 || status == 403 ? ". Check the backend's credentials (its secret)" : ". Check the data sent, then requeue the job")),
        status);
  }

  /** Resolves a host name; {@link #check(String, Resolver)} asks it before connecting (tests inject one). */
  @FunctionalInterface
  public interface Resolver {
    /** The system's resolver. */
    Resolver SYSTEM = InetAddress::getAllByName;

    /**
     * @throws UnknownHostException when the name does not resolve
     */
    InetAddress[] resolve(String host) throws UnknownHostException;
  }

  /**
   * Checks that the system answers {@code GET target} with the backend's credentials, without
   * throwing: the outcome says which step failed (DNS, refused, TLS, timeout, 401/403, another
   * status) and what to do. The body of a 2xx answer is read and dropped.
   *
   * <pre>{@code
   * ConnectionCheck c = client.check("/beverages");   // OK: GET http://127.0.0.1:8070/beverages answered HTTP 200 in 4 ms
   * }</pre>
   */
  public ConnectionCheck check(String target) {
    return check(target, Resolver.SYSTEM);
  }

  /** Like {@link #check(String)}, resolving the host name with {@code resolver} first. */
  public ConnectionCheck check(String target, Resolver resolver) {
    URI uri = resolve("GET", target);
    String request = "GET " + uri.getScheme() + "://" + hostPort(uri) + uri.getRawPath();
    long start = System.nanoTime();
    try {
      resolver.resolve(uri.getHost());
    } catch (UnknownHostException e) {
      return ConnectionCheck.dns(request, uri.getHost(), since(start));
    }
    HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "application/json").GET();
    authorizer.accept(builder);
    HttpResponse<String> response;
    try {
      response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      ConnectionCheck c = ConnectionCheck.failed(request, hostPort(uri), e, timeout, since(start));
      return new ConnectionCheck(c.outcome(), c.request(), c.status(), c.elapsed(), scrub(c.message()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new ConnectionCheck(ConnectionCheck.Outcome.UNREACHABLE, request, null, since(start),
          request + " was interrupted before an answer came: run the check again");
    }
    log.debug("check {} -> {}", request, response.statusCode());
    int status = response.statusCode();
    if (status >= 200 && status < 300) {
      return ConnectionCheck.ok(request, status, since(start));
    }
    return ConnectionCheck.refused(request, status, summarise(response.body()), since(start));
  }

  private static String hostPort(URI uri) {
    return uri.getHost() + ":" + port(uri);
  }

  private static java.time.Duration since(long startNanos) {
    return java.time.Duration.ofNanos(System.nanoTime() - startNanos);
  }

  /** Ends this unit of work's use of the client; the shared JDK client and its connections stay for the next. */
  @Override
  public void close() {
    // nothing is held per unit of work: credentials live in the authorizer, connections in the shared client
  }

  /**
   * The URL of {@code target}: under the base URL for a path; an absolute URL as is, when it has
   * the base URL's scheme, host and port.
   */
  private URI resolve(String method, String target) {
    if (!target.regionMatches(true, 0, "http://", 0, 7) && !target.regionMatches(true, 0, "https://", 0, 8)) {
      return URI.create(base + (target.startsWith("/") ? target : "/" + target));
    }
    URI uri;
    try {
      uri = URI.create(target);
    } catch (IllegalArgumentException e) {
      throw new ConnectorException(scrub(method + " on backend '" + backendName + "': the URL the system gave is not valid ("
          + e.getMessage() + ")"));
    }
    if (!sameOrigin(uri, base)) {
      throw new ConnectorException(scrub(method + " " + uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort())
          + uri.getRawPath() + " refused on backend '" + backendName + "': the system sent a link outside the backend's location "
          + base.getScheme() + "://" + base.getHost() + (base.getPort() < 0 ? "" : ":" + base.getPort())
          + " (another scheme, host or port), and the backend's credentials are only sent there. If the API really lives"
          + " there, set the backend's location to it"));
    }
    return uri;
  }

  private static boolean sameOrigin(URI a, URI b) {
    return a.getScheme() != null && a.getScheme().equalsIgnoreCase(b.getScheme())
        && a.getHost() != null && a.getHost().equalsIgnoreCase(b.getHost())
        && port(a) == port(b) && a.getUserInfo() == null;
  }

  private static int port(URI uri) {
    return uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
  }

  /**
   * {@code path} with {@code query} appended as URL-encoded parameters ({@code ?a=1&b=x+y}, or
   * {@code &...} when the path has a query already); {@code path} alone when the query is empty.
   */
  public static String withQuery(String path, Map<String, ?> query) {
    String q = queryString(query);
    return q.isEmpty() ? path : path.contains("?") ? path + "&" + q.substring(1) : path + q;
  }

  private JsonNode parse(String what, String body) {
    if (body == null || body.isBlank()) {
      return null;
    }
    try {
      return JobJson.mapper().readTree(body);
    } catch (JsonProcessingException e) {
      throw new BackendRequestError(scrub(what + " returned a body that is not JSON: " + summarise(body)), 200);
    }
  }

  private String summarise(String body) {
    if (body == null) {
      return "";
    }
    String s = scrub(body).replaceAll("\\s+", " ").trim();
    return s.length() > BODY_SUMMARY ? s.substring(0, BODY_SUMMARY) + "... (" + s.length() + " chars)" : s;
  }

  private String scrub(String text) {
    return secret.scrub(text);
  }

  /**
   * The seconds a {@code Retry-After} header asks to wait: a number of seconds ({@code 120}) or an
   * HTTP date ({@code Wed, 21 Oct 2026 07:28:00 GMT}, counted from {@code now}; 0 when it is past);
   * null when it is neither.
   *
   * <pre>{@code
   * HttpJsonClient.retryAfterSeconds("120", now);                             // 120
   * HttpJsonClient.retryAfterSeconds("Wed, 21 Oct 2026 07:28:00 GMT", now);   // seconds until then
   * }</pre>
   */
  public static Integer retryAfterSeconds(String retryAfter, Instant now) {
    String v = retryAfter.trim();
    try {
      long s = Long.parseLong(v);
      return s >= 0 ? (int) Math.min(s, Integer.MAX_VALUE) : null;
    } catch (NumberFormatException e) {
      // an HTTP date
    }
    try {
      Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      long seconds = Duration.between(now, at).toMillis();
      return seconds <= 0 ? 0 : (int) Math.min((seconds + 999) / 1000, Integer.MAX_VALUE);
    } catch (DateTimeParseException e) {
      return null; // neither: the back-off decides
    }
  }

  private static String queryString(Map<String, ?> query) {
    if (query == null || query.isEmpty()) {
      return "";
    }
    StringJoiner j = new StringJoiner("&", "?", "");
    query.forEach((k, v) -> j.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "="
        + URLEncoder.encode(String.valueOf(v), StandardCharsets.UTF_8)));
    return j.toString();
  }

  @Override
  public String toString() {
    return "HttpJsonClient[" + base + "]";
  }
}
