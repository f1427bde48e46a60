package com.awkhad.connector.framework.adapter;

import static com.awkhad.connector.framework.testconnector.TestConnectorAddon.PRODUCT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.awkhad.connector.component.WorkContext;
import com.awkhad.connector.framework.backend.Backend;
import com.awkhad.connector.framework.backend.Backends;
import com.awkhad.connector.framework.backend.Secret;
import com.awkhad.connector.framework.exception.BackendRequestError;
import com.awkhad.connector.framework.exception.IDMissingInBackend;
import com.awkhad.connector.framework.exception.NetworkRetryableError;
import com.awkhad.connector.framework.testconnector.ConnectorFixture;
import com.awkhad.connector.framework.testconnector.FakeShop;
import com.awkhad.connector.framework.testconnector.TestConnectorAddon;
import com.awkhad.connector.testkit.DbTest;
import com.awkhad.connector.testkit.TestDb;
import java.util.Map;
import java.util.function.Consumer;

/** The HTTP/JSON adapter against a real HTTP server on loopback: CRUD and how failures map to errors. */
class HttpJsonAdapterTest {

  private static void withAdapter(Backend backend, Consumer<BackendAdapter> body) {
    try (WorkContext work = backend.workOn(PRODUCT)) {
      body.accept(work.component(BackendAdapter.class, BackendAdapter.USAGE));
    }
  }

  @DbTest
  void crudRoundTrip(TestDb db) {
    try (ConnectorFixture f = ConnectorFixture.start(db)) {
      withAdapter(f.backend, adapter -> {
        String id = adapter.create(Map.of("name", "Espresso"));
        assertThat(adapter.read(id)).containsEntry("name", "Espresso").containsEntry("id", id);
        adapter.write(id, Map.of("name", "Ristretto"));
        assertThat(adapter.search(Map.of())).containsExactly(id);
        assertThat(adapter.read(id)).containsEntry("name", "Ristretto");
        adapter.delete(id);
        assertThat(adapter.search(Map.of())).isEmpty();
        assertThatThrownBy(() -> adapter.delete(id)).isInstanceOf(IDMissingInBackend.class);
      });
      assertThat(f.shop.requests()).extracting(FakeShop.Request::method)
          .containsExactly("POST", "GET", "PUT", "GET", "GET", "DELETE", "GET", "DELETE");
    }
  }

  @DbTest
  void aCreateWithAnIdempotencyKeySendsItAsAHeader(TestDb db) {
    try (ConnectorFixture f = ConnectorFixture.start(db)) {
      withAdapter(f.backend, adapter -> adapter.create(Map.of("name", "Espresso"), "key-17"));
      withAdapter(f.backend, adapter -> adapter.create(Map.of("name", "Lungo")));

      assertThat(f.shop.requests()).extracting(FakeShop.Request::idempotencyKey).containsExactly("key-17", null);
      try (WorkContext work = f.backend.workOn(PRODUCT)) {
        HttpJsonClient client = work.attribute(HttpJsonClient.RESOURCE, HttpJsonClient.class);
        assertThatThrownBy(() -> client.post("/products", Map.of("name", "x"), Map.of("authorization", "Bearer y")))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("backend's secret");
      }
    }
  }

  @DbTest
  void busyAndUnavailableAnswersAreRetryable(TestDb db) {
    try (ConnectorFixture f = ConnectorFixture.start(db)) {
      withAdapter(f.backend, adapter -> {
        f.shop.failNext(1, 429, "slow down", "7");
        assertThatThrownBy(() -> adapter.read("1")).isInstanceOfSatisfying(NetworkRetryableError.class, e -> {
          assertThat(e.seconds()).isEqualTo(7);
          assertThat(e.ignoreRetry()).isFalse();
          assertThat(e.unavailable()).isFalse(); // busy, not down: it does not count for the circuit
          assertThat(e.getMessage()).isEqualTo("GET /products/1 on backend 'Test shop' answered HTTP 429 (too many requests:"
              + " the system asks to slow down): slow down. It asked to come back in 7 s (Retry-After)");
        });
        for (int status : new int[] {502, 503, 504}) {
          f.shop.failNext(1, status, "", null);
          assertThatThrownBy(() -> adapter.search(Map.of("name", "x y"))).isInstanceOfSatisfying(NetworkRetryableError.class, e -> {
            assertThat(e.seconds()).isNull(); // the network back-off decides
            assertThat(e.unavailable()).isTrue();
            assertThat(e.fallbackPattern()).isEqualTo(NetworkRetryableError.BACKOFF);
            assertThat(e.getMessage()).isEqualTo("GET /products on backend 'Test shop' answered HTTP " + status
                + " (the system is busy or unavailable)");
          });
        }
      });
      assertThat(f.shop.requests().get(1).uri()).isEqualTo("/products?name=x+y");
    }
  }

  @DbTest
  void retryAfterIsReadInSecondsOrAsAnHttpDate(TestDb db) {
    try (ConnectorFixture f = ConnectorFixture.start(db)) {
      String inNinety = java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.format(
          java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC).plusSeconds(90));
      withAdapter(f.backend, adapter -> {
        f.shop.failNext(1, 503, "", inNinety);
        assertThatThrownBy(() -> adapter.read("1")).isInstanceOfSatisfying(NetworkRetryableError.class,
            e -> assertThat(e.seconds()).isBetween(88, 91));
        f.shop.failNext(1, 503, "", "soon");
        assertThatThrownBy(() -> adapter.read("1")).isInstanceOfSatisfying(NetworkRetryableError.class,
            e -> assertThat(e.seconds()).isNull());
      });
    }
    java.time.Instant now = java.time.Instant.parse("2026-10-21T07:27:30Z");
    assertThat(HttpJsonClient.retryAfterSeconds(" 120 ", now)).isEqualTo(120);
    assertThat(HttpJsonClient.retryAfterSeconds("Wed, 21 Oct 2026 07:28:00 GMT", now)).isEqualTo(30);
    assertThat(HttpJsonClient.retryAfterSeconds("Wed, 21 Oct 2026 07:00:00 GMT", now)).isZero();
    assertThat(HttpJsonClient.retryAfterSeconds("-5", now)).isNull();
  }

  @DbTest
  void anUnreachableSystemIsRetryable(TestDb db) {
    try (ConnectorFixture f = ConnectorFixture.start(db)) {
      FakeShop closed = FakeShop.start(null);
      String url = closed.url();
      closed.close();
      Backend down = Backends.of(f.env).newBackend("Down", TestConnectorAddon.BACKEND).location(url)
          .secret(Secret.of(ConnectorFixture.TOKEN)).create();
      withAdapter(down, adapter -> assertThatThrownBy(() -> adapter.read("1"))
          .isInstanceOfSatisfying(NetworkRetryableError.class, e -> assertThat(e.getMessage())
              .startsWith("GET /products/1 on backend 'Down' failed: ConnectException")
              .endsWith("The system may be down or unreachable")
              .doesNotContain(ConnectorFixture.TOKEN)));
    }
  }

  @DbTest
  void refusedRequestsAreNotRetriedAndSayWhatToCheck(TestDb db) {
    try (ConnectorFixture f = ConnectorFixture.start(db)) {
      Backend wrongToken = Backends.of(f.env).newBackend("Wrong token", TestConnectorAddon.BACKEND).location(f.shop.url())
          .secret(Secret.of("not-the-token")).create();
      withAdapter(wrongToken, adapter -> assertThatThrownBy(() -> adapter.read("1"))
          .isInstanceOfSatisfying(BackendRequestError.class, e -> {
            assertThat(e.status()).isEqualTo(401);
            assertThat(e.getMessage()).isEqualTo("GET /products/1 on backend 'Wrong token' was refused with HTTP 401:"
                + " {\"error\":\"bad token\"}. Check the backend's credentials (its secret)");
          }));

      withAdapter(f.backend, adapter -> {
        f.shop.failNext(1, 400, "x".repeat(1000), null);
        assertThatThrownBy(() -> adapter.create(Map.of("name", "Too long")))
            .isInstanceOfSatisfying(BackendRequestError.class, e -> assertThat(e.getMessage())
                .isEqualTo("POST /products on backend 'Test shop' was refused with HTTP 400: " + "x".repeat(300)
                    + "... (1000 chars). Check the data sent, then requeue the job"));
        f.shop.failNext(1, 200, "<html>not json</html>", null);
        assertThatThrownBy(() -> adapter.read("1"))
            .isInstanceOfSatisfying(BackendRequestError.class, e -> assertThat(e.getMessage())
                .isEqualTo("GET /products/1 on backend 'Test shop' returned a body that is not JSON: <html>not json</html>"));
      });
    }
  }
}
