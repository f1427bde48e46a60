package com.awkhad.connector.server.web;

import com.awkhad.connector.queue.job.JobJson;
import com.awkhad.connector.server.web.api.Api;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Who may call what, checked before every request:
 *
 * <ul>
 *   <li>with a token, everything needs {@code Authorization: Bearer <token>} (compared in constant
 *       time) except a short allow-list read with {@code GET}: the page, its script and style sheet,
 *       and {@code /health} (which then answers without names). The list is matched on the
 *       normalized path (decoded, lower case, no {@code //}, {@code /./} or trailing slash), so a
 *       new route is guarded unless it is added here;
 *   <li>a read-only token may {@code GET} but not requeue, cancel or set done (403);
 *   <li>on a loopback address, the {@code Host} header must name this machine or the public URL's
 *       host (a web page on another site cannot reach the API through DNS rebinding);
 *   <li>a {@code POST} must send {@code Content-Type: application/json} and, if the browser sends an
 *       {@code Origin}, come from the dashboard's own origin or the public URL (no cross-site form
 *       can requeue or cancel);
 *   <li>{@code X-Forwarded-For/-Proto/-Host} are believed only from a trusted proxy;
 *   <li>a query string must be well-formed UTF-8 without control characters (400 otherwise).
 * </ul>
 */
final class Access {
  private static final Set<String> LOCAL_NAMES = Set.of("localhost", "127.0.0.1", "[::1]", "::1");
  /** The only paths answered without a token (GET or HEAD), in normalized form. */
  static final Set<String> PUBLIC = Set.of("/", "/assets/app.js", "/assets/app.css", "/health");

  private final WebSettings settings;
  private final byte[] token;
  private final byte[] readToken;
  private final String publicHost;
  private final String publicOrigin;

  Access(WebSettings settings) {
    this.settings = settings;
    this.token = bytes(settings.token());
    this.readToken = bytes(settings.readToken());
    URI pub = settings.publicUrl();
    this.publicHost = pub == null ? null : pub.getHost().toLowerCase(Locale.ROOT);
    this.publicOrigin = pub == null ? null : origin(pub);
  }

  private static byte[] bytes(String s) {
    return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
  }

  /** A Javalin before-handler: answers 400/401/403/415 itself and skips the route when the request is refused. */
  void check(Context ctx) {
    ctx.header("X-Content-Type-Options", "nosniff");
    Forwarded fwd = forwarded(ctx);
    ctx.attribute(Api.CLIENT, fwd.client);
    if (settings.loopbackOnly() && !allowedHost(fwd.host)) {
      refuse(ctx, 403, "Host '" + fwd.host + "' is not allowed: the dashboard listens on a loopback address;"
          + " open it as http://127.0.0.1:" + port(ctx) + "/ or http://localhost:" + port(ctx) + "/"
          + (publicHost == null ? "" : " or " + settings.publicUrl()));
      return;
    }
    String role = role(ctx.header("Authorization"));
    if (role != null) {
      ctx.attribute(Api.ROLE, role);
    }
    boolean reading = ctx.method() == HandlerType.GET || ctx.method() == HandlerType.HEAD;
    String normalized = normalize(ctx.req().getRequestURI());
    boolean open = reading && normalized != null && PUBLIC.contains(normalized);
    if (role == null && !open) {
      ctx.header("WWW-Authenticate", "Bearer realm=\"connector\"");
      refuse(ctx, 401, "This dashboard requires a token: send 'Authorization: Bearer <token>' (the value of"
          + " --http-token or CONNECTOR_HTTP_TOKEN given to the server, or of --http-read-token to read only)");
      return;
    }
    String bad = badQuery(ctx.req().getQueryString());
    if (bad != null) {
      refuse(ctx, 400, bad);
      return;
    }
    if (reading) {
      return;
    }
    if (Api.READ.equals(role)) {
      refuse(ctx, 403, "A read-only token cannot change jobs (run-now, requeue, cancel, done): use the admin token"
          + " (--http-token or CONNECTOR_HTTP_TOKEN) for " + ctx.method() + " " + ctx.path());
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
      if (origin != null && !sameOrigin(origin, fwd.host)
          && !(publicOrigin != null && publicOrigin.equals(originOf(origin)))) {
        refuse(ctx, 403, "Cross-site request refused: Origin " + origin + " is not this dashboard");
      }
    }
  }

  /** "admin", "read", {@link Api#OPEN} when no token is set, or null for a missing or wrong token. */
  private String role(String authorization) {
    if (token == null) {
      return Api.OPEN;
    }
    byte[] given = authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7) ? new byte[0]
        : authorization.substring(7).strip().getBytes(StandardCharsets.UTF_8);
    boolean admin = MessageDigest.isEqual(given, token);
    boolean read = readToken != null && MessageDigest.isEqual(given, readToken);
    return admin ? Api.ADMIN : read ? Api.READ : null;
  }

  /** The client, host and scheme of a request: from X-Forwarded-* only when the peer is a trusted proxy. */
  private record Forwarded(String client, String host, String scheme) {}

  private Forwarded forwarded(Context ctx) {
    String peer = address(ctx.req().getRemoteAddr());
    String host = ctx.header("Host");
    String scheme = settings.tls() == null ? "http" : "https";
    if (peer == null || !settings.trustedProxies().contains(peer)) {
      return new Forwarded(peer, host, scheme);
    }
    String client = peer;
    String xff = ctx.header("X-Forwarded-For");
    if (xff != null) {
      String[] hops = xff.split(",");
      for (int i = hops.length - 1; i >= 0; i--) {
        String hop = address(hops[i].strip());
        if (hop == null) {
          break;
        }
        client = hop;
        if (!settings.trustedProxies().contains(hop)) {
          break;
        }
      }
    }
    String fHost = first(ctx.header("X-Forwarded-Host"));
    String fProto = first(ctx.header("X-Forwarded-Proto"));
    return new Forwarded(client, fHost != null ? fHost : host,
        fProto != null ? fProto.toLowerCase(Locale.ROOT) : scheme);
  }

  private static String first(String header) {
    if (header == null || header.isBlank()) {
      return null;
    }
    int comma = header.indexOf(',');
    return (comma < 0 ? header : header.substring(0, comma)).strip();
  }

  /** An IP address in its canonical text form, or null when it is not one (no name lookup). */
  static String address(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    String t = text.strip();
    if (t.startsWith("[") && t.endsWith("]")) {
      t = t.substring(1, t.length() - 1);
    }
    if (!t.matches("[0-9a-fA-F:.%]+") || !(t.contains(".") || t.contains(":"))) {
      return null;
    }
    try {
      return InetAddress.getByName(t).getHostAddress();
    } catch (UnknownHostException e) {
      return null;
    }
  }

  private boolean allowedHost(String hostHeader) {
    if (hostHeader == null) {
      return false;
    }
    String name = hostName(hostHeader);
    return LOCAL_NAMES.contains(name) || name.equals(settings.host().toLowerCase(Locale.ROOT))
        || name.equals(publicHost);
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
      URI o = URI.create(origin.strip());
      String authority = o.getRawAuthority();
      return authority != null && authority.equalsIgnoreCase(hostHeader.strip());
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static String originOf(String origin) {
    try {
      URI o = URI.create(origin.strip());
      return o.getScheme() == null || o.getHost() == null ? null : origin(o);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** {@code scheme://host[:port]}, lower case, the default port left out. */
  private static String origin(URI uri) {
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    int port = uri.getPort();
    boolean dflt = port < 0 || (scheme.equals("http") && port == 80) || (scheme.equals("https") && port == 443);
    return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (dflt ? "" : ":" + port);
  }

  /**
   * A raw request path as the allow-list sees it: percent-decoded, lower case, path parameters
   * ({@code ;x}) cut, {@code //} and {@code /./} collapsed, no trailing slash; null when it holds
   * {@code ..} or a bad escape (never public).
   */
  static String normalize(String rawPath) {
    if (rawPath == null || rawPath.isEmpty()) {
      return "/";
    }
    String decoded = decode(rawPath, false);
    if (decoded == null) {
      return null;
    }
    List<String> segments = new ArrayList<>();
    for (String s : decoded.toLowerCase(Locale.ROOT).replace('\\', '/').split("/")) {
      int semi = s.indexOf(';');
      String seg = semi < 0 ? s : s.substring(0, semi);
      if (seg.isEmpty() || seg.equals(".")) {
        continue;
      }
      if (seg.equals("..")) {
        return null;
      }
      segments.add(seg);
    }
    return "/" + String.join("/", segments);
  }

  /** Why a raw query string is refused, or null when it is well-formed UTF-8 without control characters. */
  static String badQuery(String rawQuery) {
    if (rawQuery == null || rawQuery.isEmpty()) {
      return null;
    }
    String decoded = decode(rawQuery, true);
    if (decoded == null) {
      return "The query string is not valid: every '%' must start an escape of two hex digits and the escapes must"
          + " spell UTF-8 text (encode values with encodeURIComponent or curl --data-urlencode), got '"
          + clip(rawQuery) + "'";
    }
    for (int i = 0; i < decoded.length(); i++) {
      char c = decoded.charAt(i);
      if ((c < 0x20 && c != '\t') || c == 0x7f) {
        return "The query string holds a control character (U+" + String.format("%04X", (int) c) + ", e.g. %00):"
            + " parameters are text; remove it";
      }
    }
    return null;
  }

  private static String clip(String s) {
    return s.length() <= 120 ? s : s.substring(0, 119) + "…";
  }

  /** Strict percent-decoding into UTF-8; null for a bad escape or bytes that are not UTF-8. */
  private static String decode(String raw, boolean plusIsSpace) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '%') {
        if (i + 2 >= raw.length()) {
          return null;
        }
        int hi = Character.digit(raw.charAt(i + 1), 16);
        int lo = Character.digit(raw.charAt(i + 2), 16);
        if (hi < 0 || lo < 0) {
          return null;
        }
        out.write(hi * 16 + lo);
        i += 2;
      } else if (c == '+' && plusIsSpace) {
        out.write(' ');
      } else {
        byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        out.write(b, 0, b.length);
      }
    }
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(out.toByteArray())).toString();
    } catch (CharacterCodingException e) {
      return null;
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
      ctx.status(status).contentType("application/json").header("Cache-Control", "no-store")
          .result(JobJson.mapper().writeValueAsString(body));
    } catch (JsonProcessingException e) {
      ctx.status(status).result(message);
    }
    ctx.skipRemainingHandlers();
  }
}
