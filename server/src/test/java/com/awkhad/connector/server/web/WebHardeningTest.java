package com.awkhad.connector.server.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.awkhad.connector.base.env.Environment;
import com.awkhad.connector.queue.channel.ChannelConfig;
import com.awkhad.connector.queue.job.JobJson;
import com.awkhad.connector.queue.job.JobState;
import com.awkhad.connector.queue.runner.Runner;
import com.awkhad.connector.queue.runner.RunnerOptions;
import com.awkhad.connector.server.web.WebFixture.Reply;
import com.awkhad.connector.testkit.DbTest;
import com.awkhad.connector.testkit.TestDb;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.sql.Statement;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The hardening of the web server (issue #12): deny by default, JSON for every error, no bulk
 * action on everything, the read-only token, the audit log, TLS and the reverse proxy.
 */
class WebHardeningTest {
  private static final String TOKEN = "admin-token-Hq71-0123456789abcdef";
  private static final String READ_TOKEN = "read-token-Zm40-0123456789abcdef";

  /** A raw HTTP/1.1 exchange, so that the path reaches the server exactly as written. */
  static String raw(int port, String request) throws Exception {
    return raw(InetAddress.getLoopbackAddress(), port, request);
  }

  static String raw(InetAddress from, int port, String request) throws Exception {
    try (Socket s = new Socket(InetAddress.getByName("127.0.0.1"), port, from, 0)) {
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      out.write(request.getBytes(StandardCharsets.UTF_8));
      out.flush();
      InputStream in = s.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  static String get(int port, String path, String... headers) throws Exception {
    return raw(port, "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n" + String.join("", headers)
        + "Connection: close\r\n\r\n");
  }

  static int status(String response) {
    return Integer.parseInt(response.substring(9, 12));
  }

  static JsonNode json(String response) throws Exception {
    return JobJson.mapper().readTree(response.substring(response.indexOf("\r\n\r\n") + 4));
  }

  /** Collects the events of a logger (root for all) while {@code body} runs. */
  static <T> List<ILoggingEvent> logs(String logger, Level level, Runnable body) {
    Logger l = (Logger) LoggerFactory.getLogger(logger);
    Level before = l.getLevel();
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    l.addAppender(appender);
    if (level != null) {
      l.setLevel(level);
    }
    try {
      body.run();
    } finally {
      l.detachAppender(appender);
      l.setLevel(before);
    }
    return appender.list;
  }

  @DbTest
  void withATokenEveryPathButTheAllowListNeedsItHoweverItIsSpelled(TestDb db) throws Exception {
    try (WebFixture f = WebFixture.start(db, WebSettings.loopback(0).withToken(TOKEN), null)) {
      f.failed("pump");
      int port = f.web.port();
      for (String path : List.of("/metrics/", "//metrics", "/./metrics", "/%2Fmetrics", "/%2fmetrics", "/METRICS",
          "/Metrics/", "/metrics;x=1", "/metrics?x=1", "/api/jobs/", "//api//jobs", "/api/./jobs", "/api%2Fjobs",
          "/API/JOBS", "/api/jobs?state=failed", "/assets/../metrics", "/health/../metrics", "/health/%2e%2e/metrics",
          "/%2e%2e/metrics", "/nope", "/api/nope")) {
        String r = get(port, path);
        assertThat(status(r)).as(path).isIn(400, 401);
        assertThat(r).as(path).doesNotContain("connector_jobs").doesNotContain("Machine on fire")
            .contains("application/json");
        assertThat(json(r).get("error").asText()).as(path).isNotBlank();
      }
      for (String path : List.of("/", "/assets/app.js", "/assets/app.css", "/health", "/health/")) {
        assertThat(status(get(port, path))).as(path).isEqualTo(200);
      }
      String post = raw(port, "POST /health HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nContent-Type: application/json"
          + "\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}");
      assertThat(status(post)).isEqualTo(401);
      assertThat(status(get(port, "/metrics/", "Authorization: Bearer " + TOKEN + "\r\n"))).isEqualTo(200);
    }
  }

  @DbTest
  void healthWithoutTheTokenShowsNoRunnerIdHostOrPid(TestDb db) throws Exception {
    try (Environment env = WebFixture.environment(db);
        Runner runner = Runner.start(env, RunnerOptions.of(ChannelConfig.parse("root:1")).withWorkers(1))) {
      WebFixture f = WebFixture.on(env, WebSettings.loopback(0).withToken(TOKEN), runner);
      String host = InetAddress.getLocalHost().getHostName();
      String pid = String.valueOf(ProcessHandle.current().pid());
      Reply anonymous = f.get("/health");
      assertThat(anonymous.status()).isEqualTo(200);
      assertThat(anonymous.json().get("status").asText()).isEqualTo("up");
      assertThat(anonymous.json().get("runner").get("status").asText()).isEqualTo("up");
      assertThat(anonymous.body()).doesNotContain(runner.workerId()).doesNotContain(pid).doesNotContain(host);
      Reply withToken = f.withToken(TOKEN).get("/health");
      assertThat(withToken.json().get("runner").get("id").asText()).isEqualTo(runner.workerId());
    }
  }

  @DbTest
  void badRequestsGet400JsonSayingWhatWasWrongAndLogNothingAtError(TestDb db) {
    try (WebFixture f = WebFixture.start(db)) {
      String failed = f.failed("pump");
      List<ILoggingEvent> events = logs(Logger.ROOT_LOGGER_NAME, null, () -> {
        Reply nul = f.get("/api/jobs?q=%00");
        assertThat(nul.status()).isEqualTo(400);
        assertThat(nul.json().get("error").asText()).contains("control character", "U+0000");
        try {
          String cut = get(f.web.port(), "/api/jobs?q=%E0%A4%A"); // java.net.URI refuses to send it
          assertThat(status(cut)).isEqualTo(400);
          assertThat(json(cut).get("error").asText()).contains("query string is not valid", "%E0%A4%A");
          assertThat(status(get(f.web.port(), "/api/jobs?q=100%"))).isEqualTo(400);
        } catch (Exception e) {
          throw new AssertionError(e);
        }
        assertThat(f.get("/api/jobs?q=%FF").status()).isEqualTo(400);
        assertThat(f.get("/api/jobs?state=failed&function=%00boom").status()).isEqualTo(400);
        assertThat(f.get("/api/failures?limit=%00").status()).isEqualTo(400);
        Reply bodyNul = f.post("/api/jobs/cancel", "{\"filter\": {\"state\": \"failed\", \"q\": \"pu\\u0000mp\"}}");
        assertThat(bodyNul.status()).isEqualTo(400);
        assertThat(bodyNul.json().get("error").asText()).contains("control character");

        Reply duplicate = f.post("/api/jobs/cancel", "{\"filter\": {\"state\": \"failed\"}, \"filter\": {\"state\": \"done\"}}");
        assertThat(duplicate.status()).isEqualTo(400);
        assertThat(duplicate.json().get("error").asText()).contains("Duplicate field 'filter'", "give each key once");
        Reply innerDuplicate = f.post("/api/jobs/cancel", "{\"filter\": {\"state\": \"failed\", \"state\": \"done\"}}");
        assertThat(innerDuplicate.status()).isEqualTo(400);
        Reply trailing = f.post("/api/jobs/requeue", "{\"uuids\": [\"" + failed + "\"]} {\"uuids\": []}");
        assertThat(trailing.status()).isEqualTo(400);
        assertThat(trailing.json().get("error").asText()).contains("more after the JSON object");
        assertThat(f.post("/api/jobs/requeue", "{\"uuids\": [\"" + failed + "\"]}]").status()).isEqualTo(400);
      });
      assertThat(f.queue.job(failed).orElseThrow().state()).isEqualTo(JobState.FAILED);
      assertThat(events).noneMatch(e -> e.getLevel().isGreaterOrEqual(Level.WARN));
    }
  }

  @DbTest
  void notFoundWrongMethodAndOversizedRequestsAnswerJsonWithNosniff(TestDb db) throws Exception {
    try (WebFixture f = WebFixture.start(db)) {
      int port = f.web.port();
      Reply page = f.get("/nope");
      assertThat(page.status()).isEqualTo(404);
      assertThat(page.json().get("error").asText()).contains("No page or endpoint GET /nope");
      Reply api = f.get("/api/nope");
      assertThat(api.status()).isEqualTo(404);
      Reply put = f.send(f.request("/api/jobs").header("Content-Type", "application/json")
          .PUT(HttpRequest.BodyPublishers.ofString("{}")));
      assertThat(put.status()).isEqualTo(405);
      assertThat(put.json().get("error").asText()).contains("Method PUT is not allowed");
      Reply large = f.post("/api/jobs/requeue", "{\"uuids\": [\"" + "x".repeat(1_100_000) + "\"]}");
      assertThat(large.status()).isEqualTo(413);
      assertThat(large.json().get("error").asText()).contains("too large");
      for (Reply r : List.of(page, api, put, large, f.get("/api/jobs"), f.get("/api/jobs?state=nope"), f.get("/health"),
          f.get("/metrics"))) {
        assertThat(r.raw().headers().firstValue("X-Content-Type-Options")).as(r.raw().uri().toString()).hasValue("nosniff");
      }

      String longUri = get(port, "/api/jobs?q=" + "a".repeat(20_000));
      assertThat(status(longUri)).isEqualTo(414);
      assertThat(json(longUri).get("error").asText()).contains("address is too long");
      assertThat(longUri.toLowerCase()).contains("x-content-type-options: nosniff");
      String bigHeader = get(port, "/api/jobs", "X-Big: " + "b".repeat(20_000) + "\r\n");
      assertThat(status(bigHeader)).isEqualTo(431);
      assertThat(json(bigHeader).get("error").asText()).contains("headers are too large");
    }
  }

  @DbTest
  void anUnexpectedFailureLogsOneLineWithAReferenceAndAnswersNoStack(TestDb db) throws Exception {
    try (WebFixture f = WebFixture.start(db)) {
      f.env.tx().inTransaction(c -> {
        try (Statement s = c.createStatement()) {
          s.execute("DROP TABLE queue_worker");
        }
        return null;
      });
      Reply[] reply = new Reply[1];
      List<ILoggingEvent> events = logs(Logger.ROOT_LOGGER_NAME, null, () -> reply[0] = f.get("/api/runners"));
      assertThat(reply[0].status()).isEqualTo(500);
      String error = reply[0].json().get("error").asText();
      assertThat(error).matches("Internal error \\(reference [0-9a-f]{12}\\): .*");
      assertThat(reply[0].body()).doesNotContainIgnoringCase("queue_worker").doesNotContain("Exception")
          .doesNotContain("\tat ");
      String ref = error.replaceAll(".*reference ([0-9a-f]{12}).*", "$1");
      List<ILoggingEvent> errors = events.stream().filter(e -> e.getLevel() == Level.ERROR).toList();
      assertThat(errors).hasSize(1);
      assertThat(errors.get(0).getFormattedMessage()).contains("[ref " + ref + "]", "GET /api/runners")
          .doesNotContain("\n");
      assertThat(errors.get(0).getThrowableProxy()).isNull();
    }
  }

  @DbTest
  void refusesBulkActionsOnEveryJobAndCountsFirstWithADryRun(TestDb db) {
    try (WebFixture f = WebFixture.start(db)) {
      List<String> pending = List.of(f.pending(1), f.pending(2), f.pending(3));
      String failed = f.failed("pump");
      Reply noError = f.post("/api/jobs/cancel", "{\"filter\": {\"error\": \"\"}}");
      assertThat(noError.status()).isEqualTo(400);
      assertThat(noError.json().get("error").asText()).contains("Refusing to cancel every job without an error",
          "Give a state", "dryRun");
      Reply dash = f.post("/api/jobs/cancel", "{\"filter\": {\"q\": \"-\"}}");
      assertThat(dash.status()).isEqualTo(400);
      assertThat(dash.json().get("error").asText()).contains("fewer than 3 characters");
      Reply all = f.post("/api/jobs/done", "{\"filter\": {\"q\": \"jobs\"}}");
      assertThat(all.status()).isEqualTo(400);
      assertThat(all.json().get("error").asText()).contains("matches all 4 jobs in the queue");
      Reply allStates = f.post("/api/jobs/cancel", "{\"filter\": {\"state\": [\"wait_dependencies\", \"pending\","
          + " \"enqueued\", \"started\", \"done\", \"cancelled\", \"failed\"], \"error\": \"\"}}");
      assertThat(allStates.status()).isEqualTo(400);
      Reply everyState = f.post("/api/jobs/cancel", "{\"filter\": {\"state\": \"wait_dependencies,pending,enqueued,"
          + "started,done,cancelled,failed\"}}");
      assertThat(everyState.status()).isEqualTo(400);
      assertThat(everyState.json().get("error").asText()).contains("naming every state filters nothing");
      assertThat(f.post("/api/jobs/cancel", "{\"filter\": {}, \"dryRun\": true}").status()).isEqualTo(400);
      assertThat(f.post("/api/jobs/cancel", "{\"filter\": {\"state\": \"pending\"}, \"dryRun\": \"yes\"}").status())
          .isEqualTo(400);
      for (String uuid : pending) {
        assertThat(f.queue.job(uuid).orElseThrow().state()).isEqualTo(JobState.PENDING);
      }

      Reply dry = f.post("/api/jobs/cancel", "{\"filter\": {\"state\": \"pending\"}, \"dryRun\": true}");
      assertThat(dry.status()).isEqualTo(200);
      assertThat(dry.json().get("dryRun").asBoolean()).isTrue();
      assertThat(dry.json().get("total").asLong()).isEqualTo(3);
      assertThat(dry.json().get("matched").asLong()).isEqualTo(3);
      Reply dryFunction = f.post("/api/jobs/cancel", "{\"filter\": {\"function\": \"fine\"}, \"dryRun\": true}");
      assertThat(dryFunction.json().get("total").asLong()).isEqualTo(3);
      Reply dryUuids = f.post("/api/jobs/requeue", "{\"uuids\": [\"" + failed
          + "\", \"0b6c2f1e-8d4a-4f3e-9c1a-2b7d5e6f8a90\"], \"dryRun\": true}");
      assertThat(dryUuids.json().get("total").asLong()).isEqualTo(1);
      for (String uuid : pending) {
        assertThat(f.queue.job(uuid).orElseThrow().state()).isEqualTo(JobState.PENDING);
      }
      assertThat(f.queue.job(failed).orElseThrow().state()).isEqualTo(JobState.FAILED);

      Reply done = f.post("/api/jobs/cancel", "{\"filter\": {\"state\": \"pending\"}}");
      assertThat(done.json().get("changed").asLong()).isEqualTo(3);
      assertThat(f.queue.job(failed).orElseThrow().state()).isEqualTo(JobState.FAILED);
    }
  }

  @DbTest
  void aReadOnlyTokenReadsButCannotChangeJobsAndAdminActionsAreAudited(TestDb db) {
    try (WebFixture f = WebFixture.start(db, WebSettings.loopback(0).withToken(TOKEN).withReadToken(READ_TOKEN), null)) {
      String failed = f.failed("pump");
      f.withToken(READ_TOKEN);
      List<ILoggingEvent> audit = logs("connector.audit", Level.INFO, () -> {
        assertThat(f.get("/api/jobs").status()).isEqualTo(200);
        assertThat(f.get("/api/jobs/" + failed).status()).isEqualTo(200);
        assertThat(f.get("/metrics").status()).isEqualTo(200);
        assertThat(f.get("/").status()).isEqualTo(200);
        for (String path : List.of("/api/jobs/" + failed + "/requeue", "/api/jobs/requeue")) {
          Reply refused = f.post(path, path.endsWith(failed + "/requeue") ? "{}" : "{\"uuids\": [\"" + failed + "\"]}");
          assertThat(refused.status()).isEqualTo(403);
          assertThat(refused.json().get("error").asText()).contains("A read-only token cannot change jobs");
        }
        assertThat(f.queue.job(failed).orElseThrow().state()).isEqualTo(JobState.FAILED);

        f.withToken(TOKEN);
        assertThat(f.post("/api/jobs/" + failed + "/requeue", "{}").status()).isEqualTo(200);
        assertThat(f.post("/api/jobs/cancel", "{\"filter\": {\"state\": \"pending\", \"function\": \"boom\"}}")
            .json().get("changed").asLong()).isEqualTo(1);
        assertThat(f.post("/api/jobs/cancel", "{\"filter\": {\"state\": \"pending\"}, \"dryRun\": true}").status())
            .isEqualTo(200);
      });
      assertThat(audit).hasSize(2).allSatisfy(e -> {
        assertThat(e.getLevel()).isEqualTo(Level.INFO);
        assertThat(e.getFormattedMessage()).contains("by=admin", "client=127.0.0.1").doesNotContain(TOKEN)
            .doesNotContain(READ_TOKEN);
      });
      assertThat(audit.get(0).getFormattedMessage()).contains("action=requeue", "target=uuid " + failed, "matched=1",
          "changed=1");
      assertThat(audit.get(1).getFormattedMessage()).contains("action=cancel", "function=boom", "matched=1",
          "changed=1");
    }
    assertThatThrownBy(() -> WebSettings.loopback(0).withReadToken(READ_TOKEN)).hasMessageContaining("needs an admin token");
    assertThatThrownBy(() -> WebSettings.loopback(0).withToken(TOKEN).withReadToken(TOKEN))
        .hasMessageContaining("is the admin token");
  }

  /** A self-signed EC certificate for 127.0.0.1 in a PKCS#12 file, made with the JDK's keytool. */
  static Path selfSigned(Path dir, String password) throws Exception {
    Path p12 = dir.resolve("web.p12");
    Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
        "-genkeypair", "-alias", "web", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=127.0.0.1",
        "-ext", "SAN=ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12", "-keystore", p12.toString(),
        "-storepass", password, "-keypass", password).redirectErrorStream(true).start();
    String out = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(keytool.waitFor()).as(out).isZero();
    return p12;
  }

  static HttpClient trusting(Certificate cert) throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("web", cert);
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext ssl = SSLContext.getInstance("TLS");
    ssl.init(null, tmf.getTrustManagers(), null);
    return HttpClient.newBuilder().sslContext(ssl).connectTimeout(Duration.ofSeconds(5)).build();
  }

  @DbTest
  void servesHttpsFromAPemPairOrAPkcs12File(TestDb db, @TempDir Path dir) throws Exception {
    String password = "store-pass-0123";
    Path p12 = selfSigned(dir, password);
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(p12)) {
      ks.load(in, password.toCharArray());
    }
    Certificate cert = ks.getCertificate("web");
    Path certPem = dir.resolve("cert.pem");
    Path keyPem = dir.resolve("key.pem");
    Base64.Encoder b64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));
    Files.writeString(certPem, "-----BEGIN CERTIFICATE-----\n" + b64.encodeToString(cert.getEncoded())
        + "\n-----END CERTIFICATE-----\n");
    Files.writeString(keyPem, "-----BEGIN PRIVATE KEY-----\n"
        + b64.encodeToString(ks.getKey("web", password.toCharArray()).getEncoded()) + "\n-----END PRIVATE KEY-----\n");
    HttpClient client = trusting(cert);

    try (Environment env = WebFixture.environment(db)) {
      for (Supplier<TlsSettings> tls : List.<Supplier<TlsSettings>>of(() -> TlsSettings.pem(certPem, keyPem),
          () -> TlsSettings.keystore(p12, password))) {
        WebServer web = WebServer.start(env, WebSettings.loopback(0).withToken(TOKEN).withTls(tls.get()));
        try {
          assertThat(web.url()).isEqualTo("https://127.0.0.1:" + web.port() + "/");
          HttpResponse<String> health = client.send(HttpRequest.newBuilder(URI.create(web.url() + "health")).build(),
              HttpResponse.BodyHandlers.ofString());
          assertThat(health.statusCode()).isEqualTo(200);
          assertThat(health.body()).contains("\"status\":\"up\"");
          HttpResponse<String> jobs = client.send(HttpRequest.newBuilder(URI.create(web.url() + "api/jobs"))
              .header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString());
          assertThat(jobs.statusCode()).isEqualTo(200);
        } finally {
          web.close();
        }
      }
      assertThatThrownBy(() -> WebServer.start(env, WebSettings.loopback(0).withTls(TlsSettings.keystore(p12, "wrong"))))
          .hasMessageContaining("wrong password").hasMessageContaining("CONNECTOR_TLS_KEYSTORE_PASSWORD");
      assertThatThrownBy(() -> WebServer.start(env, WebSettings.loopback(0).withTls(TlsSettings.pem(certPem, certPem))))
          .hasMessageContaining("holds no '-----BEGIN PRIVATE KEY-----' block");
    }
  }

  @DbTest
  void behindATrustedProxyTheForwardedHeadersAndPublicUrlAreBelievedButNotFromAnyoneElse(TestDb db) throws Exception {
    InetAddress proxy = InetAddress.getByName("127.0.0.2");
    WebSettings settings = WebSettings.loopback(0).withToken(TOKEN).withTrustedProxies(List.of("127.0.0.2"))
        .withPublicUrl("https://jobs.example.com/");
    try (WebFixture f = WebFixture.start(db, settings, null)) {
      assertThat(f.web.url()).isEqualTo("https://jobs.example.com/");
      int port = f.web.port();
      String a = f.failed("pump");
      String b = f.failed("grinder");
      String auth = "Authorization: Bearer " + TOKEN + "\r\n";
      List<ILoggingEvent> audit = logs("connector.audit", Level.INFO, () -> {
        try {
          String viaProxy = raw(proxy, port, "POST /api/jobs/" + a + "/requeue HTTP/1.1\r\nHost: 127.0.0.1:" + port
              + "\r\n" + auth + "X-Forwarded-For: 203.0.113.7\r\nX-Forwarded-Proto: https\r\n"
              + "X-Forwarded-Host: jobs.example.com\r\nOrigin: https://jobs.example.com\r\n"
              + "Content-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}");
          assertThat(status(viaProxy)).as(viaProxy).isEqualTo(200);

          String spoofedClient = raw(InetAddress.getByName("127.0.0.1"), port, "POST /api/jobs/" + b
              + "/requeue HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n" + auth + "X-Forwarded-For: 203.0.113.9\r\n"
              + "Content-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}");
          assertThat(status(spoofedClient)).as(spoofedClient).isEqualTo(200);
        } catch (Exception e) {
          throw new AssertionError(e);
        }
      });
      assertThat(audit).hasSize(2);
      assertThat(audit.get(0).getFormattedMessage()).contains("client=203.0.113.7", "target=uuid " + a);
      assertThat(audit.get(1).getFormattedMessage()).contains("client=127.0.0.1", "target=uuid " + b)
          .doesNotContain("203.0.113.9");

      assertThat(status(raw(port, "GET /api/jobs HTTP/1.1\r\nHost: jobs.example.com\r\n" + auth
          + "Connection: close\r\n\r\n"))).isEqualTo(200);
      String spoofedHost = raw(port, "GET /api/jobs HTTP/1.1\r\nHost: evil.example\r\n" + auth
          + "X-Forwarded-Host: jobs.example.com\r\nConnection: close\r\n\r\n");
      assertThat(status(spoofedHost)).isEqualTo(403);
      assertThat(json(spoofedHost).get("error").asText()).contains("Host 'evil.example' is not allowed");
      String evilViaProxy = raw(proxy, port, "GET /api/jobs HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n" + auth
          + "X-Forwarded-Host: evil.example\r\nConnection: close\r\n\r\n");
      assertThat(status(evilViaProxy)).isEqualTo(403);
      String foreignOrigin = raw(proxy, port, "POST /api/jobs/" + a + "/cancel HTTP/1.1\r\nHost: 127.0.0.1:" + port
          + "\r\n" + auth + "X-Forwarded-Host: jobs.example.com\r\nOrigin: https://evil.example\r\n"
          + "Content-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}");
      assertThat(status(foreignOrigin)).isEqualTo(403);
      assertThat(f.queue.job(a).orElseThrow().state()).isEqualTo(JobState.PENDING);
    }
  }
}
