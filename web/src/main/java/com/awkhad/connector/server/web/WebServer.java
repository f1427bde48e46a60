package com.awkhad.connector.server.web;

import com.awkhad.connector.base.env.Environment;
import com.awkhad.connector.queue.runner.Runner;
import com.awkhad.connector.server.web.api.Api;
import com.awkhad.connector.server.web.metrics.Metrics;
import io.javalin.Javalin;
import io.javalin.util.JavalinBindException;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web dashboard, its REST API under {@code /api}, {@code /health} and Prometheus
 * {@code /metrics}, served from this process on one port. It closes with the environment.
 *
 * <pre>{@code
 * try (Environment env = Environment.start(config, addons);
 *     Runner runner = Runner.start(env, options)) {
 *   WebServer web = WebServer.start(env, WebSettings.loopback(8069), runner);
 *   System.out.println("dashboard: " + web.url());
 *   runner.awaitStop();
 * }
 * }</pre>
 *
 * <p>Loopback (127.0.0.1) is the default. Binding another address requires a token
 * ({@link WebSettings#token()}); everything but the page and {@code /health} then needs
 * {@code Authorization: Bearer <token>} (or the read-only token, for reads). {@link WebSettings#tls()}
 * serves HTTPS; {@link WebSettings#trustedProxies()} and {@link WebSettings#publicUrl()} put it behind a
 * reverse proxy. Every error answers JSON; admin actions go to the {@code connector.audit} log.
 */
public final class WebServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(WebServer.class);

  private final Javalin app;
  private final Api api;
  private final Metrics metrics;
  private final WebSettings settings;
  private volatile boolean closed;

  private WebServer(Javalin app, Api api, Metrics metrics, WebSettings settings) {
    this.app = app;
    this.api = api;
    this.metrics = metrics;
    this.settings = settings;
  }

  /** Starts the dashboard without a runner of this process (health then checks the database only). */
  public static WebServer start(Environment env, WebSettings settings) {
    return start(env, settings, null);
  }

  /**
   * Starts the dashboard; {@code runner} (may be null) is this process's runner, checked by
   * {@code /health} and shown as such on the dashboard.
   *
   * @throws IllegalArgumentException for a non-loopback host without a token
   * @throws IllegalStateException when the port is in use, naming it and the option to change it
   */
  public static WebServer start(Environment env, WebSettings settings, Runner runner) {
    if (!settings.loopbackOnly() && settings.token() == null) {
      throw new IllegalArgumentException("Refusing to serve the dashboard on " + settings.host() + " without a token:"
          + " anyone reaching that address could requeue or cancel jobs. Set a token of at least "
          + WebSettings.MIN_TOKEN_LENGTH + " characters with --http-token or CONNECTOR_HTTP_TOKEN (for example"
          + " CONNECTOR_HTTP_TOKEN=$(openssl rand -hex 24)), or keep the default --http-host "
          + WebSettings.DEFAULT_HOST + ".");
    }
    if (settings.tls() != null) {
      settings.tls().keyStore(); // a bad file or password says so now, naming the option
    }
    Metrics metrics = Metrics.start(env, runner);
    Api api = new Api(env, runner);
    Javalin app = null;
    try {
      app = create(settings, metrics, api);
      app.start();
    } catch (RuntimeException e) {
      if (app != null) {
        app.stop();
      }
      api.close();
      metrics.close();
      if (e instanceof JavalinBindException) {
        throw bindError(settings, e);
      }
      throw e;
    }
    WebServer server = new WebServer(app, api, metrics, settings);
    env.onClose(server);
    log.info("Dashboard on {}{}", server.url(), settings.token() == null ? ""
        : settings.readToken() == null ? " (API and metrics need the token)"
        : " (API and metrics need the token; the read-only token may read)");
    return server;
  }

  private static IllegalStateException bindError(WebSettings settings, RuntimeException e) {
    String cause = "";
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t.getMessage() != null) {
        cause = t.getMessage();
      }
    }
    if (cause.toLowerCase(java.util.Locale.ROOT).contains("in use")) {
      return new IllegalStateException("Port " + settings.port() + " on " + settings.host() + " is already in use"
          + " (another ./connector demo or run?). Choose another port with --http-port N (0 picks a free one),"
          + " or start without the dashboard with --no-http.", e);
    }
    return new IllegalStateException("Cannot listen on " + settings.host() + ":" + settings.port() + " (" + cause
        + "). Give --http-host an address of this machine (127.0.0.1, or 0.0.0.0 for all) and a free --http-port,"
        + " or start without the dashboard with --no-http.", e);
  }

  private static Javalin create(WebSettings settings, Metrics metrics, Api api) {
    Access access = new Access(settings);
    Dashboard dashboard = new Dashboard();
    QueuedThreadPool threads = new QueuedThreadPool(16, 2);
    threads.setName("connector-http");
    threads.setDaemon(true);
    return Javalin.create(cfg -> {
      cfg.startup.showJavalinBanner = false;
      cfg.startup.showOldJavalinVersionWarning = false;
      cfg.jetty.threadPool = threads;
      cfg.jetty.host = settings.host();
      cfg.jetty.port = settings.port();
      cfg.jetty.modifyServer(server -> server.setErrorHandler(new JsonErrorHandler()));
      if (settings.tls() != null) {
        cfg.jetty.addConnector((server, http) -> tlsConnector(server, http, settings));
      }
      cfg.http.maxRequestSize = 1_000_000;
      cfg.http.prefer405over404 = true;
      cfg.routes.before(access::check);
      for (String path : dashboard.paths()) {
        cfg.routes.get(path, dashboard::serve);
      }
      cfg.routes.get("/metrics", ctx -> ctx.contentType(Metrics.CONTENT_TYPE).result(metrics.scrape()));
      api.routes(cfg.routes);
    });
  }

  /** An HTTPS connector on the settings' host and port, with their certificate. */
  private static ServerConnector tlsConnector(Server server, HttpConfiguration http, WebSettings settings) {
    SslContextFactory.Server ssl = new SslContextFactory.Server();
    ssl.setKeyStore(settings.tls().keyStore());
    ssl.setKeyStorePassword(new String(settings.tls().password()));
    SecureRequestCustomizer secure = new SecureRequestCustomizer();
    secure.setSniHostCheck(false);
    http.addCustomizer(secure);
    ServerConnector connector = new ServerConnector(server, new SslConnectionFactory(ssl, "http/1.1"),
        new HttpConnectionFactory(http));
    connector.setHost(settings.host());
    connector.setPort(settings.port());
    return connector;
  }

  /** The port it listens on (the chosen one when started with port 0). */
  public int port() {
    return app.port();
  }

  /** The dashboard's address, e.g. {@code http://127.0.0.1:8069/}, or the public URL behind a proxy. */
  public String url() {
    if (settings.publicUrl() != null) {
      return settings.publicUrl().toString();
    }
    String host = settings.host();
    if (host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]")) {
      host = "localhost";
    } else if (host.contains(":") && !host.startsWith("[")) {
      host = "[" + host + "]";
    }
    return (settings.tls() == null ? "http" : "https") + "://" + host + ":" + port() + "/";
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    app.stop();
    api.close();
    metrics.close();
  }
}
