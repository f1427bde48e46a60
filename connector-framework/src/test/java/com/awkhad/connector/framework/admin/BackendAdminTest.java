package com.awkhad.connector.framework.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.awkhad.connector.framework.backend.Backend;
import com.awkhad.connector.framework.backend.Backends;
import com.awkhad.connector.framework.backend.Secret;
import com.awkhad.connector.framework.binding.Bindings;
import com.awkhad.connector.framework.testconnector.ConnectorFixture;
import com.awkhad.connector.framework.testconnector.TestConnectorAddon;
import com.awkhad.connector.queue.exec.Outcome;
import com.awkhad.connector.queue.job.JobHandle;
import com.awkhad.connector.queue.job.JobJson;
import com.awkhad.connector.queue.job.JobRecord;
import com.awkhad.connector.queue.recurring.RecurringJob;
import com.awkhad.connector.queue.recurring.RecurringJobs;
import com.awkhad.connector.queue.recurring.Schedule;
import com.awkhad.connector.testkit.DbTest;
import com.awkhad.connector.testkit.TestDb;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/** {@link BackendAdmin} on H2 and PostgreSQL: what the CLI and the REST API do with backends. */
class BackendAdminTest {
  private static final String PRODUCT = TestConnectorAddon.PRODUCT;
  private static final String NEW_SECRET = "adm-N3w-Secret-99";

  private static AdminRefusal refusal(Runnable r) {
    try {
      r.run();
    } catch (AdminRefusal e) {
      return e;
    }
    throw new AssertionError("not refused");
  }

  private static JobRecord job(ConnectorFixture f, JobHandle h) {
    return f.queue.job(h.uuid()).orElseThrow();
  }

  /** Every text column of queue_job and queue_job_recurring, for "the secret is nowhere" checks. */
  private static String everyJobColumn(ConnectorFixture f) {
    return f.env.tx().inTransaction(c -> {
      StringBuilder all = new StringBuilder();
      for (String table : List.of("queue_job", "queue_job_recurring")) {
        try (PreparedStatement ps = c.prepareStatement("SELECT * FROM " + table); ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
              all.append(rs.getString(i)).append('|');
            }
          }
        }
      }
      return all.toString();
    });
  }

  private static List<String> pendingImportsOf42(ConnectorFixture f) {
    return f.env.tx().inTransaction(c -> {
      List<String> out = new java.util.ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT uuid FROM queue_job WHERE state = 'pending'"
          + " AND method_name IN ('importRecord', 'importListedRecord') AND args LIKE '%\"42\"%'");
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
      assertThat(out).isNotEmpty();
      return out;
    });
  }

  @DbTest
  void createFindsTypesAndNamesAndRefusesWhatIsWrongSayingWhatToDo(TestDb db) throws Exception {
    try (ConnectorFixture f = ConnectorFixture.start(db)) {
      BackendAdmin admin = BackendAdmin.of(f.env);
      Backend b = admin.create(TestConnectorAddon.BACKEND, "Shop two", f.shop.url(), null,
          Map.of("http_timeout_seconds", "7", "region", "eu"), Secret.of(NEW_SECRET));
      assertThat(admin.find("Shop two").id()).isEqualTo(b.id());
      assertThat(admin.find(String.valueOf(b.id())).name()).isEqualTo("Shop two");
      // a setting given as text is read as a number where the connector asks for one
      assertThat(b.setting("http_timeout_seconds", Integer.class)).contains(7);

      BackendAdmin.Details d = admin.details("Shop two");
      assertThat(d.secretSet()).isTrue();
      assertThat(d.secretStorage()).isEqualTo("clear");
      assertThat(d.models()).containsExactly(TestConnectorAddon.CATEGORY, PRODUCT);
      String json = JobJson.mapper().writeValueAsString(d);
      assertThat(json).contains("\"secretSet\":true", "Shop two").doesNotContain(NEW_SECRET);
      assertThat(d.toString()).doesNotContain(NEW_SECRET);

      assertThat(refusal(() -> admin.create("tea.backend", "Tea", "http://127.0.0.1:1", null, Map.of(), Secret.none())))
          .satisfies(e -> assertThat(e.reason()).isEqualTo(AdminRefusal.Reason.INVALID))
          .hasMessageContaining("Unknown backend type 'tea.backend'")
          .hasMessageContaining("Known types: test.backend (models test.category.binding, test.product.binding)");
      assertThat(refusal(() -> admin.create(TestConnectorAddon.BACKEND, "shop TWO", f.shop.url(), null, Map.of(),
          Secret.none()))).satisfies(e -> assertThat(e.reason()).isEqualTo(AdminRefusal.Reason.CONFLICT))
          .hasMessageContaining("A backend named 'Shop two' exists already (id " + b.id() + ")");
      assertThat(refusal(() -> admin.create(TestConnectorAddon.BACKEND, "Creds", "https://bob:pw@shop.example/api",
          null, Map.of(), Secret.none()))).hasMessageContaining("holds credentials").hasMessageNotContaining("pw");
      assertThat(refusal(() -> admin.create(TestConnectorAddon.BACKEND, "Pw", f.shop.url(), null,
          Map.of("password", "x"), Secret.none()))).hasMessageContaining("A credential is not a setting");
      assertThat(refusal(() -> admin.find("Shop 2"))).satisfies(e -> assertThat(e.reason())
          .isEqualTo(AdminRefusal.Reason.NOT_FOUND)).hasMessageContaining("No backend named 'Shop 2'")
          .hasMessageContaining("'Test shop' (id " + f.backend.id() + "), 'Shop two' (id " + b.id() + ")");
      assertThat(Backends.of(f.env).list()).hasSize(2);
    }
  }

  @DbTest
  void updateRenamesChangesSettingsAndReplacesOrClearsTheSecret(TestDb db) {
    try (ConnectorFixture f = ConnectorFixture.start(db)) {
      BackendAdmin admin = BackendAdmin.of(f.env);
      Map<String, Object> settings = new HashMap<>();
      settings.put("region", "eu");
      settings.put("http_timeout_seconds", null);
      Backend b = admin.update("Test shop", BackendAdmin.Changes.none().withName("Shop").withVersion("")
          .withSettings(settings).withSecret(Secret.of(NEW_SECRET)));
      assertThat(b.name()).isEqualTo("Shop");
      assertThat(b.version()).isNull();
      assertThat(b.settings()).containsEntry("region", "eu").doesNotContainKey("http_timeout_seconds");
      assertThat(Backends.of(f.env).get(b.id()).secret().reveal()).isEqualTo(NEW_SECRET);
      assertThat(admin.update("Shop", BackendAdmin.Changes.none().withSecret(Secret.none())).secret().isEmpty()).isTrue();
      assertThat(admin.details("Shop").secretSet()).isFalse();
      assertThat(refusal(() -> admin.update("Shop", BackendAdmin.Changes.none()))).hasMessageContaining("Nothing to change");
    }
  }

  @DbTest
  void importsAreDelayedWithTheBackendIdNeverItsSecretAndRunAsJobs(TestDb db) {
    try (ConnectorFixture f = ConnectorFixture.start(db)) {
      f.shop.put("categories", "7", Map.of("title", "Coffee"));
      f.shop.put("products", "42", Map.of("name", "Espresso", "price", "2.50", "category", "7"));
      BackendAdmin admin = BackendAdmin.of(f.env);
      long id = f.backend.id();

      JobHandle changed = admin.importChanged("Test shop", PRODUCT);
      assertThat(job(f, changed).funcName()).isEqualTo("<" + PRODUCT + ">.importSince");
      assertThat(job(f, changed).args()).contains(String.valueOf(id), PRODUCT, "import_test.product.binding_from");
      assertThat(admin.importChanged("Test shop", PRODUCT).existing()).isTrue();   // the same job, not a second one

      JobHandle all = admin.importAll("Test shop", PRODUCT);
      assertThat(job(f, all).funcName()).isEqualTo("<" + PRODUCT + ">.importBatch");
      JobHandle since = admin.importSince("Test shop", PRODUCT, Instant.parse("2026-11-28T10:00:00.123456789Z"));
      assertThat(job(f, since).args()).contains("\"updated_since\"", "2026-11-28T10:00:00.123456Z");
      JobHandle one = admin.importRecord("Test shop", PRODUCT, "42", true);
      assertThat(job(f, one).funcName()).isEqualTo("<" + PRODUCT + ">.importRecord");
      assertThat(job(f, one).args()).contains("\"42\"", "true");
      assertThat(everyJobColumn(f)).doesNotContain(ConnectorFixture.TOKEN);

      Outcome out = f.queue.executor().runNow(changed.uuid());
      assertThat(out).as(out.toString()).isInstanceOf(Outcome.Done.class);
      for (String uuid : pendingImportsOf42(f)) {      // the batch importer delays one job per record
        f.queue.executor().runNow(uuid);
      }
      assertThat(Bindings.of(f.env).byExternal(id, PRODUCT, "42")).isPresent();
      assertThat(Backends.of(f.env).get(id).setting("import_test.product.binding_from", String.class)).isPresent();

      assertThat(refusal(() -> admin.importChanged("Test shop", "test.product")))
          .hasMessageContaining("no binding model 'test.product' (test.product is the local model of"
              + " test.product.binding). Its binding models: test.category.binding, test.product.binding");
      admin.setActive("Test shop", false);
      assertThat(refusal(() -> admin.importAll("Test shop", PRODUCT))).satisfies(e -> assertThat(e.reason())
          .isEqualTo(AdminRefusal.Reason.CONFLICT)).hasMessageContaining("is archived")
          .hasMessageContaining("backends enable");
    }
  }

  @DbTest
  void exportBindsTheRecordOnceAndDelaysItsExport(TestDb db) {
    try (ConnectorFixture f = ConnectorFixture.start(db)) {
      long product = f.env.model("test.product").create(Map.of("name", "Lungo", "price", 3.0));
      BackendAdmin admin = BackendAdmin.of(f.env);
      BackendAdmin.Exported first = admin.export("Test shop", PRODUCT, product);
      assertThat(first.bindingCreated()).isTrue();
      assertThat(job(f, first.job()).funcName()).isEqualTo("<" + PRODUCT + ">.exportRecord");
      assertThat(job(f, first.job()).args()).startsWith("[" + first.bindingId() + ",");
      Outcome out = f.queue.executor().runNow(first.job().uuid());
      assertThat(out).as(out.toString()).isInstanceOf(Outcome.Done.class);
      assertThat(f.shop.all("products").values()).anyMatch(p -> "Lungo".equals(p.get("name")));

      BackendAdmin.Exported again = admin.export("Test shop", PRODUCT, product);
      assertThat(again.bindingCreated()).isFalse();
      assertThat(again.bindingId()).isEqualTo(first.bindingId());
      assertThat(again.externalId()).isNotNull();
      assertThat(refusal(() -> admin.export("Test shop", PRODUCT, 999_999))).satisfies(e -> assertThat(e.reason())
          .isEqualTo(AdminRefusal.Reason.NOT_FOUND)).hasMessageContaining("No test.product record with id 999999");
    }
  }

  @DbTest
  void schedulesAreRecurringJobsOfTheSameCallAsAnImportAndDeleteRemovesThem(TestDb db) throws Exception {
    try (ConnectorFixture f = ConnectorFixture.start(db)) {
      BackendAdmin admin = BackendAdmin.of(f.env);
      long id = f.backend.id();
      BackendAdmin.ScheduleView s = admin.schedule("Test shop", PRODUCT, Schedule.every(Duration.ofMinutes(5)));
      assertThat(s.name()).isEqualTo("backend:" + id + ":import:" + PRODUCT);
      assertThat(s.schedule()).isEqualTo("every 300s");
      RecurringJob r = RecurringJobs.of(f.env).list().get(0);
      JobRecord manual = job(f, admin.importChanged("Test shop", PRODUCT));
      assertThat(r.funcName()).isEqualTo(manual.funcName());
      assertThat(r.args()).isEqualTo(manual.args());   // a scheduled run is exactly "import NAME MODEL"

      admin.schedule("Test shop", PRODUCT, BackendAdmin.schedule(null, "*/15 * * * *", "Europe/Paris"));
      assertThat(admin.details("Test shop").schedules()).singleElement()
          .satisfies(v -> assertThat(v.schedule()).isEqualTo("*/15 * * * * (Europe/Paris)"));

      Properties p = new Properties();
      p.setProperty("schedule.cats.backend", "Test shop");
      p.setProperty("schedule.cats.model", TestConnectorAddon.CATEGORY);
      p.setProperty("schedule.cats.every", "1h");
      admin.apply(ScheduleFile.parse(p, "schedules.properties"));
      assertThat(admin.schedules(id)).extracting(BackendAdmin.ScheduleView::model)
          .containsExactlyInAnyOrder(PRODUCT, TestConnectorAddon.CATEGORY);
      p.setProperty("schedule.bad.backend", "Nope");
      p.setProperty("schedule.bad.model", PRODUCT);
      p.setProperty("schedule.bad.every", "5m");
      assertThat(refusal(() -> admin.apply(ScheduleFile.parse(p, "schedules.properties"))))
          .hasMessageContaining("Schedule 'bad': No backend named 'Nope'").hasMessageContaining("No schedule of the file");

      assertThat(admin.unschedule("Test shop", TestConnectorAddon.CATEGORY)).isTrue();
      assertThat(admin.unschedule("Test shop", TestConnectorAddon.CATEGORY)).isFalse();

      // a backend with bindings is refused unless forced; --force removes bindings and schedules
      long product = f.env.model("test.product").create(Map.of("name", "Lungo"));
      admin.export("Test shop", PRODUCT, product);
      assertThat(refusal(() -> admin.delete("Test shop", false))).satisfies(e -> assertThat(e.reason())
          .isEqualTo(AdminRefusal.Reason.CONFLICT)).hasMessageContaining("has 1 binding(s)")
          .hasMessageContaining("backends disable");
      BackendAdmin.Deleted d = admin.delete("Test shop", true);
      assertThat(d.bindings()).isEqualTo(1);
      assertThat(d.schedules()).isEqualTo(1);
      assertThat(Backends.of(f.env).list()).isEmpty();
      assertThat(RecurringJobs.of(f.env).list()).isEmpty();
      assertThat(f.env.model("test.product").exists(product)).isTrue();
    }
  }

  @DbTest
  void detailsShowTheCircuitOnceNetworkErrorsOpenedIt(TestDb db) {
    try (ConnectorFixture f = ConnectorFixture.start(db)) {
      BackendAdmin admin = BackendAdmin.of(f.env);
      assertThat(admin.details("Test shop").circuit()).isNull();
      f.shop.failNext(3, 503, "{}", null);
      for (int i = 1; i <= 3; i++) {
        String id = "p" + i;
        f.shop.put("products", id, Map.of("name", "Product " + i));
        JobHandle h = admin.importRecord("Test shop", PRODUCT, id, false);
        assertThat(f.queue.executor().runNow(h.uuid())).isInstanceOf(Outcome.Retry.class);
      }
      var circuit = admin.details("Test shop").circuit();
      assertThat(circuit.open()).isTrue();
      assertThat(circuit.reason()).contains("answered HTTP 503");
      assertThat(circuit.nextProbeAt()).isAfter(circuit.openedAt());
    }
  }
}
