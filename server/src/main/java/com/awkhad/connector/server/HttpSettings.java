package com.awkhad.connector.server;

import com.awkhad.connector.server.web.WebSettings;
import java.util.Map;
import picocli.CommandLine.Option;

/** The dashboard options of {@code run}: where it listens and its token, or none at all. */
final class HttpSettings {
  @Option(names = "--http-host", paramLabel = "HOST",
      description = "Address of the dashboard, REST API and metrics (default: $CONNECTOR_HTTP_HOST, else 127.0.0.1)."
          + " Another address than loopback requires a token.")
  String host;

  @Option(names = "--http-port", paramLabel = "PORT",
      description = "Port of the dashboard (default: $CONNECTOR_HTTP_PORT, else 8069; 0 picks a free one).")
  Integer port;

  @Option(names = "--http-token", paramLabel = "TOKEN",
      description = "Token the API and metrics require as 'Authorization: Bearer TOKEN' (default: $CONNECTOR_HTTP_TOKEN;"
          + " prefer the variable: options show in process lists). At least 16 characters.")
  String token;

  @Option(names = "--no-http", description = "Do not start the dashboard.")
  boolean off;

  /** The settings from the options, then the environment; null with --no-http. */
  WebSettings settings(Map<String, String> env) {
    if (off) {
      return null;
    }
    String h = host != null ? host : env.getOrDefault("CONNECTOR_HTTP_HOST", WebSettings.DEFAULT_HOST);
    int p;
    if (port != null) {
      p = port;
    } else {
      String v = env.get("CONNECTOR_HTTP_PORT");
      try {
        p = v == null || v.isBlank() ? WebSettings.DEFAULT_PORT : Integer.parseInt(v.strip());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("CONNECTOR_HTTP_PORT must be a port number, got '" + v + "'");
      }
    }
    return new WebSettings(h, p, token != null ? token : env.get("CONNECTOR_HTTP_TOKEN"));
  }
}
