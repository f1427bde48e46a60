package com.awkhad.connector.server.web;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Where the dashboard listens and the token that guards it.
 *
 * <pre>{@code
 * WebSettings local = WebSettings.loopback(8069);                       // 127.0.0.1:8069, no token
 * WebSettings exposed = new WebSettings("0.0.0.0", 8069, System.getenv("CONNECTOR_HTTP_TOKEN"));
 * }</pre>
 *
 * @param host the address to bind; a non-loopback address requires a token
 * @param port the TCP port, 0 for any free port
 * @param token when not null, API calls and {@code /metrics} need {@code Authorization: Bearer <token>};
 *     at least {@value #MIN_TOKEN_LENGTH} characters
 */
public record WebSettings(String host, int port, String token) {
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
    if (token != null && token.isBlank()) {
      token = null;
    }
    if (token != null && token.strip().length() < MIN_TOKEN_LENGTH) {
      throw new IllegalArgumentException("The dashboard token is too short (" + token.strip().length()
          + " characters): use at least " + MIN_TOKEN_LENGTH + ", for example the output of 'openssl rand -hex 24'"
          + " (--http-token or CONNECTOR_HTTP_TOKEN)");
    }
    if (token != null) {
      token = token.strip();
    }
  }

  /** 127.0.0.1 on {@code port}, no token. */
  public static WebSettings loopback(int port) {
    return new WebSettings(DEFAULT_HOST, port, null);
  }

  public WebSettings withToken(String value) {
    return new WebSettings(host, port, value);
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

  /** The token is never printed. */
  @Override
  public String toString() {
    return "WebSettings[host=" + host + ", port=" + port + ", token=" + (token == null ? "none" : "***") + "]";
  }
}
