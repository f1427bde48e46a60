package com.awkhad.connector.framework.adapter;

import static com.awkhad.connector.framework.testconnector.RestFixture.withAdapter;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.awkhad.connector.component.WorkContext;
import com.awkhad.connector.framework.backend.Backend;
import com.awkhad.connector.framework.exception.BackendRequestError;
import com.awkhad.connector.framework.exception.ConnectorException;
import com.awkhad.connector.framework.testconnector.RestConnectorAddon;
import com.awkhad.connector.framework.testconnector.RestFake;
import com.awkhad.connector.framework.testconnector.RestFixture;
import com.awkhad.connector.testkit.DbTest;
import com.awkhad.connector.testkit.TestDb;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * {@link HttpJsonAdapter}'s hooks against a {@link RestFake} shaped like a real API: paging,
 * envelopes, empty answers, server-set fields, Location-only creates, ETags, the API key header.
 */
class RestApiAdapterTest {
  private static final List<String> ALL_25 = IntStream.rangeClosed(1, 25).mapToObj(String::valueOf).toList();

  private record Style(String name, RestFake.Builder fake, Map<String, Object> settings) {}

  @DbTest
  void everyPagingStyleReadsEveryRecordAcrossPages(TestDb db) {
    List<Style> styles = List.of(
        new Style("offset", RestFake.builder(), Map.of("paging", "offset", "list_envelope", "issues")),
        new Style("offset-no-total", RestFake.builder().listEnvelope("issues", null), Map.of("paging", "offset-no-total",
            "list_envelope", "issues")),
        new Style("page", RestFake.builder().paging(RestFake.Paging.PAGE).listEnvelope("data", null),
            Map.of("paging", "page", "list_envelope", "data")),
        new Style("link", RestFake.builder().paging(RestFake.Paging.LINK).listEnvelope(null, null), Map.of("paging", "link")),
        new Style("cursor", RestFake.builder().paging(RestFake.Paging.CURSOR).listEnvelope("data", null),
            Map.of("paging", "cursor", "list_envelope", "data")));
    try (RestFixture f = RestFixture.start(db)) {
      for (Style style : styles) {
        try (RestFake fake = style.fake().pageSizes(25, 10).serverSets(Map.of("status", "new")).start()) { // pages of 10 at most
          fake.seed(25, i -> Map.of("subject", "issue " + i));
          Backend backend = f.backend(fake, settings(style.settings(), "page_size", 10));
          Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);
          withAdapter(backend, adapter -> {
            List<Map<String, Object>> records = adapter.searchRead(Map.of("status", "new"));
            assertThat(records).as(style.name()).extracting(adapter::idOf).containsExactlyElementsOf(ALL_25);
            assertThat(records.get(24)).as(style.name()).containsEntry("subject", "issue 25");
            assertThat(adapter.search(Map.of())).as(style.name()).containsExactlyElementsOf(ALL_25);
            assertThat(adapter.listingStartedAt()).as(style.name()).hasValueSatisfying(t ->
                assertThat(t).isBetween(before, Instant.now()));
          });
          List<String> firstListing = fake.requests().stream().map(RestFake.Request::uri).limit(3).toList();
          assertThat(firstListing).as(style.name()).hasSize(3).allMatch(uri -> uri.contains("status=new"));
          assertThat(fake.requests()).as(style.name()).hasSize(6) // 3 pages, twice
              .allSatisfy(r -> assertThat(r.header("X-API-Key")).isEqualTo(RestFixture.KEY))
              .allSatisfy(r -> assertThat(r.header("Authorization")).isNull());
        }
      }
    }
  }

  @DbTest
  void aListingLongerThanMaxPagesStopsWithAClearError(TestDb db) {
    try (RestFixture f = RestFixture.start(db); RestFake fake = RestFake.builder().paging(RestFake.Paging.PAGE).start()) {
      fake.seed(25, i -> Map.of("subject", "issue " + i));
      Backend backend = f.backend(fake, Map.of("paging", "page", "list_envelope", "issues", "page_size", 10, "max_pages", 2));
      withAdapter(backend, adapter -> assertThatThrownBy(() -> adapter.searchRead(Map.of()))
          .isInstanceOf(ConnectorException.class)
          .hasMessageStartingWith("Listing /issues on backend 'Tracker " + fake.port() + "' stopped after 2 pages (20 records)")
          .hasMessageContaining("paging().maxPages(...) in IssueAdapter"));
      assertThat(fake.requests()).hasSize(2);
    }
  }

  @DbTest
  void offsetPagingWithATotalReadsOnWhenTheServerCapsThePageSize(TestDb db) {
    try (RestFixture f = RestFixture.start(db); RestFake fake = RestFake.builder().pageSizes(5, 5).start()) {
      fake.seed(25, i -> Map.of("subject", "issue " + i));
      Backend backend = f.backend(fake, Map.of("paging", "offset", "list_envelope", "issues", "page_size", 10));
      withAdapter(backend, adapter -> assertThat(adapter.search(Map.of())).containsExactlyElementsOf(ALL_25));
      assertThat(fake.requests()).extracting(RestFake.Request::uri).containsExactly("/issues?offset=0&limit=10",
          "/issues?offset=5&limit=10", "/issues?offset=10&limit=10", "/issues?offset=15&limit=10", "/issues?offset=20&limit=10");
    }
  }

  @DbTest
  void theApiKeyHeaderSettingMustNameAHeader(TestDb db) {
    try (RestFixture f = RestFixture.start(db); RestFake fake = RestFake.builder().start()) {
      for (String bad : List.of("Authorization", "X API Key")) {
        Backend backend = com.awkhad.connector.framework.backend.Backends.of(f.env).newBackend("Bad " + bad, RestConnectorAddon.BACKEND)
            .location(fake.url()).setting(HttpJsonClient.API_KEY_HEADER_SETTING, bad)
            .secret(com.awkhad.connector.framework.backend.Secret.of(RestFixture.KEY)).create();
        assertThatThrownBy(() -> withAdapter(backend, adapter -> adapter.read("1")))
            .hasStackTraceContaining("The setting 'api_key_header' of backend 'Bad " + bad + "' is '" + bad
                + "': set it to the name of the header carrying the API key, e.g. X-API-Key");
      }
      assertThat(fake.requests()).isEmpty();
    }
  }

  @DbTest
  void recordsAreUnwrappedAndBodiesWrappedAndA204UpdateIsReadAgain(TestDb db) {
    try (RestFixture f = RestFixture.start(db);
        RestFake fake = RestFake.builder().numberField("number", "ISS-").serverSets(Map.of("status", "new")).start()) {
      Backend backend = f.backend(fake, Map.of("record_envelope", "issue"));
      withAdapter(backend, adapter -> {
        Map<String, Object> created = adapter.createRecord(Map.of("subject", "Printer on fire"), "key-1");
        assertThat(created).containsEntry("id", 1).containsEntry("number", "ISS-1").containsEntry("status", "new")
            .containsEntry("subject", "Printer on fire").containsKeys("created_on", "updated_on");
        assertThat(adapter.versionOf(created).updatedAt()).isEqualTo(Instant.parse((String) created.get("updated_on")));

        assertThat(adapter.read("1")).containsEntry("id", 1).containsEntry("subject", "Printer on fire").doesNotContainKey("issue");
        Map<String, Object> written = adapter.writeRecord("1", Map.of("subject", "Printer out"));
        assertThat(written).containsEntry("subject", "Printer out").containsEntry("number", "ISS-1");
      });
      assertThat(fake.requests()).extracting(r -> r.method() + " " + r.uri())
          .containsExactly("POST /issues", "GET /issues/1", "PUT /issues/1", "GET /issues/1");
      assertThat(fake.requests().get(0).body()).isEqualTo("{\"issue\":{\"subject\":\"Printer on fire\"}}");
      assertThat(fake.requests().get(0).header("Idempotency-Key")).isEqualTo("key-1");
      assertThat(fake.requests().get(2).body()).isEqualTo("{\"issue\":{\"subject\":\"Printer out\"}}");
    }
  }

  @DbTest
  void anUpdateAnsweringTheRecordIsNotReadAgainAndPatchIsAWriteMethod(TestDb db) {
    try (RestFixture f = RestFixture.start(db); RestFake fake = RestFake.builder().recordEnvelope(null).updateAnswersBody(true).start()) {
      fake.seed(Map.of("subject", "before"));
      Backend backend = f.backend(fake, Map.of("write_method", "PATCH"));
      withAdapter(backend, adapter -> assertThat(adapter.writeRecord("1", Map.of("subject", "after")))
          .containsEntry("subject", "after").containsEntry("id", 1));
      assertThat(fake.requests()).extracting(r -> r.method() + " " + r.uri()).containsExactly("PATCH /issues/1");
    }
  }

  @DbTest
  void aCreateAnsweringOnlyALocationReadsTheRecordThere(TestDb db) {
    try (RestFixture f = RestFixture.start(db);
        RestFake fake = RestFake.builder().createAnswersBody(false).serverSets(Map.of("status", "new")).start()) {
      fake.seed(Map.of("subject", "an older one"));
      Backend backend = f.backend(fake, Map.of("record_envelope", "issue"));
      withAdapter(backend, adapter -> {
        assertThat(adapter.createRecord(Map.of("subject", "Printer"), null))
            .containsEntry("id", 2).containsEntry("status", "new").containsEntry("subject", "Printer");
        assertThat(adapter.create(Map.of("subject", "Scanner"))).isEqualTo("3");
        fake.failNext(1, 201, "");
        assertThatThrownBy(() -> adapter.createRecord(Map.of("subject", "Lost"), null))
            .isInstanceOfSatisfying(BackendRequestError.class, e -> assertThat(e.getMessage()).isEqualTo("POST /issues on backend"
                + " 'Tracker " + fake.port() + "' answered HTTP 201 with neither a body nor a Location header: the new record's id"
                + " is unknown"));
      });
      assertThat(fake.requests()).extracting(r -> r.method() + " " + r.uri())
          .containsExactly("POST /issues", "GET /issues/2", "POST /issues", "GET /issues/3", "POST /issues");
    }
  }

  @DbTest
  void aNextLinkToAnotherHostIsRefused(TestDb db) {
    try (RestFixture f = RestFixture.start(db)) {
      try (RestFake fake = RestFake.builder().paging(RestFake.Paging.LINK).listEnvelope(null, null).start()) {
        // the same server under another name: were the link followed, the fake would log a second request
        try (RestFake elsewhere = RestFake.builder().paging(RestFake.Paging.LINK).listEnvelope(null, null)
            .linkBase("http://localhost:" + fake.port()).start()) {
          elsewhere.seed(25, i -> Map.of("subject", "issue " + i));
          Backend backend = f.backend(elsewhere, Map.of("paging", "link", "page_size", 10));
          withAdapter(backend, adapter -> assertThatThrownBy(() -> adapter.searchRead(Map.of()))
              .isInstanceOf(ConnectorException.class)
              .hasMessage("GET http://localhost:" + fake.port() + "/issues refused on backend 'Tracker " + elsewhere.port()
                  + "': the system sent a link outside the backend's location http://127.0.0.1:" + elsewhere.port()
                  + " (another scheme, host or port), and the backend's credentials are only sent there. If the API really"
                  + " lives there, set the backend's location to it"));
          assertThat(elsewhere.requests()).hasSize(1);
          assertThat(fake.requests()).isEmpty();
        }
      }
    }
  }

  @DbTest
  void aSinceWithAFractionAnswered422IsARequestErrorNamingTheStatus(TestDb db) {
    try (RestFixture f = RestFixture.start(db); RestFake fake = RestFake.builder().start()) {
      Backend backend = f.backend(fake, Map.of("paging", "offset", "list_envelope", "issues"));
      withAdapter(backend, adapter -> assertThatThrownBy(() -> adapter.searchRead(Map.of("updated_on", ">=2026-12-03T10:15:30.5Z")))
          .isInstanceOfSatisfying(BackendRequestError.class, e -> {
            assertThat(e.status()).isEqualTo(422);
            assertThat(e.getMessage()).startsWith("GET /issues on backend 'Tracker " + fake.port() + "' was refused with HTTP 422: ")
                .contains("2026-12-03T10:15:30.5Z (whole seconds expected");
          }));
    }
  }

  @DbTest
  void theETagIsCopiedIntoTheRecordAsItsVersionAndEmptyAnswersAreTyped(TestDb db) {
    try (RestFixture f = RestFixture.start(db); RestFake fake = RestFake.builder().etags(true).start()) {
      fake.seed(Map.of("subject", "Printer"));
      Backend backend = f.backend(fake, Map.of("record_envelope", "issue", "etag_field", "_etag"));
      withAdapter(backend, adapter -> {
        Map<String, Object> record = adapter.read("1");
        assertThat(record).containsEntry("_etag", fake.etag("1"));
        assertThat(adapter.versionOf(record).tag()).isEqualTo(fake.etag("1"));
        Map<String, Object> written = adapter.writeRecord("1", Map.of("subject", "Printer 2"));
        assertThat(written.get("_etag")).isEqualTo(fake.etag("1")).isNotEqualTo(record.get("_etag"));
      });
      try (WorkContext work = backend.workOn(RestConnectorAddon.ISSUE)) {
        HttpJsonClient client = work.attribute(HttpJsonClient.RESOURCE, HttpJsonClient.class);
        HttpJsonResponse answer = client.exchange("PUT", "/issues/1", Map.of("issue", Map.of("subject", "x")),
            Map.of("If-Match", fake.etag("1")));
        assertThat(answer.status()).isEqualTo(204);
        assertThat(answer.body()).isEmpty();
        assertThat(answer.etag()).hasValue(fake.etag("1"));
        assertThat(answer.date()).isPresent();
        assertThat(client.put("/issues/1", Map.of("issue", Map.of("subject", "y")))).isNull();
        assertThatThrownBy(() -> client.exchange("PUT", "/issues/1", Map.of("issue", Map.of("subject", "z")),
            Map.of("If-Match", "\"stale\""))).isInstanceOfSatisfying(BackendRequestError.class, e -> assertThat(e.status()).isEqualTo(412));
      }
    }
  }

  private static Map<String, Object> settings(Map<String, Object> base, String key, Object value) {
    Map<String, Object> out = new java.util.LinkedHashMap<>(base);
    out.put(key, value);
    return out;
  }
}
