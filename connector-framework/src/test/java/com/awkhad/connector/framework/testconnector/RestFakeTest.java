package com.awkhad.connector.framework.testconnector;

import static org.assertj.core.api.Assertions.assertThat;

import com.awkhad.connector.framework.testconnector.RestFake.Paging;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The fake REST API itself, spoken to with a bare HTTP client: what the adapter tests rely on. */
class RestFakeTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final ObjectMapper JSON = new ObjectMapper();

  private static HttpResponse<String> send(String method, String url, String body, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).header("X-API-Key", "k3y")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (headers.length > 0) {
      b.headers(headers);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode json(HttpResponse<String> r) throws Exception {
    return JSON.readTree(r.body());
  }

  @Test
  void offsetPagesCarryTheTotalInAStableOrderAndAFractionalSinceIsRefused() throws Exception {
    try (RestFake fake = RestFake.builder().start()) {
      fake.clock(() -> Instant.parse("2026-12-03T10:15:30.700Z"));
      fake.seed(25, i -> Map.of("subject", "s" + i));
      fake.advance(Duration.ofSeconds(5));
      fake.change("3", Map.of("subject", "changed"));

      JsonNode last = json(send("GET", fake.url() + "/issues?offset=20&limit=10", null));
      assertThat(last.get("total_count").asInt()).isEqualTo(25);
      assertThat(last.get("issues")).extracting(n -> n.get("id").asText()).containsExactly("22", "23", "24", "25", "3");
      assertThat(last.get("issues").get(4).get("updated_on").asText()).isEqualTo("2026-12-03T10:15:35Z");

      JsonNode since = json(send("GET", fake.url() + "/issues?updated_on=%3E%3D2026-12-03T10:15:31Z", null));
      assertThat(since.get("issues")).extracting(n -> n.get("id").asText()).containsExactly("3");

      HttpResponse<String> fraction = send("GET", fake.url() + "/issues?updated_on=2026-12-03T10:15:31.5Z", null);
      assertThat(fraction.statusCode()).isEqualTo(422);
      assertThat(json(fraction).get("errors").get(0).asText()).contains("whole seconds expected");
      assertThat(fraction.headers().firstValue("Date")).isPresent();
    }
  }

  @Test
  void everyPagingStyleWalksAllRecords() throws Exception {
    for (Paging paging : new Paging[] {Paging.PAGE, Paging.LINK, Paging.CURSOR}) {
      RestFake.Builder b = RestFake.builder().paging(paging).pageSizes(10, 100);
      if (paging == Paging.LINK) {
        b.listEnvelope(null, null);
      } else {
        b.listEnvelope("data", null);
      }
      try (RestFake fake = b.start()) {
        fake.seed(25, i -> Map.of("subject", "s" + i));
        List<String> ids = new ArrayList<>();
        String url = fake.url() + "/issues";
        int page = 1;
        while (url != null) {
          HttpResponse<String> r = send("GET", url, null);
          JsonNode body = json(r);
          (paging == Paging.LINK ? body : body.get("data")).forEach(n -> ids.add(n.get("id").asText()));
          url = switch (paging) {
            case PAGE -> body.get("data").size() == 10 ? fake.url() + "/issues?page=" + ++page : null;
            case LINK -> r.headers().firstValue("Link").map(l -> l.substring(1, l.indexOf('>'))).orElse(null);
            default -> body.at("/meta/next_cursor").isTextual()
                ? fake.url() + "/issues?cursor=" + body.at("/meta/next_cursor").asText() : null;
          };
        }
        assertThat(ids).as(paging.name()).hasSize(25).doesNotHaveDuplicates();
      }
    }
  }

  @Test
  void createSetsServerFieldsAndUpdateAnswers204() throws Exception {
    try (RestFake fake = RestFake.builder().numberField("number", "ISS-").serverSets(Map.of("status", "new")).etags(true).start()) {
      HttpResponse<String> bare = send("POST", fake.url() + "/issues", "{\"subject\":\"no envelope\"}");
      assertThat(bare.statusCode()).isEqualTo(422);

      HttpResponse<String> created = send("POST", fake.url() + "/issues", "{\"issue\":{\"subject\":\"Printer\"}}");
      assertThat(created.statusCode()).isEqualTo(201);
      assertThat(created.headers().firstValue("Location")).hasValue(fake.url() + "/issues/1");
      JsonNode issue = json(created).get("issue");
      assertThat(issue.get("id").asInt()).isEqualTo(1);
      assertThat(issue.get("number").asText()).isEqualTo("ISS-1");
      assertThat(issue.get("status").asText()).isEqualTo("new");
      assertThat(issue.get("updated_on").asText()).isEqualTo(issue.get("created_on").asText()).doesNotContain(".");

      String etag = created.headers().firstValue("ETag").orElseThrow();
      HttpResponse<String> updated = send("PUT", fake.url() + "/issues/1", "{\"issue\":{\"subject\":\"Printer 2\"}}",
          "If-Match", etag);
      assertThat(updated.statusCode()).isEqualTo(204);
      assertThat(updated.body()).isEmpty();
      assertThat(fake.record("1")).containsEntry("subject", "Printer 2");
      HttpResponse<String> stale = send("PATCH", fake.url() + "/issues/1", "{\"issue\":{\"subject\":\"x\"}}", "If-Match", etag);
      assertThat(stale.statusCode()).isEqualTo(412);

      assertThat(HTTP.send(HttpRequest.newBuilder(URI.create(fake.url() + "/issues/1")).build(),
          HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
      assertThat(fake.requests()).extracting(RestFake.Request::method).containsExactly("POST", "POST", "PUT", "PATCH", "GET");
      assertThat(fake.requests().get(2).header("if-match")).isEqualTo(etag);
    }
  }

  @Test
  void anAfterServeHookChangesTheRecordBeforeTheNextRequestIsServed() throws Exception {
    try (RestFake fake = RestFake.builder().updateAnswersBody(true).start()) {
      String id = fake.seed(Map.of("subject", "before"));
      fake.afterServe(id, f -> f.change(id, Map.of("subject", "after")));

      assertThat(json(send("GET", fake.url() + "/issues/1", null)).at("/issue/subject").asText()).isEqualTo("before");
      assertThat(json(send("GET", fake.url() + "/issues/1", null)).at("/issue/subject").asText()).isEqualTo("after");
      HttpResponse<String> updated = send("PUT", fake.url() + "/issues/1", "{\"issue\":{\"subject\":\"mine\"}}");
      assertThat(updated.statusCode()).isEqualTo(200);
      assertThat(json(updated).at("/issue/subject").asText()).isEqualTo("mine");
    }
  }
}
