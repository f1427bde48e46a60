package com.awkhad.connector.server.web.api;

import io.javalin.http.Context;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;

/**
 * What an error answer says: the message per status when the server (Javalin, Jetty) produced it
 * without one of ours, and the reference id of an unexpected failure.
 *
 * <pre>{@code
 * String ref = Errors.reference();                    // "7f3a9c02e1d4": logged and answered
 * String why = Errors.message(413, "POST", "/api/jobs/requeue", null);
 * }</pre>
 */
public final class Errors {
  /** The statuses whose answer is made JSON when a route did not write one. */
  static final List<Integer> STATUSES = List.of(400, 404, 405, 413, 414, 415, 431, 500, 503);
  private static final SecureRandom RANDOM = new SecureRandom();

  private Errors() {}

  /** A short random id tying a 500 answer to its log line. */
  public static String reference() {
    byte[] b = new byte[6];
    RANDOM.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  /** The exception on one line: its class, message and causes, no stack. */
  static String oneLine(Throwable e) {
    StringBuilder out = new StringBuilder();
    for (Throwable t = e; t != null && out.length() < 600; t = t.getCause() == t ? null : t.getCause()) {
      if (out.length() > 0) {
        out.append(" <- ");
      }
      out.append(t.getClass().getName());
      if (t.getMessage() != null) {
        out.append(": ").append(t.getMessage().replaceAll("\\s+", " ").strip());
      }
    }
    return out.length() > 600 ? out.substring(0, 600) + "…" : out.toString();
  }

  static String message(int status, Context ctx, String detail) {
    return message(status, ctx.method().name(), ctx.path(), detail);
  }

  /** What a status means for this request and what to do, for answers the routes did not write. */
  public static String message(int status, String method, String path, String detail) {
    return switch (status) {
      case 400 -> blank(detail) || detail.strip().equalsIgnoreCase("Bad Request")
          ? "The request is malformed (an ambiguous or badly escaped address such as %2F or %2E%2E, or bad headers):"
              + " send a plain path such as /api/jobs"
          : "Bad request: " + detail + " (see docs/dashboard.md for the API)";
      case 404 -> "No page or endpoint " + method + " " + path + ": the dashboard is at /, the API under /api"
          + " (GET /api/overview), also /health and /metrics";
      case 405 -> "Method " + method + " is not allowed on " + path + ": reads are GET, actions are POST";
      case 413 -> "The request body is too large: a request may carry at most 1 MB (bulk actions take at most 5000"
          + " uuids; use a filter for more)";
      case 414 -> "The request address is too long: shorten the query (filters take short values; use a bulk"
          + " action's JSON body for many uuids)";
      case 415 -> "Unsupported content type: send 'Content-Type: application/json'";
      case 431 -> "The request headers are too large: send fewer or shorter headers (cookies of other sites on the"
          + " same host count too)";
      case 503 -> "The service is unavailable" + (blank(detail) ? "" : ": " + detail);
      default -> "HTTP " + status + (blank(detail) ? "" : ": " + detail);
    };
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
