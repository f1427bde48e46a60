package com.awkhad.connector.queue;

import static com.awkhad.connector.queue.delay.JobGraph.chain;
import static com.awkhad.connector.queue.delay.JobGraph.group;
import static org.assertj.core.api.Assertions.assertThat;

import com.awkhad.connector.base.env.Environment;
import com.awkhad.connector.queue.delay.Delayable;
import com.awkhad.connector.queue.job.JobFunction;
import com.awkhad.connector.queue.job.JobHandle;
import com.awkhad.connector.queue.job.JobOptions;
import com.awkhad.connector.queue.job.JobState;
import com.awkhad.connector.queue.job.RetryPattern;
import com.awkhad.connector.queue.job.RetryableJobError;
import com.awkhad.connector.queue.testing.JobsTrap;
import com.awkhad.connector.testkit.DbTest;
import com.awkhad.connector.testkit.TestDb;
import java.time.Duration;
import java.util.List;

/** The examples of docs/jobs.md, kept compiling and passing here. */
class JobsGuideExamplesTest {

  // --- guide: a job target
  public static class ProductExporter {
    private final Environment env;

    public ProductExporter(Environment env) { // built per execution with the environment
      this.env = env;
    }

    public void exportRecord(long bindingId) {
      if (bindingId < 0) {
        throw new RetryableJobError("Shop offline", 30); // pending again, in 30 s
      }
      new QueueFixture.Notes(env).add("exported " + bindingId); // this write commits with the job
    }
  }
  // --- end

  @DbTest
  void delayingACall(TestDb db) {
    try (QueueFixture f = QueueFixture.start(db)) {
      Environment env = f.env;
      // --- guide: delay
      Queue queue = env.service(Queue.class);
      queue.delay(ProductExporter.class).exportRecord(42L);

      JobHandle job = queue.enqueue(ProductExporter.class,
          JobOptions.defaults().priority(5).eta(Duration.ofMinutes(10)).channel("root.shop"),
          exporter -> exporter.exportRecord(43L));
      // --- end
      assertThat(f.job(job.uuid()).priority()).isEqualTo(5);
      assertThat(f.count("")).isEqualTo(2);

      // --- guide: transactional
      env.tx().run(c -> {
        // ... business writes on c ...
        queue.delay(ProductExporter.class).exportRecord(44L); // stored only if this block commits
      });
      // --- end
      assertThat(f.count("")).isEqualTo(3);
    }
  }

  @DbTest
  void retriesAndIdentityKeys(TestDb db) {
    try (QueueFixture f = QueueFixture.start(db)) {
      Queue queue = f.queue;
      // --- guide: retry pattern
      queue.define(JobFunction.of(ProductExporter.class, "exportRecord")
          .withChannel("root.shop")
          .withRetryPattern(RetryPattern.builder().after(1, 60).after(3, 300).after(5, 1800, 3600).build()));
      // --- end
      // --- guide: identity
      JobOptions once = JobOptions.defaults().identityExact();
      JobHandle first = queue.enqueue(ProductExporter.class, once, e -> e.exportRecord(42L));
      JobHandle second = queue.enqueue(ProductExporter.class, once, e -> e.exportRecord(42L));
      assert second.existing() && second.uuid().equals(first.uuid());
      // --- end
      assertThat(second.uuid()).isEqualTo(first.uuid());
      assertThat(f.job(first.uuid()).channel()).isEqualTo("root.shop");
      JobHandle offline = queue.enqueue(ProductExporter.class, e -> e.exportRecord(-1L));
      queue.executor().runNow(offline.uuid());
      assertThat(f.job(offline.uuid()).state()).isEqualTo(JobState.PENDING);
    }
  }

  @DbTest
  void graphs(TestDb db) {
    try (QueueFixture f = QueueFixture.start(db)) {
      Queue queue = f.queue;
      // --- guide: graph
      Delayable first = queue.delayable(ProductExporter.class, e -> e.exportRecord(1L));
      Delayable a = queue.delayable(ProductExporter.class, e -> e.exportRecord(2L));
      Delayable b = queue.delayable(ProductExporter.class, JobOptions.defaults().priority(5), e -> e.exportRecord(3L));
      Delayable last = queue.delayable(ProductExporter.class, e -> e.exportRecord(4L));
      List<JobHandle> jobs = chain(first, group(a, b), last).delay(); // one graph uuid for the four
      // --- end
      assertThat(jobs).hasSize(4);
      assertThat(f.job(last.handle().uuid()).state()).isEqualTo(JobState.WAIT_DEPENDENCIES);
    }
  }

  @DbTest
  void jobsTrap(TestDb db) {
    try (QueueFixture f = QueueFixture.start(db)) {
      Queue queue = f.queue;
      // --- guide: trap
      try (JobsTrap trap = JobsTrap.install(queue)) {
        queue.delay(ProductExporter.class, JobOptions.defaults().priority(5)).exportRecord(42L);

        trap.assertJobsCount(1);
        trap.assertJobsCount(1, ProductExporter.class, "exportRecord");
        trap.assertEnqueued(ProductExporter.class, JobOptions.defaults().priority(5), e -> e.exportRecord(42L));
        trap.performEnqueuedJobs(); // runs it here, now
      }
      // --- end
      assertThat(f.notes()).containsExactly("exported 42");
      assertThat(f.count("")).isZero();
      // --- guide: no delay
      try (Queue.Scope inline = queue.noDelay()) {
        queue.delay(ProductExporter.class).exportRecord(7L); // runs now, in this transaction
      }
      // --- end
      assertThat(f.notes()).containsExactly("exported 42", "exported 7");
    }
  }
}
