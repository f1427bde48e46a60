package com.awkhad.connector.coffee.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** The simulator's HTTP API on loopback: auth, menu, orders, fault injection. */
class CoffeeMachineSimulatorTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();

  private HttpResponse<String> send(CoffeeMachineSimulator m, String method, String path, String body, String token)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(m.url() + path))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void servesOnLoopbackAndRefusesRequestsWithoutTheToken() throws Exception {
    try (CoffeeMachineSimulator m = CoffeeMachineSimulator.builder().token("t").start()) {
      assertThat(m.url()).startsWith("http://127.0.0.1:");
      assertThat(send(m, "GET", "/beverages", null, null).statusCode()).isEqualTo(401);
      assertThat(send(m, "GET", "/beverages", null, "wrong").statusCode()).isEqualTo(401);
      HttpResponse<String> ok = send(m, "GET", "/beverages", null, "t");
      assertThat(ok.statusCode()).isEqualTo(200);
      assertThat(JSON.readTree(ok.body())).hasSize(6);
      assertThat(m.requestCount()).isEqualTo(3);
    }
  }

  @Test
  void listsTheBeveragesChangedSinceAnInstant() throws Exception {
    try (CoffeeMachineSimulator m = CoffeeMachineSimulator.builder().start()) {
      Instant before = Instant.now();
      Thread.sleep(5);
      m.setPrice("3", 2.5);

      JsonNode changed = JSON.readTree(send(m, "GET", "/beverages?updated_since=" + before, null, null).body());
      JsonNode lungo = JSON.readTree(send(m, "GET", "/beverages/3", null, null).body());

      assertThat(changed.toString()).isEqualTo("[\"3\"]");
      assertThat(lungo.get("name").asText()).isEqualTo("Lungo");
      assertThat(lungo.get("price").asDouble()).isEqualTo(2.5);
      assertThat(send(m, "GET", "/beverages/99", null, null).statusCode()).isEqualTo(404);
      assertThat(send(m, "GET", "/beverages?updated_since=yesterday", null, null).body()).contains("ISO instant");
    }
  }

  private HttpResponse<String> put(CoffeeMachineSimulator m, String id, String body, String ifMatch) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(m.url() + "/orders/" + id))
        .method("PUT", HttpRequest.BodyPublishers.ofString(body));
    if (ifMatch != null) {
      b.header("If-Match", ifMatch);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String etag(HttpResponse<String> answer) {
    return answer.headers().firstValue("ETag").orElseThrow();
  }

  /** Places one order of one cup of beverage 1; the machine's answer. */
  private HttpResponse<String> placeOne(CoffeeMachineSimulator m) throws Exception {
    return send(m, "POST", "/orders", "{\"beverage\":\"1\",\"quantity\":1}", null);
  }

  private static String idOf(HttpResponse<String> answer) throws Exception {
    return JSON.readTree(answer.body()).get("id").asText();
  }

  @Test
  void anOrderCarriesAnEtagAndAPutWithAnotherIfMatchChangesNothing() throws Exception {
    try (CoffeeMachineSimulator m = CoffeeMachineSimulator.builder().brewTime(Duration.ofHours(1)).start()) {
      HttpResponse<String> created = placeOne(m);
      String id = idOf(created);
      String first = etag(created);
      HttpResponse<String> read = send(m, "GET", "/orders/" + id, null, null);
      assertThat(etag(read)).isEqualTo(first);
      assertThat(read.body()).doesNotContain("revision");

      HttpResponse<String> stale = put(m, id, "{\"quantity\":2}", "\"9b\"");
      assertThat(stale.statusCode()).isEqualTo(412);
      assertThat(stale.body()).contains("changed since \\\"9b\\\"");
      assertThat(etag(send(m, "GET", "/orders/" + id, null, null))).as("nothing changed").isEqualTo(first);
      assertThat(m.orderCountWithQuantity(2)).isZero();

      HttpResponse<String> changed = put(m, id, "{\"quantity\":2}", first);
      assertThat(changed.statusCode()).isEqualTo(200);
      assertThat(etag(changed)).isNotEqualTo(first).isEqualTo(etag(send(m, "GET", "/orders/" + id, null, null)));
      assertThat(m.orderCountWithQuantity(2)).isEqualTo(1);
      assertThat(put(m, id, "{\"quantity\":3}", first).statusCode()).as("the first ETag is stale now").isEqualTo(412);
      assertThat(put(m, id, "{\"quantity\":3}", null).statusCode()).as("without If-Match: unconditional").isEqualTo(200);
      assertThat(m.orderCountWithQuantity(3)).isEqualTo(1);
    }
  }

  @Test
  void becomingReadyChangesAnOrdersEtag() throws Exception {
    try (CoffeeMachineSimulator m = CoffeeMachineSimulator.builder().brewTime(Duration.ofMillis(200)).start()) {
      HttpResponse<String> created = placeOne(m);
      String id = idOf(created);
      String brewing = etag(created);
      Awaitility.await().atMost(Duration.ofSeconds(5)).until(
          () -> JSON.readTree(send(m, "GET", "/orders/" + id, null, null).body()).get("status").asText().equals("ready"));
      assertThat(etag(send(m, "GET", "/orders/" + id, null, null))).isNotEqualTo(brewing);
      assertThat(put(m, id, "{\"quantity\":2}", brewing).statusCode()).isEqualTo(412);
    }
  }

  @Test
  void anOrderBrewsThenIsReady() throws Exception {
    try (CoffeeMachineSimulator m = CoffeeMachineSimulator.builder().brewTime(Duration.ofMillis(300)).start()) {
      HttpResponse<String> created = send(m, "POST", "/orders", "{\"beverage\":\"1\",\"quantity\":2,\"customer\":\"Ada\"}", null);

      assertThat(created.statusCode()).isEqualTo(201);
      JsonNode order = JSON.readTree(created.body());
      assertThat(order.get("status").asText()).isEqualTo("brewing");
      String id = order.get("id").asText();
      Awaitility.await().atMost(Duration.ofSeconds(5)).until(
          () -> JSON.readTree(send(m, "GET", "/orders/" + id, null, null).body()).get("status").asText().equals("ready"));
      assertThat(m.orders()).containsOnlyKeys(id);
      HttpResponse<String> unknown = send(m, "POST", "/orders", "{\"beverage\":\"42\",\"quantity\":1}", null);
      assertThat(unknown.statusCode()).isEqualTo(422);
      assertThat(unknown.body()).contains("unknown beverage '42'");
      assertThat(send(m, "POST", "/orders", "{\"beverage\":\"1\",\"quantity\":0}", null).statusCode()).isEqualTo(422);
    }
  }

  @Test
  void countsOrdersAndOrdersOfAQuantityWithoutCopyingThem() throws Exception {
    try (CoffeeMachineSimulator m = CoffeeMachineSimulator.builder().start()) {
      String first = JSON.readTree(send(m, "POST", "/orders", "{\"beverage\":\"1\",\"quantity\":1}", null).body())
          .get("id").asText();
      send(m, "POST", "/orders", "{\"beverage\":\"2\",\"quantity\":1}", null);
      assertThat(m.orderCount()).isEqualTo(2);
      assertThat(m.orderCountWithQuantity(2)).isZero();

      assertThat(send(m, "PUT", "/orders/" + first, "{\"quantity\":2}", null).statusCode()).isEqualTo(200);

      assertThat(m.orderCountWithQuantity(2)).isEqualTo(1);
      assertThat(m.orderCountWithQuantity(1)).isEqualTo(1);
      assertThat(m.orderCount()).isEqualTo(2);

      // a change that keeps the quantity, and one that brings it back, move the counts accordingly
      assertThat(send(m, "PUT", "/orders/" + first, "{\"customer\":\"Ada\"}", null).statusCode()).isEqualTo(200);
      assertThat(m.orderCountWithQuantity(2)).isEqualTo(1);
      assertThat(send(m, "PUT", "/orders/" + first, "{\"quantity\":1}", null).statusCode()).isEqualTo(200);
      assertThat(m.orderCountWithQuantity(2)).isZero();
      assertThat(m.orderCountWithQuantity(1)).isEqualTo(2);
    }
  }

  @Test
  void turnsNaglesDelayOffForTheJdkServerUnlessTheJvmWasToldOtherwise() {
    String before = System.getProperty(LoopbackHttp.NODELAY);
    try {
      System.clearProperty(LoopbackHttp.NODELAY);
      LoopbackHttp.noDelay();
      assertThat(System.getProperty(LoopbackHttp.NODELAY)).isEqualTo("true");

      System.setProperty(LoopbackHttp.NODELAY, "false");
      LoopbackHttp.noDelay();
      assertThat(System.getProperty(LoopbackHttp.NODELAY)).isEqualTo("false");
    } finally {
      if (before == null) {
        System.clearProperty(LoopbackHttp.NODELAY);
      } else {
        System.setProperty(LoopbackHttp.NODELAY, before);
      }
    }
  }

  @Test
  void failsEveryNthRequestWith503AndRetryAfter() throws Exception {
    try (CoffeeMachineSimulator m = CoffeeMachineSimulator.builder().failEvery(3).start()) {
      int[] statuses = new int[6];
      String retryAfter = null;
      for (int i = 0; i < 6; i++) {
        HttpResponse<String> r = send(m, "GET", "/beverages", null, null);
        statuses[i] = r.statusCode();
        if (r.statusCode() == 503) {
          retryAfter = r.headers().firstValue("Retry-After").orElse(null);
        }
      }
      assertThat(statuses).containsExactly(200, 200, 503, 200, 200, 503);
      assertThat(retryAfter).isEqualTo("1");
      assertThat(m.injectedFailures()).isEqualTo(2);

      m.failEvery(0);
      m.failNext(1);
      assertThat(send(m, "GET", "/beverages", null, null).statusCode()).isEqualTo(503);
      assertThat(send(m, "GET", "/beverages", null, null).statusCode()).isEqualTo(200);
      assertThatThrownBy(() -> m.failEvery(-1)).hasMessageContaining("0 (off) or positive");
    }
  }

  @Test
  void aPortInUseIsRefusedWithWhatToDo() {
    try (CoffeeMachineSimulator first = CoffeeMachineSimulator.builder().start()) {
      assertThatThrownBy(() -> CoffeeMachineSimulator.builder().port(first.port()).start())
          .hasMessageContaining("127.0.0.1:" + first.port()).hasMessageContaining("pick another port, or 0");
    }
    assertThatThrownBy(() -> CoffeeMachineSimulator.builder().port(70000)).hasMessageContaining("0 (any free port) to 65535");
  }

  private HttpResponse<String> postOrder(CoffeeMachineSimulator m, String key, Duration timeout) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(m.url() + "/orders")).timeout(timeout)
        .POST(HttpRequest.BodyPublishers.ofString("{\"beverage\": \"1\", \"quantity\": 1, \"customer\": \"Ada\"}"));
    if (key != null) {
      b.header("Idempotency-Key", key);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aRepeatedPostWithTheSameIdempotencyKeyAnswersTheFirstOrder() throws Exception {
    try (CoffeeMachineSimulator m = CoffeeMachineSimulator.builder().start()) {
      HttpResponse<String> first = postOrder(m, "k-1", Duration.ofSeconds(10));
      HttpResponse<String> again = postOrder(m, "k-1", Duration.ofSeconds(10));
      HttpResponse<String> other = postOrder(m, "k-2", Duration.ofSeconds(10));

      assertThat(first.statusCode()).isEqualTo(201);
      assertThat(again.statusCode()).isEqualTo(200);
      assertThat(JSON.readTree(again.body()).get("id")).isEqualTo(JSON.readTree(first.body()).get("id"));
      assertThat(other.statusCode()).isEqualTo(201);
      assertThat(m.orders()).hasSize(2);
      assertThat(m.idempotentReplays()).isEqualTo(1);
    }
  }

  @Test
  void withoutHonouringKeysARepeatedPostBrewsAgain() throws Exception {
    try (CoffeeMachineSimulator m = CoffeeMachineSimulator.builder().ignoreIdempotencyKeys().start()) {
      postOrder(m, "k-1", Duration.ofSeconds(10));
      postOrder(m, "k-1", Duration.ofSeconds(10));

      assertThat(m.orders()).hasSize(2);
    }
  }

  @Test
  void aLostAnswerIsAnIoErrorAfterTheOrderWasPlaced() throws Exception {
    try (CoffeeMachineSimulator m = CoffeeMachineSimulator.builder().start()) {
      m.injectNext(NetworkFault.LOST_RESPONSE, 1);

      assertThatThrownBy(() -> postOrder(m, "k-1", Duration.ofSeconds(10))).isInstanceOf(java.io.IOException.class);
      assertThat(m.orders()).hasSize(1);
      assertThat(postOrder(m, "k-1", Duration.ofSeconds(10)).statusCode()).isEqualTo(200);
      assertThat(m.orders()).hasSize(1);
      assertThat(m.faultCount(NetworkFault.LOST_RESPONSE)).isEqualTo(1);
    }
  }

  @Test
  void aResetClosesTheConnectionWithoutPlacingTheOrder() throws Exception {
    try (CoffeeMachineSimulator m = CoffeeMachineSimulator.builder().start()) {
      m.injectNext(NetworkFault.RESET, 1);

      assertThatThrownBy(() -> postOrder(m, "k-1", Duration.ofSeconds(10))).isInstanceOf(java.io.IOException.class);
      assertThat(m.orders()).isEmpty();
      assertThat(postOrder(m, "k-1", Duration.ofSeconds(10)).statusCode()).isEqualTo(201);
    }
  }

  @Test
  void aSlowAnswerTimesOutAndTheOrderIsPlacedAfterwards() throws Exception {
    try (CoffeeMachineSimulator m = CoffeeMachineSimulator.builder().start()) {
      m.faults(FaultPlan.seeded(1).slow(1.0, Duration.ofMillis(800)).maxPerRequest(1));

      assertThatThrownBy(() -> postOrder(m, "k-1", Duration.ofMillis(200)))
          .isInstanceOf(java.net.http.HttpTimeoutException.class);
      Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> m.orders().size() == 1);
      HttpResponse<String> retry = postOrder(m, "k-1", Duration.ofSeconds(10)); // over its bound: not faulted
      assertThat(retry.statusCode()).isEqualTo(200);
      assertThat(m.orders()).hasSize(1);
      assertThat(m.faultCount(NetworkFault.SLOW)).isEqualTo(1);
    }
  }

  @Test
  void aFaultPlanIsReproducibleFromItsSeedAndBoundedPerRequest() throws Exception {
    int[] faulted = new int[2];
    for (int run = 0; run < 2; run++) {
      try (CoffeeMachineSimulator m = CoffeeMachineSimulator.builder().start()) {
        m.faults(FaultPlan.seeded(7).unavailable(0.5).maxPerRequest(3));
        for (int i = 0; i < 40; i++) {
          if (send(m, "GET", "/beverages/" + (1 + i % 6), null, null).statusCode() == 503) {
            faulted[run]++;
          }
        }
        // each of the 6 distinct requests is faulted at most 3 times
        assertThat(m.faultCount(NetworkFault.UNAVAILABLE)).isEqualTo(faulted[run]).isLessThanOrEqualTo(18);
      }
    }
    assertThat(faulted[0]).isEqualTo(faulted[1]).isPositive();
    assertThatThrownBy(() -> FaultPlan.seeded(1).unavailable(0.7).reset(0.6)).hasMessageContaining("at most 1");
  }
}
