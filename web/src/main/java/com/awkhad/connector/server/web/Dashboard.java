package com.awkhad.connector.server.web;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The dashboard's page, script and style sheet, read once from the class path
 * ({@code com/awkhad/connector/server/web/dashboard/}); no build step, no external CDN.
 */
final class Dashboard {
  private static final String BASE = "/com/awkhad/connector/server/web/dashboard/";
  /** Only our own files; inline scripts and styles are not allowed. */
  static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self';"
      + " img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

  private record Asset(byte[] bytes, String type) {}

  private final Map<String, Asset> assets = Map.of(
      "/", load("index.html", "text/html; charset=utf-8"),
      "/assets/app.js", load("app.js", "text/javascript; charset=utf-8"),
      "/assets/app.css", load("app.css", "text/css; charset=utf-8"));

  /** The paths it serves. */
  Iterable<String> paths() {
    return assets.keySet();
  }

  void serve(Context ctx) {
    Asset a = assets.get(ctx.path());
    ctx.header("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        .header("X-Content-Type-Options", "nosniff")
        .header("Referrer-Policy", "no-referrer")
        .header("Cache-Control", "no-cache")
        .contentType(a.type())
        .result(a.bytes());
  }

  private static Asset load(String name, String type) {
    try (InputStream in = Dashboard.class.getResourceAsStream(BASE + name)) {
      if (in == null) {
        throw new IllegalStateException("The dashboard file " + BASE + name + " is missing from the class path:"
            + " rebuild the server module");
      }
      return new Asset(in.readAllBytes(), type);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the dashboard file " + name, e);
    }
  }
}
