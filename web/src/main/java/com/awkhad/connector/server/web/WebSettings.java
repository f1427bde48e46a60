package com.awkhad.connector.server.web;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Where the dashboard listens, the tokens that guard it, its TLS and the reverse proxy in front of it.
 *
 * <pre>{@code
 * WebSettings local = WebSettings.loopback(8069);                       // 127.0.0.1:8069, no token
 * WebSettings exposed = new WebSettings("0.0.0.0", 8069, System.getenv("CONNECTOR_HTTP_TOKEN"))
 *     .withReadToken(System.getenv("CONNECTOR_HTTP_READ_TOKEN"))        // GET only: viewers, scrapers
 *     .withTls(TlsSettings.pem(Path.of("cert.pem"), Path.of("key.pem")));
 * WebSettings proxied = WebSettings.loopback(8069).withToken(token)
 *     .withTrustedProxies(List.of("127.0.0.1")).withPublicUrl("https://jobs.example.com/");
 * }</pre>
 *
 * @param host the address to bind; a non-loopback address requires a token
 * @param port the TCP port, 0 for any free port
 * @param token when not null, everything but the page and {@code /health} needs
 *     {@code Authorization: Bearer <token>}; at least {@value #MIN_TOKEN_LENGTH} characters
 * @param readToken when not null (needs {@code token}), a second token that may read (GET) but not
 *     requeue, cancel or set done
 * @param tls when not null, the server speaks HTTPS with this certificate
 * @param trustedProxies addresses whose {@code X-Forwarded-For/-Proto/-Host} headers are believed
 *     (empty: none are)
 * @param publicUrl the address users open behind a reverse proxy ({@code https://jobs.example.com/}),
 *     accepted as Host and Origin; null when none
 */
public record WebSettings(String host, int port, String token, String readToken, TlsSettings tls,
    List<String> trustedProxies, URI publicUrl) {
  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_PORT = 8069;
  public static final int MIN_TOKEN_LENGTH = 16;

  public WebSettings {
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("The dashboard's host is empty: give an address such as 127.0.0.1 (--http-host)");
    }
    host = host.strip();
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("The dashboard's port must be between 0 (any free port) and 65535, got " + port
          + " (--http-port)");
    }
    token = checkToken(token, "The dashboard token", "--http-token or CONNECTOR_HTTP_TOKEN");
    readToken = checkToken(readToken, "The read-only token", "--http-read-token or CONNECTOR_HTTP_READ_TOKEN");
    if (readToken != null && token == null) {
      throw new IllegalArgumentException("A read-only token (--http-read-token or CONNECTOR_HTTP_READ_TOKEN) needs an"
          + " admin token beside it: set --http-token or CONNECTOR_HTTP_TOKEN too, or leave out the read-only one");
    }
    if (readToken != null && readToken.equals(token)) {
      throw new IllegalArgumentException("The read-only token is the admin token: give it another value (for example"
          + " the output of 'openssl rand -hex 24')");
    }
    List<String> proxies = new ArrayList<>();
    for (String p : trustedProxies == null ? List.<String>of() : trustedProxies) {
      if (p == null || p.isBlank()) {
        continue;
      }
      String address = Access.address(p);
      if (address == null) {
        throw new IllegalArgumentException("--trusted-proxy '" + p.strip() + "' is not an address: give the proxy's IP"
            + " address as it connects to this server, for example 127.0.0.1");
      }
      proxies.add(address);
    }
    trustedProxies = List.copyOf(proxies);
    if (publicUrl != null) {
      String scheme = publicUrl.getScheme() == null ? "" : publicUrl.getScheme().toLowerCase(Locale.ROOT);
      if (!(scheme.equals("http") || scheme.equals("https")) || publicUrl.getHost() == null
          || publicUrl.getRawUserInfo() != null) {
        throw new IllegalArgumentException("--public-url must be an http or https address such as"
            + " https://jobs.example.com/ (the one users open), got '" + publicUrl + "'");
      }
    }
  }

  /** Host, port and admin token; no read-only token, no TLS, no proxy. */
  public WebSettings(String host, int port, String token) {
    this(host, port, token, null, null, List.of(), null);
  }

  private static String checkToken(String value, String what, String option) {
    if (value == null || value.isBlank()) {
      return null;
    }
    String t = value.strip();
    if (t.length() < MIN_TOKEN_LENGTH) {
      throw new IllegalArgumentException(what + " is too short (" + t.length() + " characters): use at least "
          + MIN_TOKEN_LENGTH + ", for example the output of 'openssl rand -hex 24' (" + option + ")");
    }
    return t;
  }

  /** 127.0.0.1 on {@code port}, no token. */
  public static WebSettings loopback(int port) {
    return new WebSettings(DEFAULT_HOST, port, null);
  }

  public WebSettings withToken(String value) {
    return new WebSettings(host, port, value, readToken, tls, trustedProxies, publicUrl);
  }

  public WebSettings withReadToken(String value) {
    return new WebSettings(host, port, token, value, tls, trustedProxies, publicUrl);
  }

  public WebSettings withTls(TlsSettings value) {
    return new WebSettings(host, port, token, readToken, value, trustedProxies, publicUrl);
  }

  public WebSettings withTrustedProxies(List<String> value) {
    return new WebSettings(host, port, token, readToken, tls, value, publicUrl);
  }

  /** The public address behind a reverse proxy; null or blank for none. */
  public WebSettings withPublicUrl(String value) {
    URI uri;
    try {
      uri = value == null || value.isBlank() ? null : URI.create(value.strip());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--public-url must be an address such as https://jobs.example.com/, got '"
          + value + "'");
    }
    return new WebSettings(host, port, token, readToken, tls, trustedProxies, uri);
  }

  /** True when the host is a loopback address (only this machine can connect). */
  public boolean loopbackOnly() {
    if (host.equalsIgnoreCase("localhost")) {
      return true;
    }
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  /** The tokens are never printed. */
  @Override
  public String toString() {
    return "WebSettings[host=" + host + ", port=" + port + ", token=" + (token == null ? "none" : "***")
        + ", readToken=" + (readToken == null ? "none" : "***") + ", tls=" + tls + ", trustedProxies=" + trustedProxies
        + ", publicUrl=" + publicUrl + "]";
  }
}
