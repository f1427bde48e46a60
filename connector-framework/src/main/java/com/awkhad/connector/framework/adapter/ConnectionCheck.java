package com.awkhad.connector.framework.adapter;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import javax.net.ssl.SSLException;

/**
 * The outcome of a backend adapter's connection check ({@link BackendAdapter#check()}): whether the
 * external system answered the request with the backend's credentials and, when not, which step
 * failed and what to do. Never carries the secret.
 *
 * <pre>{@code
 * ConnectionCheck c = adapter.check();
 * if (!c.ok()) {
 *   System.out.println(c.outcome() + ": " + c.message());   // REFUSED: Nothing listens on 127.0.0.1:8070 ...
 * }
 * }</pre>
 *
 * @param outcome what happened: {@link Outcome#OK} or the step that failed
 * @param request what was tried, e.g. {@code GET http://127.0.0.1:8070/beverages} (no query string)
 * @param status the HTTP status when the system answered, else null
 * @param elapsed how long the check took
 * @param message what happened in words, and what to do when it failed
 */
public record ConnectionCheck(Outcome outcome, String request, Integer status, Duration elapsed, String message) {

  /** What a check found: the system answered, or which step failed. */
  public enum Outcome {
    /** The system answered with a 2xx: reachable, and the credentials were accepted. */
    OK,
    /** The host name in the location does not resolve. */
    DNS,
    /** Nothing listens on the host and port (connection refused). */
    REFUSED,
    /** The TLS handshake failed: plain HTTP on an https location, or a certificate this JVM does not trust. */
    TLS,
    /** No answer within the backend's timeout. */
    TIMEOUT,
    /** The system answered 401 or 403: the credentials (the backend's secret) were refused. */
    UNAUTHORIZED,
    /** The system answered another status than 2xx, 401 or 403. */
    HTTP_ERROR,
    /** Another network error (reset, closed connection). */
    UNREACHABLE,
    /** The backend cannot be checked as configured (no location, a location that is not a URL...). */
    NOT_CONFIGURED,
    /** The adapter has no connection check. */
    UNSUPPORTED
  }

  /** Whether the system answered and accepted the credentials. */
  public boolean ok() {
    return outcome == Outcome.OK;
  }

  /** A check that found the system answering {@code status} (2xx) to {@code request}. */
  public static ConnectionCheck ok(String request, int status, Duration elapsed) {
    return new ConnectionCheck(Outcome.OK, request, status, elapsed,
        request + " answered HTTP " + status + " in " + elapsed.toMillis() + " ms");
  }

  /** The host name {@code host} does not resolve. */
  public static ConnectionCheck dns(String request, String host, Duration elapsed) {
    return new ConnectionCheck(Outcome.DNS, request, null, elapsed, "The host name '" + host + "' does not resolve"
        + " (DNS): check the host in the backend's location, or this machine's DNS settings");
  }

  /**
   * A check whose request failed with {@code error} (an {@link java.io.IOException} of the HTTP
   * client, or one of its causes): DNS, refused, TLS, timeout or another network error.
   *
   * @param hostPort {@code host:port} of the location, as messages name it
   * @param timeout the backend's timeout, named in a timeout's message
   */
  public static ConnectionCheck failed(String request, String hostPort, Throwable error, Duration timeout,
      Duration elapsed) {
    if (has(error, HttpTimeoutException.class)) {
      return new ConnectionCheck(Outcome.TIMEOUT, request, null, elapsed, "No answer from " + hostPort + " within "
          + timeout.toSeconds() + " s: the system is overloaded or frozen, or a firewall drops the packets. Check"
          + " that it is up, or raise the backend setting http_timeout_seconds"
          + (request != null && request.startsWith("GET https:") ? " (a port speaking plain HTTP can also wait"
              + " like this for an https client: try http:// in the location)" : ""));
    }
    if (has(error, UnresolvedAddressException.class) || has(error, UnknownHostException.class)) {
      return new ConnectionCheck(Outcome.DNS, request, null, elapsed, "The host name in " + hostPort
          + " does not resolve (DNS): check the host in the backend's location, or this machine's DNS settings");
    }
    if (has(error, SSLException.class)) {
      return new ConnectionCheck(Outcome.TLS, request, null, elapsed, "The TLS handshake with " + hostPort
          + " failed (" + detail(error, SSLException.class) + "): the server may not speak https on this port (try"
          + " http:// in the location), or its certificate is not trusted by this JVM (add its CA to the trust store)");
    }
    if (has(error, ConnectException.class)) {
      return new ConnectionCheck(Outcome.REFUSED, request, null, elapsed, "Nothing listens on " + hostPort
          + " (connection refused): check the port in the backend's location, and that the system is running");
    }
    return new ConnectionCheck(Outcome.UNREACHABLE, request, null, elapsed, "The connection to " + hostPort
        + " failed: " + detail(error, Throwable.class) + ". Check that the system is running and reachable from here");
  }

  /** The system answered {@code status} (not 2xx); {@code summary} is its body, summarised and scrubbed. */
  public static ConnectionCheck refused(String request, int status, String summary, Duration elapsed) {
    String body = summary == null || summary.isEmpty() ? "" : ": " + summary;
    if (status == 401 || status == 403) {
      return new ConnectionCheck(Outcome.UNAUTHORIZED, request, status, elapsed, request + " was refused with HTTP "
          + status + body + ". The credentials were refused: set the backend's secret (./connector backends update"
          + " NAME --secret-stdin) and its settings naming the user or the API key header");
    }
    return new ConnectionCheck(Outcome.HTTP_ERROR, request, status, elapsed, request + " answered HTTP " + status + body
        + (status == 404 ? ". Check the path in the backend's location (a base URL such as https://shop.example.com/api)"
            : status >= 500 ? ". The system answers but is failing: check its state, then run the check again"
                : ". Check the backend's location and settings"));
  }

  /** The backend cannot be checked as configured; {@code why} says what to fix. */
  public static ConnectionCheck notConfigured(String why) {
    return new ConnectionCheck(Outcome.NOT_CONFIGURED, null, null, Duration.ZERO, why);
  }

  /** The adapter {@code adapterClass} has no connection check. */
  public static ConnectionCheck unsupported(String adapterClass) {
    return new ConnectionCheck(Outcome.UNSUPPORTED, null, null, Duration.ZERO, adapterClass + " has no connection"
        + " check: override check() in it (HttpJsonAdapter has one)");
  }

  private static boolean has(Throwable error, Class<? extends Throwable> type) {
    for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }

  /** The message of the first {@code type} with one in the chain, else the class of the error. */
  private static String detail(Throwable error, Class<? extends Throwable> type) {
    for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (type.isInstance(t) && t.getMessage() != null && !t.getMessage().isBlank()) {
        return t.getMessage();
      }
    }
    return error.getClass().getSimpleName();
  }
}
