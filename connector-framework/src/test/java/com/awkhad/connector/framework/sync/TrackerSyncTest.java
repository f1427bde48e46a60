package com.awkhad.connector.framework.sync;

import static com.awkhad.connector.framework.sync.TrackerConnectorAddon.ISSUE;
import static org.assertj.core.api.Assertions.assertThat;

import com.awkhad.connector.base.addon.BaseAddon;
import com.awkhad.connector.base.db.DatabaseConfig;
import com.awkhad.connector.base.env.Environment;
import com.awkhad.connector.base.model.Domain;
import com.awkhad.connector.component.ComponentAddon;
import com.awkhad.connector.component.WorkContext;
import com.awkhad.connector.component.event.ComponentEventAddon;
import com.awkhad.connector.component.event.NoExport;
import com.awkhad.connector.framework.ConnectorAddon;
import com.awkhad.connector.framework.adapter.HttpJsonClient;
import com.awkhad.connector.framework.backend.Backend;
import com.awkhad.connector.framework.backend.Backends;
import com.awkhad.connector.framework.backend.Secret;
import com.awkhad.connector.framework.binder.Binder;
import com.awkhad.connector.framework.binding.Binding;
import com.awkhad.connector.framework.binding.Bindings;
import com.awkhad.connector.framework.exporter.RecordExporter;
import com.awkhad.connector.framework.importer.BatchImporter;
import com.awkhad.connector.framework.importer.RecordImporter;
import com.awkhad.connector.framework.testconnector.RestFake;
import com.awkhad.connector.queue.QueueJobAddon;
import com.awkhad.connector.testkit.DbTest;
import com.awkhad.connector.testkit.TestDb;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Issue #10 end to end against an API shaped like the real issue tracker (RestFake's defaults),
 * through a connector made of configuration hooks only ({@link TrackerConnectorAddon}), on H2 and
 * PostgreSQL.
 */
class TrackerSyncTest {
  private static final String MARK = "import_issues_from";

  private record Fixture(Environment env, RestFake fake, Backend backend) implements AutoCloseable {
    static Fixture start(TestDb db, RestFake.Builder fake) {
      Environment env = Environment.start(DatabaseConfig.of(db.url(), db.user(), db.password()), List.of(
          new BaseAddon(), new QueueJobAddon(), new ComponentAddon(), new ComponentEventAddon(), new ConnectorAddon(),
          new TrackerConnectorAddon()));
      RestFake f = fake.start();
      Backend backend = Backends.of(env).newBackend("Tracker", TrackerConnectorAddon.BACKEND).location(f.url())
          .setting(HttpJsonClient.API_KEY_HEADER_SETTING, "X-API-Key").setting("http_timeout_seconds", 5)
          .secret(Secret.of("k3y")).create();
      return new Fixture(env, f, backend);
    }

    Backend fresh() {
      return Backends.of(env).get(backend.id());
    }

    int runSince() {
      try (WorkContext work = fresh().workOn(ISSUE)) {
        return work.component(BatchImporter.class, BatchImporter.USAGE).runSince(MARK);
      }
    }

    String importIssue(String id) {
      try (WorkContext work = fresh().workOn(ISSUE)) {
        return work.component(RecordImporter.class, RecordImporter.USAGE).run(id, false);
      }
    }

    String export(long bindingId, List<String> fields) {
      try (WorkContext work = fresh().workOn(ISSUE)) {
        return work.component(RecordExporter.class, RecordExporter.USAGE).run(bindingId, fields);
      }
    }

    Map<String, Object> localIssue(String externalId) {
      try (WorkContext work = fresh().workOn(ISSUE)) {
        long id = work.component(Binder.class, Binder.USAGE).toLocalId(externalId).orElseThrow();
        return env.model("tracker.issue").read(id);
      }
    }

    @Override
    public void close() {
      fake.close();
      env.close();
    }
  }

  private static RestFake.Builder tracker() {
    return RestFake.builder().numberField("number", "ISS-").serverSets(Map.of("status", Map.of("id", 1, "name", "New")));
  }

  @DbTest
  void importsEveryPageFromTheListWithoutReadingEachRecordAgainAndSendsWholeSecondMarks(TestDb db) {
    try (Fixture f = Fixture.start(db, tracker())) {
      f.fake().seed(60, i -> Map.of("subject", "Issue " + i));

      assertThat(f.runSince()).isEqualTo(60);

      assertThat(f.env().model("tracker.issue").count(Domain.all())).isEqualTo(60);
      assertThat(f.localIssue("7")).containsEntry("subject", "Issue 7").containsEntry("status", "New").containsEntry("number", "ISS-7");
      assertThat(f.fake().requests()).extracting(RestFake.Request::uri)
          .containsExactly("/issues?offset=0&limit=25", "/issues?offset=25&limit=25", "/issues?offset=50&limit=25");
      String mark = f.fresh().setting(MARK, String.class).orElseThrow();
      assertThat(mark).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");

      f.fake().clearRequests();
      f.runSince(); // the tracker answers 422 to a fraction: this run must send whole seconds
      assertThat(f.fake().requests()).first().satisfies(r -> assertThat(r.uri()).startsWith("/issues?updated_on=" + mark.replace(":", "%3A")));
      assertThat(f.fake().requests()).allSatisfy(r -> assertThat(r.uri()).doesNotContain("."));
    }
  }

  @DbTest
  void aChangeMadeRightAfterTheTrackerServedTheRecordIsImportedByTheNextRun(TestDb db) {
    try (Fixture f = Fixture.start(db, tracker())) {
      String id = f.fake().seed(Map.of("subject", "Printer on fire"));
      f.fake().afterServe(id, fake -> fake.change(id, Map.of("subject", "Printer out")));

      assertThat(f.importIssue(id)).startsWith("Created tracker.issue #");
      assertThat(f.localIssue(id)).containsEntry("subject", "Printer on fire"); // what was served

      f.runSince();
      assertThat(f.localIssue(id)).containsEntry("subject", "Printer out");
    }
  }

  @DbTest
  void anExportReadsBackWhatTheTrackerSetAndReadsAgainAfterA204(TestDb db) {
    try (Fixture f = Fixture.start(db, tracker())) {
      long local = f.env().model("tracker.issue").create(Map.of("subject", "Coffee machine leaks"));
      Binding binding;
      try (WorkContext work = f.fresh().workOn(ISSUE)) {
        binding = work.component(Binder.class, Binder.USAGE).bindingFor(local);
      }

      assertThat(f.export(binding.id(), null)).isEqualTo("Created tracker.issue.binding '1' from tracker.issue #" + local);

      assertThat(f.env().model("tracker.issue").read(local)).containsEntry("number", "ISS-1").containsEntry("status", "New")
          .containsEntry("subject", "Coffee machine leaks");
      Binding bound = Bindings.of(f.env()).find(binding.id()).orElseThrow();
      assertThat(bound.remoteVersion().updatedAt()).isEqualTo(Instant.parse((String) f.fake().record("1").get("updated_on")));
      assertThat(f.fake().requests()).extracting(r -> r.method() + " " + r.uri()).containsExactly("POST /issues");

      f.fake().clearRequests();
      f.fake().advance(Duration.ofSeconds(3));
      try (NoExport.Scope s = NoExport.scope()) {
        f.env().model("tracker.issue").write(local, Map.of("subject", "Coffee machine leaks badly"));
      }
      f.export(binding.id(), List.of("subject"));

      // the conflict check, the update (204, no body), the read after it
      assertThat(f.fake().requests()).extracting(r -> r.method() + " " + r.uri())
          .containsExactly("GET /issues/1", "PUT /issues/1", "GET /issues/1");
      assertThat(f.fake().requests().get(1).body()).isEqualTo("{\"issue\":{\"subject\":\"Coffee machine leaks badly\"}}");
      Binding updated = Bindings.of(f.env()).find(binding.id()).orElseThrow();
      assertThat(updated.remoteVersion().updatedAt()).isEqualTo(Instant.parse((String) f.fake().record("1").get("updated_on")))
          .isAfter(bound.remoteVersion().updatedAt());
    }
  }

  @DbTest
  void anUpdateOfAnIssueChangedInTheTrackerImportsItsChangesFirst(TestDb db) {
    try (Fixture f = Fixture.start(db, tracker())) {
      String id = f.fake().seed(Map.of("subject", "Printer on fire"));
      f.importIssue(id);
      long local;
      Binding binding;
      try (WorkContext work = f.fresh().workOn(ISSUE)) {
        binding = work.component(Binder.class, Binder.USAGE).toInternal(id).orElseThrow();
        local = binding.localId();
      }
      f.fake().advance(Duration.ofSeconds(2));
      f.fake().change(id, Map.of("status", Map.of("id", 2, "name", "In progress")));
      try (NoExport.Scope s = NoExport.scope()) {
        f.env().model("tracker.issue").write(local, Map.of("subject", "Printer on fire (3rd floor)"));
      }

      assertThat(f.export(binding.id(), List.of("subject"))).contains("imported first");

      assertThat(f.env().model("tracker.issue").read(local)).containsEntry("status", "In progress")
          .containsEntry("subject", "Printer on fire (3rd floor)");
      assertThat(f.fake().record(id)).containsEntry("subject", "Printer on fire (3rd floor)");
      assertThat(((Map<?, ?>) f.fake().record(id).get("status")).get("name")).isEqualTo("In progress");
    }
  }
}
