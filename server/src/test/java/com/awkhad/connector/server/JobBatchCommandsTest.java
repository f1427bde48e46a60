package com.awkhad.connector.server;

import static com.awkhad.connector.server.JobsCli.cli;
import static com.awkhad.connector.server.JobsCli.config;
import static org.assertj.core.api.Assertions.assertThat;

import com.awkhad.connector.base.addon.AddonLoader;
import com.awkhad.connector.base.db.DatabaseConfig;
import com.awkhad.connector.base.env.Environment;
import com.awkhad.connector.queue.Queue;
import com.awkhad.connector.queue.batch.JobBatches;
import com.awkhad.connector.queue.job.JobJson;
import com.awkhad.connector.queue.recurring.Autovacuum;
import com.awkhad.connector.testkit.Cli;
import com.awkhad.connector.testkit.DbTest;
import com.awkhad.connector.testkit.TestDb;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** {@code jobs batches}, {@code jobs batch ID-or-NAME} and {@code jobs retention} on H2 and PostgreSQL. */
class JobBatchCommandsTest {

  /** Jobs for a batch. */
  public static class Work {
    public void sync(int id) {
      throw new IllegalStateException("remote said no for " + id);
    }

    public void ok(int id) {}
  }

  @DbTest
  void batchesAreListedAndOneIsShownWithItsJobsByIdOrName(TestDb db, @TempDir Path dir) throws Exception {
    Path config = config(db, dir);
    long id;
    String failed;
    String pending;
    try (Environment env = Environment.start(DatabaseConfig.of(db.url(), db.user(), db.password()),
        AddonLoader.resolve(AddonLoader.discover()))) {
      Queue queue = env.service(Queue.class);
      JobBatches batches = JobBatches.of(env);
      batches.create("Import every coffee.product from backend 'shop'");
      id = batches.create("Import every coffee.product from backend 'shop'"); // the same run again: the newest wins by name
      try (JobBatches.Scope scope = JobBatches.open(id)) {
        String done = queue.enqueue(Work.class, w -> w.ok(1)).uuid();
        queue.executor().runNow(done);
        failed = queue.enqueue(Work.class, w -> w.sync(2)).uuid();
        queue.executor().runNow(failed);
        pending = queue.enqueue(Work.class, w -> w.ok(3)).uuid();
      }
    }

    Cli.Result list = cli(db, config, "jobs", "batches");
    assertThat(list.code()).as(list.err()).isZero();
    assertThat(list.out()).contains("ID", "STATE", "TOTAL", "DONE", "FAILED", "NAME", "2 batch(es)");
    String row = list.out().lines().filter(l -> l.startsWith(String.valueOf(id) + " ")).findFirst().orElseThrow();
    assertThat(row.split("\\s+")).startsWith(String.valueOf(id), "progress", "3", "1", "1", "33%");
    assertThat(row).endsWith("Import every coffee.product from backend 'shop'");

    JsonNode json = JobJson.mapper().readTree(cli(db, config, "jobs", "batches", "--json").out());
    assertThat(json.get(0).get("id").asLong()).isEqualTo(id);
    assertThat(json.get(0).get("failed").asInt()).isEqualTo(1);
    assertThat(json.get(1).get("state").asText()).isEqualTo("empty");

    Cli.Result show = cli(db, config, "jobs", "batch", String.valueOf(id));
    assertThat(show.code()).as(show.err()).isZero();
    assertThat(show.out()).contains("state      progress", "1 to run, 1 done, 1 failed, 0 cancelled, 3 total (33% ended)",
        failed, pending, "IllegalStateException", "Requeue the failed ones");
    Cli.Result byName = cli(db, config, "jobs", "batch", "Import every coffee.product from backend 'shop'");
    assertThat(byName.out()).as(byName.err()).contains("id         " + id);
    JsonNode one = JobJson.mapper().readTree(cli(db, config, "jobs", "batch", String.valueOf(id), "--json").out());
    assertThat(one.get("jobs")).hasSize(3);
    assertThat(one.get("jobs").get(1).get("uuid").asText()).isEqualTo(failed);

    Cli.Result jobShow = cli(db, config, "jobs", "show", pending);
    assertThat(jobShow.out()).contains("batch         " + id + " (./connector jobs batch " + id + ")");

    Cli.Result missing = cli(db, config, "jobs", "batch", "999999");
    assertThat(missing.code()).isEqualTo(1);
    assertThat(missing.err()).contains("No job batch 999999", "./connector jobs batches");
  }

  @DbTest
  void retentionShowsTheKeptDaysAndTheAutovacuumAndSetsAChannels(TestDb db, @TempDir Path dir) throws Exception {
    Path config = config(db, dir);
    Cli.Result before = cli(db, config, "jobs", "retention");
    assertThat(before.code()).as(before.err()).isZero();
    assertThat(before.out()).containsPattern("root\\s+30").contains("nearest ancestor's");

    Cli.Result set = cli(db, config, "jobs", "retention", "--set", "root.coffee.import=7");
    assertThat(set.code()).as(set.err()).isZero();
    assertThat(set.out()).contains("Set: the finished jobs of root.coffee.import are kept 7 day(s).")
        .containsPattern("root\\.coffee\\.import\\s+7");
    assertThat(cli(db, config, "jobs", "retention").out()).containsPattern("root\\.coffee\\.import\\s+7")
        .contains("Automatic vacuum: ");

    try (Environment env = Environment.start(DatabaseConfig.of(db.url(), db.user(), db.password()),
        AddonLoader.resolve(AddonLoader.discover()))) {
      assertThat(env.service(Queue.class).admin().removalIntervals()).containsEntry("root.coffee.import", 7);
      Autovacuum.install(env);
    }
    assertThat(cli(db, config, "jobs", "retention").out()).contains("Automatic vacuum: " + Autovacuum.NAME, "next run");

    Cli.Result bad = cli(db, config, "jobs", "retention", "--set", "root.coffee=0");
    assertThat(bad.code()).isNotZero();
    assertThat(bad.err()).contains("keep the jobs at least 1 day", Autovacuum.NAME);
  }
}
