package com.awkhad.connector.queue.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.awkhad.connector.base.addon.BaseAddon;
import com.awkhad.connector.base.db.DatabaseConfig;
import com.awkhad.connector.base.env.Environment;
import com.awkhad.connector.queue.Queue;
import com.awkhad.connector.queue.QueueJobAddon;
import com.awkhad.connector.queue.job.JobHandle;
import com.awkhad.connector.testkit.DbTest;
import com.awkhad.connector.testkit.TestDb;
import java.util.List;

/** Job batches: jobs join the open batch (and so do the jobs they delay); progress and state from their states. */
class JobBatchesTest {

  /** Job bodies: one that delays a child, one that fails. */
  public static class Work {
    private final Environment env;

    public Work(Environment env) {
      this.env = env;
    }

    public void spawn(String name) {
      env.service(Queue.class).enqueue(Work.class, w -> w.ok(name + " child"));
    }

    public void ok(String name) {}

    public void fail(String name) {
      throw new IllegalStateException("fails: " + name);
    }
  }

  @DbTest
  void jobsJoinTheOpenBatchAndItsStateFollowsThem(TestDb db) {
    try (Environment env = Environment.start(DatabaseConfig.of(db.url(), db.user(), db.password()),
        List.of(new BaseAddon(), new QueueJobAddon()))) {
      Queue queue = env.service(Queue.class);
      JobBatches batches = JobBatches.of(env);
      long id = batches.create("Nightly sync");
      assertThat(batches.find(id).orElseThrow().state()).isEqualTo(JobBatch.EMPTY);
      JobHandle spawn;
      JobHandle fail;
      try (JobBatches.Scope scope = JobBatches.open(id)) {
        spawn = queue.enqueue(Work.class, w -> w.spawn("a"));
        fail = queue.enqueue(Work.class, w -> w.fail("b"));
      }
      JobHandle outside = queue.enqueue(Work.class, w -> w.ok("outside"));
      assertThat(queue.job(outside.uuid()).orElseThrow().batchId()).isNull();
      assertThat(batches.find(id).orElseThrow()).satisfies(b -> {
        assertThat(b.state()).isEqualTo(JobBatch.ENQUEUED);
        assertThat(b.total()).isEqualTo(2);
      });

      queue.executor().runNow(spawn.uuid());
      assertThat(JobBatches.current()).as("closed after the run").isEmpty();
      JobBatch progress = batches.find(id).orElseThrow();
      assertThat(progress.total()).as("the child joined the batch").isEqualTo(3);
      assertThat(progress.state()).isEqualTo(JobBatch.PROGRESS);
      assertThat(progress.percentDone()).isEqualTo(33);

      queue.executor().runNow(fail.uuid());
      String child = batches.jobsByState(id, 10).get("pending").get(0);
      queue.executor().runNow(child);
      JobBatch failed = batches.find(id).orElseThrow();
      assertThat(failed.state()).isEqualTo(JobBatch.FAILED);
      assertThat(failed.done()).isEqualTo(2);
      assertThat(failed.failed()).isEqualTo(1);
      assertThat(failed.waiting()).isZero();
      assertThat(failed.lastDone()).isNotNull();

      queue.admin().cancel(List.of(fail.uuid()));
      assertThat(batches.find(id).orElseThrow().state()).isEqualTo(JobBatch.FINISHED);
      assertThat(batches.find(id).orElseThrow().percentDone()).isEqualTo(100);

      long other = batches.create("Empty");
      assertThat(batches.list(10)).extracting(JobBatch::id).containsExactly(other, id);
      assertThat(batches.deleteIfEmpty(other)).isTrue();
      assertThat(batches.deleteIfEmpty(id)).isFalse();
      assertThatThrownBy(() -> batches.create(" ")).hasMessageContaining("needs a name");
    }
  }
}
