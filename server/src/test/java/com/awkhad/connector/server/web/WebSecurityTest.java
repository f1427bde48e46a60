package com.awkhad.connector.server.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.awkhad.connector.base.env.Environment;
import com.awkhad.connector.coffee.CoffeeBackends;
import com.awkhad.connector.framework.backend.Secret;
import com.awkhad.connector.server.web.WebFixture.Reply;
import com.awkhad.connector.testkit.DbTest;
import com.awkhad.connector.testkit.TestDb;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;

/** Loopback by default, a token when exposed, no cross-site writes, a clear port-in-use error, no secret anywhere. */
class WebSecurityTest {
  private static final String TOKEN = "web-token-Kq93-0123456789abcdef";
  private static final String BACKEND_SECRET = "backend-Secret-Xy77-never-shown";

  @DbTest
  void refusesToListenOnAnExposedAddressWithoutATokenAndSaysWhatToDo(TestDb db) {
    try (Environment env = WebFixture.environment(db)) {
      assertThatThrownBy(() -> WebServer.start(env, new WebSettings("0.0.0.0", 0, null)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("Refusing to serve the dashboard on 0.0.0.0 without a token")
          .hasMessageContaining("--http-token").hasMessageContaining("CONNECTOR_HTTP_TOKEN");
    }
    assertThatThrownBy(() -> new WebSettings("127.0.0.1", 8069, "short"))
        .hasMessageContaining("too short").hasMessageContaining("at least 16");
    assertThatThrownBy(() -> WebSettings.loopback(70000)).hasMessageContaining("between 0").hasMessageContaining("--http-port");
    assertThat(new WebSettings("127.0.0.1", 1, TOKEN).toString()).doesNotContain(TOKEN);
  }

  @DbTest
  void withATokenTheApiAndMetricsNeedItButThePageAndHealthDoNot(TestDb db) {
    try (WebFixture f = WebFixture.start(db, WebSettings.loopback(0).withToken(TOKEN), null)) {
      Reply anonymous = f.get("/api/jobs");
      assertThat(anonymous.status()).isEqualTo(401);
      assertThat(anonymous.raw().headers().firstValue("WWW-Authenticate").orElse("")).startsWith("Bearer");
      assertThat(anonymous.json().get("error").asText()).contains("Authorization: Bearer", "--http-token");
      assertThat(f.get("/metrics").status()).isEqualTo(401);
      assertThat(f.post("/api/jobs/requeue", "{\"filter\": {\"state\": \"failed\"}}").status()).isEqualTo(401);
      assertThat(f.withToken("wrong-token-0123456789").get("/api/jobs").status()).isEqualTo(401);

      assertThat(f.withToken(null).get("/").status()).isEqualTo(200);
      assertThat(f.get("/assets/app.js").status()).isEqualTo(200);
      assertThat(f.get("/health").status()).isEqualTo(200);

      f.withToken(TOKEN);
      assertThat(f.get("/api/jobs").status()).isEqualTo(200);
      assertThat(f.get("/metrics").status()).isEqualTo(200);
      assertThat(f.post("/api/jobs/requeue", "{\"filter\": {\"state\": \"failed\"}}").status()).isEqualTo(200);
    }
  }

  @DbTest
  void anExposedAddressWorksWithItsToken(TestDb db) {
    try (WebFixture f = WebFixture.start(db, new WebSettings("0.0.0.0", 0, TOKEN), null)) {
      assertThat(f.web.url()).startsWith("http://localhost:");
      assertThat(f.get("/api/overview").status()).isEqualTo(401);
      assertThat(f.withToken(TOKEN).get("/api/overview").status()).isEqualTo(200);
    }
  }

  @DbTest
  void refusesCrossSiteWritesAndForeignHostNames(TestDb db) throws Exception {
    try (WebFixture f = WebFixture.start(db)) {
      String failed = f.failed("pump");
      Reply form = f.send(f.request("/api/jobs/" + failed + "/requeue")
          .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString("a=b")));
      assertThat(form.status()).isEqualTo(415);
      Reply foreign = f.send(f.request("/api/jobs/" + failed + "/requeue").header("Content-Type", "application/json")
          .header("Origin", "http://evil.example").POST(HttpRequest.BodyPublishers.ofString("{}")));
      assertThat(foreign.status()).isEqualTo(403);
      assertThat(foreign.json().get("error").asText()).contains("Cross-site request refused");
      assertThat(f.queue.job(failed).orElseThrow().state().dbValue()).isEqualTo("failed");
      Reply same = f.send(f.request("/api/jobs/" + failed + "/requeue").header("Content-Type", "application/json")
          .header("Origin", f.base).POST(HttpRequest.BodyPublishers.ofString("{}")));
      assertThat(same.status()).isEqualTo(200);

      String rebound = raw(f.web.port(), "GET /api/jobs HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n");
      assertThat(rebound).startsWith("HTTP/1.1 403").contains("is not allowed", "http://127.0.0.1:" + f.web.port() + "/");
      assertThat(raw(f.web.port(), "GET /api/jobs HTTP/1.1\r\nHost: localhost:" + f.web.port()
          + "\r\nConnection: close\r\n\r\n")).startsWith("HTTP/1.1 200");
    }
  }

  private static String raw(int port, String request) throws Exception {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      out.write(request.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @DbTest
  void aPortInUseGivesAnErrorNamingThePortAndTheOptionToChangeIt(TestDb db) throws Exception {
    try (Environment env = WebFixture.environment(db);
        ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      int port = taken.getLocalPort();
      assertThatThrownBy(() -> WebServer.start(env, WebSettings.loopback(port)))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("Port " + port + " on 127.0.0.1 is already in use")
          .hasMessageContaining("--http-port").hasMessageContaining("--no-http");
      WebServer other = WebServer.start(env, WebSettings.loopback(0));
      assertThat(other.port()).isNotEqualTo(port);
    }
  }

  @DbTest
  void secretsNeverAppearInAnyResponsePageOrLogLine(TestDb db) {
    Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    root.addAppender(logs);
    Level before = ((Logger) LoggerFactory.getLogger("com.awkhad.connector")).getLevel();
    ((Logger) LoggerFactory.getLogger("com.awkhad.connector")).setLevel(Level.DEBUG);
    try (WebFixture f = WebFixture.start(db, WebSettings.loopback(0).withToken(TOKEN), null)) {
      f.withToken(TOKEN);
      CoffeeBackends.create(f.env, "Kitchen", "http://127.0.0.1:9/", "demo", Secret.of(BACKEND_SECRET));
      String failed = f.failed("pump");
      f.done(1);
      List<String> bodies = new ArrayList<>();
      for (String path : List.of("/", "/assets/app.js", "/assets/app.css", "/health", "/metrics", "/api/overview",
          "/api/jobs", "/api/jobs/" + failed, "/api/failures", "/api/counts", "/api/channels", "/api/runners",
          "/api/recurring", "/api/backends", "/api/nope", "/api/jobs?state=nope")) {
        Reply r = f.get(path);
        bodies.add(path + " " + r.raw().headers().map() + " " + r.body());
      }
      bodies.add(f.post("/api/jobs/" + failed + "/requeue", "{}").body());
      bodies.add(f.withToken("wrong-" + TOKEN).get("/api/jobs").body());

      assertThat(bodies).hasSize(18).allSatisfy(b -> assertThat(b)
          .doesNotContain(BACKEND_SECRET).doesNotContain(WebFixture.DB_PASSWORD).doesNotContain(TOKEN));
      assertThat(bodies.get(13)).contains("Kitchen");
    } finally {
      root.detachAppender(logs);
      ((Logger) LoggerFactory.getLogger("com.awkhad.connector")).setLevel(before);
    }
    assertThat(logs.list).isNotEmpty().allSatisfy(e -> assertThat(e.getFormattedMessage() + " " + e.getThrowableProxy())
        .doesNotContain(BACKEND_SECRET).doesNotContain(WebFixture.DB_PASSWORD).doesNotContain(TOKEN));
    assertThat(logs.list).anySatisfy(e -> assertThat(e.getFormattedMessage()).contains("Dashboard on http://127.0.0.1:"));
  }
}
