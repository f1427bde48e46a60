package com.awkhad.connector.server;

import static com.awkhad.connector.server.JobsCli.cli;
import static com.awkhad.connector.server.JobsCli.config;
import static org.assertj.core.api.Assertions.assertThat;

import com.awkhad.connector.base.addon.AddonLoader;
import com.awkhad.connector.base.db.DatabaseConfig;
import com.awkhad.connector.base.env.Environment;
import com.awkhad.connector.framework.ConnectorJobs;
import com.awkhad.connector.framework.backend.Backends;
import com.awkhad.connector.queue.Queue;
import com.awkhad.connector.queue.job.JobOptions;
import com.awkhad.connector.queue.job.JobHandle;
import com.awkhad.connector.queue.job.JobJson;
import com.awkhad.connector.queue.job.JobState;
import com.awkhad.connector.testkit.Cli;
import com.awkhad.connector.testkit.DbTest;
import com.awkhad.connector.testkit.TestDb;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;

class JobsCommandTest {

  /** A job that always fails. */
  public static class Flaky {
    public void sync(int id) {
      throw new IllegalStateException("remote said no for " + id);
    }

    public void ok(int id) {}
  }

  @DbTest
  void listShowRequeueCancelAndSetDoneFromTheCommandLine(TestDb db, @TempDir Path dir) throws Exception {
    Path config = config(db, dir);
    JobHandle failed;
    JobHandle pending;
    JobHandle other;
    try (Environment env = Environment.start(DatabaseConfig.of(db.url(), db.user(), db.password()),
        AddonLoader.resolve(AddonLoader.discover()))) {
      Queue queue = env.service(Queue.class);
      failed = queue.enqueue(Flaky.class, f -> f.sync(7));
      pending = queue.enqueue(Flaky.class, f -> f.ok(8));
      other = queue.enqueue(Flaky.class, f -> f.ok(9));
      queue.executor().runNow(failed.uuid());
      assertThat(queue.job(failed.uuid()).orElseThrow().state()).isEqualTo(JobState.FAILED);
    }

    Cli.Result list = cli(db, config, "jobs", "list", "--state", "failed");
    assertThat(list.code()).as(list.err()).isZero();
    assertThat(list.out()).contains("UUID", failed.uuid(), "failed", "Flaky.sync", "remote said no for 7", "1 job(s)")
        .doesNotContain(pending.uuid());

    Cli.Result json = cli(db, config, "jobs", "list", "--json", "--limit", "10");
    JsonNode array = JobJson.mapper().readTree(json.out());
    assertThat(array.size()).isEqualTo(3);
    assertThat(array.findValuesAsText("uuid")).contains(failed.uuid(), pending.uuid(), other.uuid());

    Cli.Result show = cli(db, config, "jobs", "show", failed.uuid());
    assertThat(show.out()).contains("function", Flaky.class.getName() + ".sync", "arguments     [7]",
        "java.lang.IllegalStateException: remote said no for 7", "trace:");
    assertThat(cli(db, config, "jobs", "show", "nope").code()).isEqualTo(1);

    Cli.Result requeue = cli(db, config, "jobs", "requeue", "--state", "failed");
    assertThat(requeue.code()).isZero();
    assertThat(requeue.out()).contains(failed.uuid() + "  requeued", "1 of 1 job(s) changed");
    assertThat(cli(db, config, "jobs", "list", "--state", "failed").out()).contains("No jobs in state failed.");
    assertThat(cli(db, config, "jobs", "requeue", "--state", "failed").out()).contains("No failed jobs.");

    Cli.Result cancel = cli(db, config, "jobs", "cancel", pending.uuid(), "missing-uuid");
    assertThat(cancel.code()).isEqualTo(1);
    assertThat(cancel.out()).contains(pending.uuid() + "  cancelled", "missing-uuid  no such job");
    Cli.Result done = cli(db, config, "jobs", "done", other.uuid(), "--json");
    assertThat(JobJson.mapper().readTree(done.out()).get(0).get("changed").asBoolean()).isTrue();

    Cli.Result bad = cli(db, config, "jobs", "list", "--state", "broken");
    assertThat(bad.code()).isNotZero();
    assertThat(bad.err()).contains("Unknown job state 'broken'");
    assertThat(list.out() + list.err() + show.out() + show.err()).doesNotContain("password=");
  }

  @DbTest
  void runNowByUuidChannelAndBackendSaysWhatItDidAndWhatItRefused(TestDb db, @TempDir Path dir) throws Exception {
    Path config = config(db, dir);
    JobOptions later = JobOptions.defaults().eta(java.time.Duration.ofHours(1));
    JobHandle scheduled;
    JobHandle failed;
    JobHandle kitchen;
    JobHandle bar;
    JobHandle done;
    try (Environment env = Environment.start(DatabaseConfig.of(db.url(), db.user(), db.password()),
        AddonLoader.resolve(AddonLoader.discover()))) {
      Queue queue = env.service(Queue.class);
      Backends backends = Backends.of(env);
      long kitchenId = backends.newBackend("Kitchen machine", "coffee.backend").location("http://127.0.0.1:8070").create().id();
      long barId = backends.newBackend("Bar machine", "coffee.backend").location("http://127.0.0.1:8071").create().id();
      scheduled = queue.enqueue(Flaky.class, later.channel("root.shop"), f -> f.ok(1));
      failed = queue.enqueue(Flaky.class, f -> f.sync(2));
      queue.executor().runNow(failed.uuid());
      kitchen = queue.enqueue(ConnectorJobs.class, later.model("coffee.product"), j -> j.importBatch(kitchenId, "coffee.product", Map.of()));
      bar = queue.enqueue(ConnectorJobs.class, later.model("coffee.product"), j -> j.importBatch(barId, "coffee.product", Map.of()));
      done = queue.enqueue(Flaky.class, f -> f.ok(3));
      queue.executor().runNow(done.uuid());
    }

    Cli.Result byUuid = cli(db, config, "jobs", "run-now", scheduled.uuid(), failed.uuid());
    assertThat(byUuid.code()).as("a refused job makes the exit status 1").isEqualTo(1);
    assertThat(byUuid.out()).contains(scheduled.uuid() + "  set to run now (was scheduled for ",
        failed.uuid() + "  is failed: to run it again, use requeue (its tries start over)",
        "1 job set to run now (1 scheduled); 1 not changed (1 failed)");

    Cli.Result byBackend = cli(db, config, "jobs", "run-now", "--backend", "Kitchen machine");
    assertThat(byBackend.code()).as(byBackend.err()).isZero();
    assertThat(byBackend.out()).contains(kitchen.uuid() + "  set to run now", "1 job set to run now (1 scheduled)")
        .doesNotContain(bar.uuid());
    assertThat(cli(db, config, "jobs", "list", "--backend", "Bar machine").out()).contains(bar.uuid())
        .doesNotContain(kitchen.uuid());
    Cli.Result none = cli(db, config, "jobs", "run-now", "--state", "pending", "--channel", "shop");
    assertThat(none.code()).isZero();
    assertThat(none.out()).contains("No waiting job: no pending job with an eta in the future in channel root.shop");
    Cli.Result unknown = cli(db, config, "jobs", "run-now", "--backend", "Garage");
    assertThat(unknown.code()).isEqualTo(2);
    assertThat(unknown.err()).contains("No backend named 'Garage'. Backends: 'Kitchen machine' (id ", "'Bar machine' (id ");
    Cli.Result wrongState = cli(db, config, "jobs", "run-now", "--state", "failed");
    assertThat(wrongState.err()).contains("run-now takes pending jobs, not failed: to run them again, use:"
        + " ./connector jobs requeue --state failed");
    assertThat(cli(db, config, "jobs", "run-now").err()).contains("Give job uuids, or a filter: --state pending");
    Cli.Result json = cli(db, config, "jobs", "run-now", "--backend", "Bar machine", "--json");
    JsonNode results = JobJson.mapper().readTree(json.out());
    assertThat(results.get(0).get("uuid").asText()).isEqualTo(bar.uuid());
    assertThat(results.get(0).get("was").asText()).isEqualTo("scheduled");

    Cli.Result requeuePending = cli(db, config, "jobs", "requeue", scheduled.uuid());
    assertThat(requeuePending.code()).isEqualTo(1);
    assertThat(requeuePending.out()).contains("is pending: requeue takes failed, cancelled or done jobs; to run it at once, use run-now");
    assertThat(cli(db, config, "jobs", "requeue", "--state", "pending").err())
        .contains("to run waiting jobs at once, use: ./connector jobs run-now --state pending");
    Cli.Result requeueDone = cli(db, config, "jobs", "requeue", done.uuid());
    assertThat(requeueDone.code()).isZero();
    assertThat(requeueDone.out()).contains(done.uuid() + "  requeued: it runs again");
  }
}
