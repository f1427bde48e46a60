package com.awkhad.connector.framework.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import com.awkhad.connector.component.WorkContext;
import com.awkhad.connector.framework.adapter.ConnectionCheck.Outcome;
import com.awkhad.connector.framework.backend.Backend;
import com.awkhad.connector.framework.backend.Backends;
import com.awkhad.connector.framework.backend.Secret;
import com.awkhad.connector.framework.testconnector.ConnectorFixture;
import com.awkhad.connector.framework.testconnector.TestConnectorAddon;
import com.awkhad.connector.testkit.TestDatabases;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link HttpJsonAdapter#check()} against real servers on 127.0.0.1: each failure is named for the
 * step that failed, and the secret never appears. DNS is tested with an injected resolver (this
 * machine's resolver is not local, so no name is sent out).
 */
class ConnectionCheckTest {
  private static final String SECRET = "chk-S3cret-77";
  private static ConnectorFixture f;
  private static final List<AutoCloseable> closing = new ArrayList<>();

  @BeforeAll
  static void start() {
    f = ConnectorFixture.start(TestDatabases.fresh("h2"));
  }

  @AfterAll
  static void stop() throws Exception {
    for (AutoCloseable c : closing) {
      c.close();
    }
    f.close();
  }

  private static Backend backend(String name, String location, int timeoutSeconds, String secret) {
    return Backends.of(f.env).newBackend(name, TestConnectorAddon.BACKEND).location(location)
        .setting("http_timeout_seconds", timeoutSeconds).secret(secret == null ? Secret.none() : Secret.of(secret)).create();
  }

  private static ConnectionCheck check(Backend b) {
    try (WorkContext work = b.workOn(TestConnectorAddon.PRODUCT)) {
      return work.component(BackendAdapter.class, BackendAdapter.USAGE).check();
    }
  }

  /** A server answering every request {@code status}, echoing the Authorization header in its body. */
  private static HttpServer echoing(int status) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", ex -> {
      byte[] body = ("{\"error\":\"bad token\",\"got\":\"" + ex.getRequestHeaders().getFirst("Authorization") + "\"}")
          .getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(status, body.length);
      ex.getResponseBody().write(body);
      ex.close();
    });
    server.start();
    closing.add(() -> server.stop(0));
    return server;
  }

  @Test
  void aServerAcceptingTheCredentialsIsOk() {
    ConnectionCheck c = check(f.backend);
    assertThat(c.outcome()).as(c.message()).isEqualTo(Outcome.OK);
    assertThat(c.status()).isEqualTo(200);
    assertThat(c.request()).isEqualTo("GET " + f.shop.url() + "/products");
    assertThat(f.shop.requests()).anyMatch(r -> r.uri().equals("/products") && ("Bearer " + ConnectorFixture.TOKEN)
        .equals(r.authorization()));
  }

  @Test
  void aServerAnswering401IsUnauthorizedAndTheEchoedSecretIsScrubbed() throws IOException {
    HttpServer server = echoing(401);
    ConnectionCheck c = check(backend("Echo 401", "http://127.0.0.1:" + server.getAddress().getPort(), 5, SECRET));
    assertThat(c.outcome()).isEqualTo(Outcome.UNAUTHORIZED);
    assertThat(c.status()).isEqualTo(401);
    assertThat(c.message()).contains("HTTP 401", "credentials", "--secret-stdin", "Bearer ***")
        .doesNotContain(SECRET);
    assertThat(c.toString()).doesNotContain(SECRET);
  }

  @Test
  void anotherStatusIsAnHttpErrorNamingIt() throws IOException {
    HttpServer server = echoing(404);
    ConnectionCheck c = check(backend("Echo 404", "http://127.0.0.1:" + server.getAddress().getPort() + "/api", 5,
        SECRET));
    assertThat(c.outcome()).isEqualTo(Outcome.HTTP_ERROR);
    assertThat(c.message()).contains("HTTP 404", "/api/products", "Check the path").doesNotContain(SECRET);
  }

  @Test
  void aClosedPortIsRefused() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    ConnectionCheck c = check(backend("Closed port", "http://127.0.0.1:" + port, 5, SECRET));
    assertThat(c.outcome()).as(c.message()).isEqualTo(Outcome.REFUSED);
    assertThat(c.message()).contains("Nothing listens on 127.0.0.1:" + port, "connection refused");
  }

  /** A plain-HTTP server as most answer a TLS hello: {@code 400 Bad Request} in clear text, then close. */
  private static int plainHttpAnswering400() throws IOException {
    ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    closing.add(server);
    Thread t = new Thread(() -> {
      while (!server.isClosed()) {
        try (java.net.Socket s = server.accept()) {
          s.getInputStream().read(new byte[1024]);
          s.getOutputStream().write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
              .getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
          // closed by the test, or the client went away
        }
      }
    }, "plain-http");
    t.setDaemon(true);
    t.start();
    return server.getLocalPort();
  }

  @Test
  void httpsSpokenToAPlainServerIsATlsFailure() throws IOException {
    int port = plainHttpAnswering400();
    ConnectionCheck c = check(backend("Plain via https", "https://127.0.0.1:" + port, 5, SECRET));
    assertThat(c.outcome()).as(c.message()).isEqualTo(Outcome.TLS);
    assertThat(c.message()).contains("TLS handshake", "try http://");
  }

  @Test
  void aServerThatNeverAnswersTimesOut() throws IOException {
    ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress()); // accepts (backlog), never answers
    closing.add(silent);
    ConnectionCheck c = check(backend("Silent", "http://127.0.0.1:" + silent.getLocalPort(), 1, SECRET));
    assertThat(c.outcome()).as(c.message()).isEqualTo(Outcome.TIMEOUT);
    assertThat(c.message()).contains("within 1 s", "http_timeout_seconds").doesNotContain("try http://");
    ConnectionCheck tls = check(backend("Silent via https", "https://127.0.0.1:" + silent.getLocalPort(), 1, SECRET));
    assertThat(tls.outcome()).isEqualTo(Outcome.TIMEOUT);
    assertThat(tls.message()).contains("within 1 s", "try http://");   // a plain server waiting for a request line
  }

  @Test
  void aNameThatDoesNotResolveIsDnsAndNoRequestIsSent() {
    Backend b = backend("Nowhere", "http://shop.invalid:8070", 5, SECRET);
    List<String> asked = new ArrayList<>();
    try (HttpJsonClient client = HttpJsonClient.forBackend(b)) {
      ConnectionCheck c = client.check("/products", host -> {
        asked.add(host);
        throw new UnknownHostException(host);
      });
      assertThat(c.outcome()).isEqualTo(Outcome.DNS);
      assertThat(c.message()).contains("'shop.invalid' does not resolve", "DNS");
    }
    assertThat(asked).containsExactly("shop.invalid");
  }

  @Test
  void theJdkClientsUnresolvedAddressIsClassifiedDnsBeforeRefused() {
    // what java.net.http throws for a name that does not resolve: a ConnectException caused by UnresolvedAddressException
    ConnectException thrown = new ConnectException();
    thrown.initCause(new UnresolvedAddressException());
    ConnectionCheck c = ConnectionCheck.failed("GET http://x.invalid:80/", "x.invalid:80", thrown,
        Duration.ofSeconds(5), Duration.ZERO);
    assertThat(c.outcome()).isEqualTo(Outcome.DNS);
    assertThat(ConnectionCheck.failed("GET", "h:1", new ConnectException("Connection refused"), Duration.ofSeconds(5),
        Duration.ZERO).outcome()).isEqualTo(Outcome.REFUSED);
    assertThat(ConnectionCheck.failed("GET", "h:1", new IOException("connection reset"), Duration.ofSeconds(5),
        Duration.ZERO).outcome()).isEqualTo(Outcome.UNREACHABLE);
  }

  @Test
  void aBackendWithoutLocationIsNotConfigured() {
    Backend b = Backends.of(f.env).newBackend("No location", TestConnectorAddon.BACKEND).create();
    ConnectionCheck c = check(b);
    assertThat(c.outcome()).isEqualTo(Outcome.NOT_CONFIGURED);
    assertThat(c.message()).contains("has no location");
  }
}
