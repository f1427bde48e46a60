package com.awkhad.connector.framework.backend;

import static com.awkhad.connector.framework.testconnector.TestConnectorAddon.PRODUCT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.awkhad.connector.base.addon.Addon;
import com.awkhad.connector.base.addon.BaseAddon;
import com.awkhad.connector.base.addon.Manifest;
import com.awkhad.connector.base.db.DatabaseConfig;
import com.awkhad.connector.base.env.Environment;
import com.awkhad.connector.component.ComponentAddon;
import com.awkhad.connector.component.RecordRef;
import com.awkhad.connector.component.WorkContext;
import com.awkhad.connector.component.event.ComponentEventAddon;
import com.awkhad.connector.framework.ConnectorAddon;
import com.awkhad.connector.framework.ConnectorJobs;
import com.awkhad.connector.framework.adapter.HttpJsonClient;
import com.awkhad.connector.framework.exception.ConnectorException;
import com.awkhad.connector.framework.testconnector.ConnectorFixture;
import com.awkhad.connector.framework.testconnector.TestConnectorAddon;
import com.awkhad.connector.queue.Queue;
import com.awkhad.connector.queue.QueueJobAddon;
import com.awkhad.connector.testkit.DbTest;
import com.awkhad.connector.testkit.TestDb;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** Backends: settings, the secret, work contexts and their resources, on H2 and PostgreSQL. */
class BackendTest {

  @DbTest
  void aSummaryNamesTheSettingsWithoutTheirValuesNorTheSecret(TestDb db) {
    try (ConnectorFixture f = ConnectorFixture.start(db)) {
      Backends backends = Backends.of(f.env);
      backends.updateSettings(f.backend.id(), Map.of("region", "eu-secret-region"));
      Backends.Summary s = backends.summaries().get(0);
      assertThat(s.settingNames()).containsExactly("http_timeout_seconds", "region");
      assertThat(s.toString()).doesNotContain("eu-secret-region").doesNotContain(ConnectorFixture.TOKEN);

      f.env.tx().run(c -> {
        try (var ps = c.prepareStatement("UPDATE connector_backend SET settings = ? WHERE id = ?")) {
          ps.setString(1, "[\"not\", \"an object\"]");
          ps.setLong(2, f.backend.id());
          ps.executeUpdate();
        }
      });
      assertThat(backends.summaries().get(0).settingNames()).isEmpty(); // a listing never fails on a bad column
    }
  }

  /** The export job's first read: a binding's backend (as get gives it) and its model, in one statement. */
  @DbTest
  void aBindingsBackendAndModelAreReadTogether(TestDb db) {
    try (ConnectorFixture f = ConnectorFixture.start(db)) {
      Backends backends = Backends.of(f.env);
      backends.updateSettings(f.backend.id(), Map.of("region", "eu"));
      long product = f.env.model("test.product").create(Map.of("name", "Espresso", "price", 2.5));
      long binding = com.awkhad.connector.framework.binding.Bindings.of(f.env)
          .create(f.backend.id(), PRODUCT, "test.product", product, "P-1", null, Map.of()).id();

      Backends.OfBinding of = backends.ofBinding(binding).orElseThrow();
      assertThat(of.bindingModel()).isEqualTo(PRODUCT);
      Backend byId = backends.get(f.backend.id());
      assertThat(of.backend()).usingRecursiveComparison().ignoringFields("backends").isEqualTo(byId);
      assertThat(of.backend().secret().reveal()).isEqualTo(ConnectorFixture.TOKEN);
      assertThat(of.backend().setting("region", String.class)).contains("eu");
      assertThat(backends.ofBinding(binding + 1000)).as("no such binding").isEmpty();
    }
  }

  @DbTest
  void aBackendKeepsItsSettingsAsJsonAndItsSecretOutOfModelReads(TestDb db) {
    try (ConnectorFixture f = ConnectorFixture.start(db)) {
      Backends backends = Backends.of(f.env);
      backends.updateSettings(f.backend.id(), Map.of("cups_per_day", 12));
      backends.updateSettings(f.backend.id(), Map.of("region", "eu"));
      Backend shop = backends.get(f.backend.id());

      assertThat(shop.type()).isEqualTo("test.backend");
      assertThat(shop.setting("cups_per_day", Integer.class)).contains(12);
      assertThat(shop.setting("cups_per_day", Long.class)).contains(12L);
      assertThat(shop.setting("region", String.class)).contains("eu");
      assertThat(shop.setting("missing", String.class)).isEmpty();
      assertThatThrownBy(() -> shop.setting("region", Integer.class))
          .isInstanceOf(ConnectorException.class)
          .hasMessage("Setting 'region' of backend 'Test shop' (id " + shop.id() + ") is a String, not a Integer: fix it with"
              + " Backends.updateSettings");
      assertThat(shop.secret().reveal()).isEqualTo(ConnectorFixture.TOKEN);

      Map<String, Object> row = f.env.model("connector.backend").read(shop.id());
      assertThat(row).doesNotContainKey("secret");
      assertThat(row.toString()).doesNotContain(ConnectorFixture.TOKEN);
      assertThat(row.get("settings")).isEqualTo(Map.of("http_timeout_seconds", 5, "cups_per_day", 12, "region", "eu"));
      assertThat(shop.toString()).isEqualTo("Backend[id=" + shop.id() + ", name=Test shop, type=test.backend, location="
          + f.shop.url() + ", version=1, active=true, settings=[http_timeout_seconds, cups_per_day, region], secret=Secret[***]]");

      backends.setSecret(shop.id(), Secret.of("rotated"));
      assertThat(backends.get(shop.id()).secret().reveal()).isEqualTo("rotated");
      backends.setSecret(shop.id(), Secret.none());
      assertThat(backends.get(shop.id()).secret().isEmpty()).isTrue();
      assertThat(backends.active("test.backend")).extracting(Backend::id).containsExactly(shop.id());
      backends.setActive(shop.id(), false);
      assertThat(backends.active("test.backend")).isEmpty();
      assertThat(new ConnectorJobs(f.env).importRecord(shop.id(), PRODUCT, "42", false))
          .startsWith("Backend 'Test shop' (id " + shop.id() + ") is archived: nothing done.");
    }
  }

  @DbTest
  void aSecretCannotBeAJobArgument(TestDb db) {
    try (ConnectorFixture f = ConnectorFixture.start(db)) {
      assertThatThrownBy(() -> f.queue.delay(SecretTaker.class).login(f.backend.secret()))
          .hasMessageContaining("A backend Secret cannot be written to JSON")
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain(ConnectorFixture.TOKEN));
    }
  }

  /** A job target that wrongly takes a secret. */
  public static class SecretTaker {
    public void login(Secret secret) {}
  }

  @DbTest
  void unknownTypesAndBackendsAreClearErrors(TestDb db) {
    try (ConnectorFixture f = ConnectorFixture.start(db)) {
      Backends backends = Backends.of(f.env);
      assertThatThrownBy(() -> backends.newBackend("Tea", "tea.backend"))
          .isInstanceOf(ConnectorException.class)
          .hasMessage("No backend type 'tea.backend' is declared. Declared types: [test.backend]. Start the connector addon that"
              + " declares it (its addon class implements BackendTypeProvider).");
      assertThatThrownBy(() -> backends.get(999))
          .hasMessage("No connector backend with id 999: it was deleted, or the id is wrong. List the backends with Backends.list()");
      assertThatThrownBy(() -> f.backend.backendType().localModelOf("test.order.binding"))
          .hasMessage("Backend type 'test.backend' declares no binding model 'test.order.binding'. Its binding models:"
              + " [test.category.binding, test.product.binding]. Declare it with BackendType.builder(\"test.backend\")"
              + ".binding(\"test.order.binding\", \"<local model>\")");
      assertThatThrownBy(() -> BackendType.builder("Coffee"))
          .hasMessage("Invalid backend type name 'Coffee': use dotted lower-case words such as coffee.backend or coffee.product");
    }
  }

  static final AtomicInteger OPENED = new AtomicInteger();
  static final AtomicInteger CLOSED = new AtomicInteger();

  /** A second connector whose backend type opens a counting resource. */
  static final class CountingAddon implements Addon, BackendTypeProvider {
    @Override
    public Manifest manifest() {
      return Manifest.of("test_counting", "1.0").depends("connector").build();
    }

    @Override
    public List<BackendType> backendTypes() {
      return List.of(BackendType.builder("counting.backend")
          .binding("counting.thing", "connector.backend")
          .resource("session", backend -> {
            OPENED.incrementAndGet();
            return CLOSED::incrementAndGet;
          })
          .build());
    }
  }

  @DbTest
  void workOnGivesAWorkContextOnTheBackendThatOpensItsResourcesOnceAndClosesThem(TestDb db) {
    OPENED.set(0);
    CLOSED.set(0);
    try (Environment env = Environment.start(DatabaseConfig.of(db.url(), db.user(), db.password()), List.of(new BaseAddon(),
        new QueueJobAddon(), new ComponentAddon(), new ComponentEventAddon(), new ConnectorAddon(), new CountingAddon()))) {
      Backend backend = Backends.of(env).newBackend("Counter", "counting.backend").create();

      try (WorkContext work = backend.workOn("counting.thing")) {
        assertThat(work.collectionName()).isEqualTo("counting.backend");
        assertThat(work.collectionRecord()).contains(new RecordRef("counting.backend", backend.id()));
        assertThat(work.attribute(Backend.ATTRIBUTE, Backend.class).id()).isEqualTo(backend.id());
        assertThat(OPENED).hasValue(0); // lazy
        Object session = work.attribute("session", AutoCloseable.class);
        assertThat(work.workOn("other.model").attribute("session", AutoCloseable.class)).isSameAs(session);
        assertThat(OPENED).hasValue(1);
        assertThat(CLOSED).hasValue(0);
      }
      assertThat(CLOSED).hasValue(1);
      assertThat(env.service(Queue.class)).isNotNull();

      // the job context (in a job: the one it was enqueued with) is an attribute of the work context
      com.awkhad.connector.queue.job.JobContext ctx =
          com.awkhad.connector.queue.job.JobContext.builder().user("alice").tenant("acme").build();
      try (WorkContext none = backend.workOn("counting.thing")) {
        assertThat(none.hasAttribute(com.awkhad.connector.queue.job.JobContext.ATTRIBUTE)).isFalse();
      }
      try (com.awkhad.connector.queue.job.JobContext.Scope scope = com.awkhad.connector.queue.job.JobContext.open(ctx);
          WorkContext work = backend.workOn("counting.thing")) {
        assertThat(work.attribute(com.awkhad.connector.queue.job.JobContext.ATTRIBUTE,
            com.awkhad.connector.queue.job.JobContext.class)).isEqualTo(ctx);
        assertThat(work.workOn("other.model").attribute(com.awkhad.connector.queue.job.JobContext.ATTRIBUTE,
            com.awkhad.connector.queue.job.JobContext.class).user()).contains("alice");
      }
    }
  }

  @DbTest
  void theHttpClientRefusesALocationHoldingCredentials(TestDb db) {
    try (ConnectorFixture f = ConnectorFixture.start(db)) {
      Backend leaky = Backends.of(f.env).newBackend("Leaky", TestConnectorAddon.BACKEND)
          .location("http://user:pass@127.0.0.1:1").create();
      assertThatThrownBy(() -> HttpJsonClient.forBackend(leaky))
          .hasMessage("The location of backend 'Leaky' holds credentials (user:password@): remove them and store the credential"
              + " as the backend's secret, sent in a header");
      Backend nowhere = Backends.of(f.env).newBackend("Nowhere", TestConnectorAddon.BACKEND).create();
      assertThatThrownBy(() -> HttpJsonClient.forBackend(nowhere))
          .hasMessageStartingWith("Backend 'Nowhere' (id " + nowhere.id() + ") has no location");
    }
  }

  private static final String KEY = java.util.Base64.getEncoder().encodeToString(new byte[] {
      9, 8, 7, 6, 5, 4, 3, 2, 1, 0, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32});
  private static final String OTHER_KEY = java.util.Base64.getEncoder().encodeToString(new byte[] {
      1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32});

  private static Backends withKey(ConnectorFixture f, String key) {
    return new Backends(f.env, Backends.of(f.env).types().values(), SecretBox.of(key));
  }

  private static String storedSecret(ConnectorFixture f, long id) {
    return f.env.tx().inTransaction(c -> {
      try (java.sql.PreparedStatement ps = c.prepareStatement("SELECT secret FROM connector_backend WHERE id = ?")) {
        ps.setLong(1, id);
        try (java.sql.ResultSet rs = ps.executeQuery()) {
          rs.next();
          return rs.getString(1);
        }
      }
    });
  }

  @DbTest
  void withAKeyTheSecretIsStoredEncryptedAndReadBackOnlyWithThatKey(TestDb db) {
    try (ConnectorFixture f = ConnectorFixture.start(db)) {
      Backends keyed = withKey(f, KEY);
      assertThat(keyed.encryptsSecrets()).isTrue();
      Backend made = keyed.newBackend("Vaulted shop", "test.backend").location(f.shop.url()).version("1")
          .secret(Secret.of("s3cr3t-token")).create();
      String stored = storedSecret(f, made.id());
      assertThat(stored).startsWith("enc:v1:").doesNotContain("s3cr3t-token");
      assertThat(keyed.get(made.id()).secret().reveal()).isEqualTo("s3cr3t-token");
      // the same secret twice gives two different texts (a fresh nonce each time)
      keyed.setSecret(made.id(), Secret.of("s3cr3t-token"));
      assertThat(storedSecret(f, made.id())).startsWith("enc:v1:").isNotEqualTo(stored);

      assertThatThrownBy(() -> withKey(f, null).get(made.id()))
          .isInstanceOf(ConnectorException.class)
          .hasMessageContaining("backend 'Vaulted shop' is encrypted at rest").hasMessageContaining("CONNECTOR_SECRET_KEY");
      assertThatThrownBy(() -> withKey(f, OTHER_KEY).get(made.id()))
          .isInstanceOf(ConnectorException.class)
          .hasMessageContaining("cannot be decrypted").hasMessageContaining("another key")
          .hasMessageNotContaining("s3cr3t-token");
    }
  }

  @DbTest
  void aSecretStoredInClearStaysReadableOnceAKeyIsSetAndIsEncryptedWhenSetAgain(TestDb db) {
    try (ConnectorFixture f = ConnectorFixture.start(db)) {
      Backends clear = withKey(f, "");
      assertThat(clear.encryptsSecrets()).isFalse();
      clear.setSecret(f.backend.id(), Secret.of("plain-token"));
      assertThat(storedSecret(f, f.backend.id())).isEqualTo("plain-token");

      Backends keyed = withKey(f, KEY);
      assertThat(keyed.get(f.backend.id()).secret().reveal()).isEqualTo("plain-token");
      keyed.setSecret(f.backend.id(), keyed.get(f.backend.id()).secret());
      assertThat(storedSecret(f, f.backend.id())).startsWith("enc:v1:");
      assertThat(keyed.get(f.backend.id()).secret().reveal()).isEqualTo("plain-token");
    }
  }

  @org.junit.jupiter.api.Test
  void aKeyThatIsNotThirtyTwoBytesOfBase64IsRefusedWithHowToMakeOne() {
    assertThatThrownBy(() -> SecretBox.of("too-short"))
        .isInstanceOf(ConnectorException.class)
        .hasMessageContaining("CONNECTOR_SECRET_KEY must be 32 random bytes in base64")
        .hasMessageContaining("openssl rand -base64 32")
        .hasMessageNotContaining("too-short");
    assertThatThrownBy(() -> SecretBox.of(java.util.Base64.getEncoder().encodeToString(new byte[16])))
        .hasMessageContaining("32 random bytes");
  }

  @DbTest
  void aRotationReadsWithThePreviousKeyAndSealSecretsRewritesWithTheNewOne(TestDb db) {
    try (ConnectorFixture f = ConnectorFixture.start(db)) {
      Backends old = withKey(f, KEY);
      old.setSecret(f.backend.id(), Secret.of("rotating-token"));
      String before = storedSecret(f, f.backend.id());

      Backends rotating = new Backends(f.env, Backends.of(f.env).types().values(), SecretBox.of(OTHER_KEY, KEY));
      assertThat(rotating.get(f.backend.id()).secret().reveal()).isEqualTo("rotating-token");
      assertThat(rotating.sealSecrets()).isEqualTo(1);
      assertThat(storedSecret(f, f.backend.id())).startsWith("enc:v1:").isNotEqualTo(before);
      assertThat(rotating.sealSecrets()).isZero(); // nothing left for the old key

      assertThat(withKey(f, OTHER_KEY).get(f.backend.id()).secret().reveal()).isEqualTo("rotating-token");
      assertThatThrownBy(() -> withKey(f, KEY).get(f.backend.id()))
          .hasMessageContaining("cannot be decrypted").hasMessageContaining("CONNECTOR_SECRET_KEY_PREVIOUS");
      assertThatThrownBy(() -> SecretBox.of(null, KEY))
          .hasMessageContaining("CONNECTOR_SECRET_KEY_PREVIOUS is set but CONNECTOR_SECRET_KEY is not");
    }
  }
}
