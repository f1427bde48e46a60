package com.awkhad.connector.framework.adapter;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A successful (2xx) answer of {@link HttpJsonClient#exchange}: its status, headers and JSON body,
 * which is empty for a {@code 204 No Content} or any 2xx answer without a body (a {@code 201}
 * carrying only a {@code Location}, an empty {@code 200}).
 *
 * <pre>{@code
 * HttpJsonResponse answer = client.exchange("PUT", "/issues/42", Map.of("issue", values), Map.of());
 * if (answer.body().isEmpty()) {                        // 204: read the record again
 *   ...
 * }
 * Optional<Instant> remoteNow = answer.date();          // the remote's clock (the Date header)
 * Optional<URI> next = answer.nextLink();               // Link: <https://api.example.com/issues?page=2>; rel="next"
 * }</pre>
 *
 * <p>Links ({@link #location()}, {@link #nextLink()}) are resolved against the request's URL;
 * the client follows one only on the backend's own scheme, host and port.
 */
public final class HttpJsonResponse {
  private static final Pattern LINK = Pattern.compile("<([^>]*)>\\s*((?:;\\s*[^;,]*)*)");
  private static final Pattern REL = Pattern.compile(";\\s*rel\\s*=\\s*\"?([^\";]*)\"?", Pattern.CASE_INSENSITIVE);

  private final URI uri;
  private final int status;
  private final HttpHeaders headers;
  private final JsonNode body;

  /**
   * An answer to the request on {@code uri}.
   *
   * @param body the parsed body, or null when the answer had none
   */
  public HttpJsonResponse(URI uri, int status, HttpHeaders headers, JsonNode body) {
    this.uri = Objects.requireNonNull(uri, "uri");
    this.status = status;
    this.headers = Objects.requireNonNull(headers, "headers");
    this.body = body;
  }

  /** The URL the request went to. */
  public URI uri() {
    return uri;
  }

  /** The HTTP status, 200 to 299. */
  public int status() {
    return status;
  }

  /** Every header of the answer. */
  public HttpHeaders headers() {
    return headers;
  }

  /** The first value of header {@code name} (any case). */
  public Optional<String> header(String name) {
    return headers.firstValue(name);
  }

  /** The JSON body; empty when the answer had none (a {@code 204}, an empty {@code 200} or {@code 201}). */
  public Optional<JsonNode> body() {
    return Optional.ofNullable(body);
  }

  /**
   * The remote's clock when it answered: the {@code Date} header (RFC 1123, whole seconds); empty
   * when absent or unreadable.
   */
  public Optional<Instant> date() {
    return header("Date").flatMap(d -> {
      try {
        return Optional.of(ZonedDateTime.parse(d.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
      } catch (DateTimeParseException e) {
        return Optional.empty();
      }
    });
  }

  /** The {@code ETag} header as sent (quotes and a {@code W/} prefix included), to send back in {@code If-Match}. */
  public Optional<String> etag() {
    return header("ETag");
  }

  /** The {@code Location} header (e.g. a created record's URL), resolved against the request's URL. */
  public Optional<URI> location() {
    return header("Location").map(l -> uri.resolve(l.trim()));
  }

  /**
   * The target of the {@code Link} header's {@code rel="next"} entry (RFC 8288), resolved against
   * the request's URL; empty on the last page or when there is no such header.
   */
  public Optional<URI> nextLink() {
    for (String value : headers.allValues("Link")) {
      Matcher link = LINK.matcher(value);
      while (link.find()) {
        Matcher rel = REL.matcher(link.group(2));
        while (rel.find()) {
          for (String r : rel.group(1).trim().split("\\s+")) {
            if ("next".equalsIgnoreCase(r)) {
              return Optional.of(uri.resolve(link.group(1).trim()));
            }
          }
        }
      }
    }
    return Optional.empty();
  }

  @Override
  public String toString() {
    return "HttpJsonResponse[" + status + " " + uri.getRawPath() + (body == null ? ", no body" : "") + "]";
  }
}
