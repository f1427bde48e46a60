package com.awkhad.connector.queue.function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.awkhad.connector.base.addon.Addon;
import com.awkhad.connector.base.addon.BaseAddon;
import com.awkhad.connector.base.addon.Manifest;
import com.awkhad.connector.base.db.DatabaseConfig;
import com.awkhad.connector.base.env.Environment;
import com.awkhad.connector.queue.Queue;
import com.awkhad.connector.queue.QueueJobAddon;
import com.awkhad.connector.queue.exec.Outcome;
import com.awkhad.connector.queue.job.JobFunction;
import com.awkhad.connector.queue.job.JobHandle;
import com.awkhad.connector.queue.job.JobOptions;
import com.awkhad.connector.queue.job.JobRecord;
import com.awkhad.connector.queue.job.RetryPattern;
import com.awkhad.connector.queue.job.RetryableJobError;
import com.awkhad.connector.testkit.DbTest;
import com.awkhad.connector.testkit.TestDb;
import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;

/** Job functions keyed by model: each model's settings, from the addon, the configuration and the database. */
class JobFunctionSettingsTest {
  static final String SHOP = "shop.product.binding";
  static final String TRACKER = "tracker.issue.binding";

  /** Jobs whose functions are per model, like the connector layer's ConnectorJobs. */
  public static class ImportJobs implements PerModelJobs {
    public void importRecord(String model, String externalId) {
      throw new RetryableJobError(model + " " + externalId + ": the remote is offline");
    }

    public String importOk(String model, String externalId) {
      return "imported " + model + " " + externalId;
    }
  }

  /** A connector addon declaring the settings of its imports. */
  record ConnectorAddon(String name, String model, String channel, RetryPattern pattern, int maxRetries)
      implements Addon, JobFunctionProvider {
    @Override
    public Manifest manifest() {
      return Manifest.of(name, "1.0").depends("queue_job").build();
    }

    @Override
    public List<JobFunction> jobFunctions() {
      return List.of(JobFunction.of(model, "importRecord").withChannel(channel).withRetryPattern(pattern)
          .withMaxRetries(maxRetries));
    }
  }

  private static Environment start(TestDb db, Addon... connectors) {
    List<Addon> addons = new java.util.ArrayList<>(List.of(new BaseAddon(), new QueueJobAddon()));
    addons.addAll(List.of(connectors));
    return Environment.start(DatabaseConfig.of(db.url(), db.user(), db.password()), addons);
  }

  private static Environment twoConnectors(TestDb db) {
    return start(db,
        new ConnectorAddon("connector_shop", SHOP, "root.shop", RetryPattern.of(java.util.Map.of(1, 7)), 3),
        new ConnectorAddon("connector_tracker", TRACKER, "root.tracker", RetryPattern.of(java.util.Map.of(1, 300)), 8));
  }

  private static JobHandle delayImport(Queue queue, String model, String id) {
    return queue.enqueue(ImportJobs.class, JobOptions.defaults().model(model), j -> j.importRecord(model, id));
  }

  /** Seconds between {@code before} and the retry's eta. */
  private static long retryDelay(Queue queue, JobHandle job) {
    Instant before = Instant.now();
    Outcome outcome = queue.executor().runNow(job.uuid());
    assertThat(outcome).isInstanceOf(Outcome.Retry.class);
    return Duration.between(before, ((Outcome.Retry) outcome).eta()).toSeconds();
  }

  @DbTest
  void twoConnectorsImportFunctionsKeepTheirOwnSettings(TestDb db) {
    try (Environment env = twoConnectors(db)) {
      Queue queue = env.service(Queue.class);
      JobHandle shop = delayImport(queue, SHOP, "42");
      JobHandle tracker = delayImport(queue, TRACKER, "7");

      JobRecord shopJob = queue.job(shop.uuid()).orElseThrow();
      JobRecord trackerJob = queue.job(tracker.uuid()).orElseThrow();
      assertThat(shopJob.funcName()).isEqualTo("<shop.product.binding>.importRecord");
      assertThat(trackerJob.funcName()).isEqualTo("<tracker.issue.binding>.importRecord");
      assertThat(shopJob.channel()).isEqualTo("root.shop");
      assertThat(trackerJob.channel()).isEqualTo("root.tracker");
      assertThat(shopJob.maxRetries()).isEqualTo(3);
      assertThat(trackerJob.maxRetries()).isEqualTo(8);

      assertThat(retryDelay(queue, shop)).isBetween(6L, 60L);
      assertThat(retryDelay(queue, tracker)).isBetween(299L, 360L);

      EffectiveFunction f = queue.effectiveFunction("<shop.product.binding>.importRecord");
      assertThat(f.sources().get(EffectiveFunction.RETRY_PATTERN)).isEqualTo(FunctionSource.ADDON);
      assertThat(f.describeSource(EffectiveFunction.MAX_RETRIES)).isEqualTo("addon connector_shop");
      assertThat(f.describeSource(EffectiveFunction.TIMEOUT_SECONDS)).isEqualTo("default");
      // the options still win over the function
      JobHandle explicit = queue.enqueue(ImportJobs.class, JobOptions.defaults().model(SHOP).maxRetries(1).channel("root.other"),
          j -> j.importRecord(SHOP, "43"));
      assertThat(queue.job(explicit.uuid()).orElseThrow().maxRetries()).isEqualTo(1);
      assertThat(queue.job(explicit.uuid()).orElseThrow().channel()).isEqualTo("root.other");
    }
  }

  @DbTest
  void theConfigurationOverridesTheAddonAndTheDatabaseOverridesBoth(TestDb db) throws Exception {
    try (Environment env = twoConnectors(db)) {
      Queue queue = env.service(Queue.class);
      Properties file = new Properties();
      file.load(new StringReader("""
          db.url = ignored here
          job.function.<shop.product.binding>.importRecord.retry_pattern = {"1": 42}
          job.function.<shop.product.binding>.importRecord.max_retries = 4
          job.function.<shop.product.binding>.importRecord.timeout_seconds = 30
          """));
      queue.configureFunctions("connector.properties", FunctionConfig.parse(file, "/etc/connector.properties"));

      JobHandle shop = delayImport(queue, SHOP, "42");
      assertThat(queue.job(shop.uuid()).orElseThrow().maxRetries()).isEqualTo(4);
      assertThat(queue.job(shop.uuid()).orElseThrow().channel()).isEqualTo("root.shop"); // not configured: the addon's
      assertThat(retryDelay(queue, shop)).isBetween(41L, 100L);
      EffectiveFunction f = queue.effectiveFunction("<shop.product.binding>.importRecord");
      assertThat(f.describeSource(EffectiveFunction.RETRY_PATTERN)).isEqualTo("configuration connector.properties");
      assertThat(f.describeSource(EffectiveFunction.CHANNEL)).isEqualTo("addon connector_shop");
      assertThat(f.settings().timeoutSeconds()).isEqualTo(30);
      // the other connector is untouched
      assertThat(queue.function("<tracker.issue.binding>.importRecord").maxRetries()).isEqualTo(8);

      queue.define(JobFunction.of(SHOP, "importRecord").withMaxRetries(6).withTimeoutSeconds(0));
      f = queue.effectiveFunction("<shop.product.binding>.importRecord");
      assertThat(f.settings().maxRetries()).isEqualTo(6);
      assertThat(f.settings().timeoutSeconds()).isNull(); // 0: none, over the configuration's 30 s
      assertThat(f.sources().get(EffectiveFunction.MAX_RETRIES)).isEqualTo(FunctionSource.DATABASE);
      assertThat(f.sources().get(EffectiveFunction.RETRY_PATTERN)).isEqualTo(FunctionSource.CONFIGURATION);
      assertThat(queue.job(delayImport(queue, SHOP, "44").uuid()).orElseThrow().maxRetries()).isEqualTo(6);

      assertThat(queue.functions()).extracting(EffectiveFunction::name)
          .contains("<shop.product.binding>.importRecord", "<tracker.issue.binding>.importRecord");
    }
  }

  @DbTest
  void jobsStoredUnderTheClassNameStillRunWithThatNamesSettings(TestDb db) {
    try (Environment env = twoConnectors(db)) {
      Queue queue = env.service(Queue.class);
      String oldName = ImportJobs.class.getName() + ".importRecord";
      queue.define(JobFunction.of(ImportJobs.class, "importRecord").withRetryPattern(RetryPattern.of(java.util.Map.of(1, 11))));
      JobHandle failing = delayImport(queue, SHOP, "1");
      JobHandle ok = queue.enqueue(ImportJobs.class, JobOptions.defaults().model(SHOP), j -> j.importOk(SHOP, "2"));
      env.tx().run(c -> {
        try (var ps = c.prepareStatement("UPDATE queue_job SET func_name = ? || '.' || method_name WHERE uuid IN (?, ?)")) {
          ps.setString(1, ImportJobs.class.getName());
          ps.setString(2, failing.uuid());
          ps.setString(3, ok.uuid());
          ps.executeUpdate();
        }
      });
      assertThat(queue.job(failing.uuid()).orElseThrow().funcName()).isEqualTo(oldName);
      assertThat(queue.executor().runNow(ok.uuid())).isInstanceOf(Outcome.Done.class);
      assertThat(retryDelay(queue, failing)).as("the old name's row, not the addon's 7 s").isBetween(10L, 40L);
      assertThat(queue.functions()).extracting(EffectiveFunction::name).contains(oldName);
    }
  }

  @DbTest
  void aPerModelTargetWithoutModelAndTwoOwnersAreRefused(TestDb db) {
    try (Environment env = twoConnectors(db)) {
      Queue queue = env.service(Queue.class);
      assertThatThrownBy(() -> queue.delay(ImportJobs.class).importRecord(SHOP, "1"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("without a model")
          .hasMessageContaining("JobOptions.defaults().model(\"<binding model>\")");
    }
    assertThatThrownBy(() -> start(db,
        new ConnectorAddon("connector_a", SHOP, "root.a", RetryPattern.of(java.util.Map.of(1, 1)), 1),
        new ConnectorAddon("connector_b", SHOP, "root.b", RetryPattern.of(java.util.Map.of(1, 1)), 1)))
        .hasMessageContaining("declared by addon connector_a and by addon connector_b");
  }

  @org.junit.jupiter.api.Test
  void configurationMistakesNameTheKey() throws Exception {
    Properties file = new Properties();
    file.load(new StringReader("job.function.<shop.product.binding>.importRecord.max_retry = 4\n"));
    assertThatThrownBy(() -> FunctionConfig.parse(file, "c.properties"))
        .hasMessageContaining("Key 'job.function.<shop.product.binding>.importRecord.max_retry' in c.properties")
        .hasMessageContaining("max_retries");
    Properties bad = new Properties();
    bad.load(new StringReader("job.function.<shop.product.binding>.importRecord.retry_pattern = {1: 4}\n"));
    assertThatThrownBy(() -> FunctionConfig.parse(bad, "c.properties")).hasMessageContaining("not valid JSON");
  }
}
