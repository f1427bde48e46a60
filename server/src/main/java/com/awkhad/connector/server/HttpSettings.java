package com.awkhad.connector.server;

import com.awkhad.connector.server.web.TlsSettings;
import com.awkhad.connector.server.web.WebSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The dashboard options of {@code run}: where it listens, its tokens, TLS and proxy, or none at all. */
final class HttpSettings {
  @Option(names = "--http-host", paramLabel = "HOST",
      description = "Address of the dashboard, REST API and metrics (default: $CONNECTOR_HTTP_HOST, else 127.0.0.1)."
          + " Another address than loopback requires a token.")
  String host;

  @Option(names = "--http-port", paramLabel = "PORT",
      description = "Port of the dashboard (default: $CONNECTOR_HTTP_PORT, else 8069; 0 picks a free one).")
  Integer port;

  @Mixin HttpTokens tokens;

  @Option(names = "--tls-cert", paramLabel = "FILE",
      description = "Serve HTTPS with this PEM certificate (chain); needs --tls-key.")
  Path tlsCert;

  @Option(names = "--tls-key", paramLabel = "FILE",
      description = "The unencrypted PKCS#8 PEM private key of --tls-cert.")
  Path tlsKey;

  @Option(names = "--tls-keystore", paramLabel = "FILE",
      description = "Serve HTTPS with this PKCS#12 key store; its password from $CONNECTOR_TLS_KEYSTORE_PASSWORD.")
  Path tlsKeystore;

  @Option(names = "--trusted-proxy", paramLabel = "ADDR", split = ",",
      description = "Address of a reverse proxy whose X-Forwarded-For/-Proto/-Host headers are believed (repeat or"
          + " separate with commas; default: none is).")
  List<String> trustedProxies;

  @Option(names = "--public-url", paramLabel = "URL",
      description = "The address users open behind a reverse proxy (e.g. https://jobs.example.com/): accepted as Host"
          + " and Origin, printed as the dashboard's address.")
  String publicUrl;

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
    return new WebSettings(h, p, tokens.token(env))
        .withReadToken(tokens.readToken(env))
        .withTls(tls(env)).withTrustedProxies(trustedProxies == null ? List.of() : trustedProxies)
        .withPublicUrl(publicUrl);
  }

  private TlsSettings tls(Map<String, String> env) {
    if (tlsKeystore != null) {
      if (tlsCert != null || tlsKey != null) {
        throw new IllegalArgumentException("Give either --tls-keystore FILE or --tls-cert FILE --tls-key FILE, not both");
      }
      return TlsSettings.keystore(tlsKeystore, env.get("CONNECTOR_TLS_KEYSTORE_PASSWORD"));
    }
    if (tlsCert == null && tlsKey == null) {
      return null;
    }
    if (tlsCert == null || tlsKey == null) {
      throw new IllegalArgumentException("HTTPS from PEM files needs both --tls-cert FILE and --tls-key FILE (or a"
          + " PKCS#12 file with --tls-keystore FILE)");
    }
    return TlsSettings.pem(tlsCert, tlsKey);
  }
}
