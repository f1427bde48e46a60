package com.awkhad.connector.server.web;

import com.awkhad.connector.queue.job.JobJson;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Who may call what, checked before every request:
 *
 * <ul>
 *   <li>with a token, {@code /api/...} and {@code /metrics} need {@code Authorization: Bearer <token>}
 *       (compared in constant time); the page itself and {@code /health} stay open, they hold no data;
 *   <li>on a loopback address, the {@code Host} header must name this machine (a web page on another
 *       site cannot reach the API through DNS rebinding);
 *   <li>a {@code POST} must send {@code Content-Type: application/json} and, if the browser sends an
 *       {@code Origin}, come from the dashboard's own origin (no cross-site form can requeue or cancel).
 * </ul>
 */
final class Access {
  private static final Set<String> LOCAL_NAMES = Set.of("localhost", "127.0.0.1", "[::1]", "::1");

  private final WebSettings settings;
  private final byte[] token;

  Access(WebSettings settings) {
    this.settings = settings;
    this.token = settings.token() == null ? null : settings.token().getBytes(StandardCharsets.UTF_8);
  }

  /** A Javalin before-handler: answers 401/403/415 itself and skips the route when the request is refused. */
  void check(Context ctx) {
    String path = ctx.path();
    if (settings.loopbackOnly() && !localHost(ctx.header("Host"))) {
      refuse(ctx, 403, "Host '" + ctx.header("Host") + "' is not allowed: the dashboard listens on a loopback address;"
          + " open it as http://127.0.0.1:" + port(ctx) + "/ or http://localhost:" + port(ctx) + "/");
      return;
    }
    boolean guarded = path.startsWith("/api") || path.equals("/metrics");
    if (token != null && guarded && !tokenMatches(ctx.header("Authorization"))) {
      ctx.header("WWW-Authenticate", "Bearer realm=\"connector\"");
      refuse(ctx, 401, "This dashboard requires a token: send 'Authorization: Bearer <token>' (the value of"
          + " --http-token or CONNECTOR_HTTP_TOKEN given to the server)");
      return;
    }
    if (ctx.method() == HandlerType.POST) {
      String type = ctx.header("Content-Type");
      if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
        refuse(ctx, 415, "POST requests need 'Content-Type: application/json' with a JSON body (for example {} or"
            + " {\"uuids\": [...]})");
        return;
      }
      String origin = ctx.header("Origin");
      if (origin != null && !sameOrigin(origin, ctx.header("Host"))) {
        refuse(ctx, 403, "Cross-site request refused: Origin " + origin + " is not this dashboard");
      }
    }
  }

  private boolean tokenMatches(String authorization) {
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return false;
    }
    byte[] given = authorization.substring(7).strip().getBytes(StandardCharsets.UTF_8);
    return MessageDigest.isEqual(given, token);
  }

  private boolean localHost(String hostHeader) {
    if (hostHeader == null) {
      return false;
    }
    String name = hostName(hostHeader);
    return LOCAL_NAMES.contains(name) || name.equals(settings.host().toLowerCase(Locale.ROOT));
  }

  /** The host part of a Host header ({@code name}, {@code name:port}, {@code [v6]:port}), lower case. */
  static String hostName(String hostHeader) {
    String h = hostHeader.strip().toLowerCase(Locale.ROOT);
    if (h.startsWith("[")) {
      int end = h.indexOf(']');
      return end < 0 ? h : h.substring(0, end + 1);
    }
    int colon = h.lastIndexOf(':');
    return colon < 0 || h.indexOf(':') != colon ? h : h.substring(0, colon);
  }

  private static boolean sameOrigin(String origin, String hostHeader) {
    if (hostHeader == null) {
      return false;
    }
    try {
      URI o = URI.create(origin);
      String authority = o.getRawAuthority();
      return authority != null && authority.equalsIgnoreCase(hostHeader.strip());
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static String port(Context ctx) {
    return String.valueOf(ctx.req().getLocalPort());
  }

  static void refuse(Context ctx, int status, String message) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", status);
    body.put("error", message);
    try {
      ctx.status(status).contentType("application/json").result(JobJson.mapper().writeValueAsString(body));
    } catch (JsonProcessingException e) {
      ctx.status(status).result(message);
    }
    ctx.skipRemainingHandlers();
  }
}
