package com.awkhad.connector.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.awkhad.connector.base.env.Environment;
import com.awkhad.connector.queue.QueueFixture.Notes;
import com.awkhad.connector.queue.job.JobFunction;
import com.awkhad.connector.queue.job.JobHandle;
import com.awkhad.connector.queue.job.JobOptions;
import com.awkhad.connector.queue.job.JobRecord;
import com.awkhad.connector.queue.job.JobState;
import com.awkhad.connector.queue.store.EnqueueListener;
import com.awkhad.connector.testkit.DbTest;
import com.awkhad.connector.testkit.TestDb;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

class DelayTest {

  /** A job target with several argument types. */
  public static class ProductExporter {
    public ProductExporter(Environment env) {}

    public void exportRecord(long bindingId) {}

    public void exportFields(long bindingId, List<String> fields, Map<String, Integer> counts, LocalDate since) {}

    public void exportStream(Object anything) {}

    public final void finalMethod(long id) {}
  }

  public static final class Sealed {
    public void run() {}
  }

  /** A value Jackson writes but cannot read back (no creator). */
  public static class WriteOnly {
    private final int x;

    public WriteOnly(int x, int y) {
      this.x = x + y;
    }

    public int getX() {
      return x;
    }
  }

  /** No constructor the queue can use, and no factory registered. */
  public static class NeedsAFactory {
    public NeedsAFactory(String apiKey) {}

    public void run(int id) {}
  }

  public static class TakesWriteOnly {
    public void take(WriteOnly value) {}
  }

  @DbTest
  void aTypedDelayStoresTheCallWithDefaultOptions(TestDb db) {
    try (QueueFixture f = QueueFixture.start(db)) {
      f.queue.delay(ProductExporter.class).exportFields(7L, List.of("name", "price"), Map.of("a", 1), LocalDate.of(2026, 1, 2));

      List<JobRecord> jobs = f.queue.admin().list(com.awkhad.connector.queue.read.JobFilter.all());
      assertThat(jobs).hasSize(1);
      JobRecord job = jobs.get(0);
      assertThat(job.state()).isEqualTo(JobState.PENDING);
      assertThat(job.funcName()).isEqualTo(ProductExporter.class.getName() + ".exportFields");
      assertThat(job.targetClass()).isEqualTo(ProductExporter.class.getName());
      assertThat(job.methodName()).isEqualTo("exportFields");
      assertThat(job.args()).isEqualTo("[7,[\"name\",\"price\"],{\"a\":1},\"2026-01-02\"]");
      assertThat(job.priority()).isEqualTo(10);
      assertThat(job.maxRetries()).isEqualTo(5);
      assertThat(job.channel()).isEqualTo("root");
      assertThat(job.eta()).isNull();
      assertThat(job.identityKey()).isNull();
      assertThat(job.description()).isEqualTo("ProductExporter.exportFields");
      assertThat(job.graphUuid()).isNull();
      assertThat(job.dateCreated()).isNotNull();
    }
  }

  @DbTest
  void optionsAndTheFunctionsChannelAreStored(TestDb db) {
    try (QueueFixture f = QueueFixture.start(db)) {
      f.queue.define(JobFunction.of(ProductExporter.class, "exportRecord").withChannel("root.exports"));
      Instant at = Instant.parse("2030-01-01T10:00:00Z");
      JobHandle configured = f.queue.enqueue(ProductExporter.class, e -> e.exportRecord(1L));
      JobHandle explicit = f.queue.enqueue(ProductExporter.class, JobOptions.defaults().priority(3).eta(at).maxRetries(0)
          .channel("coffee").description("Export the coffee").identityKey("export-2"), e -> e.exportRecord(2L));
      Instant before = Instant.now();
      JobHandle relative = f.queue.enqueue(ProductExporter.class, JobOptions.defaults().etaSeconds(90), e -> e.exportRecord(3L));

      assertThat(f.job(configured.uuid()).channel()).isEqualTo("root.exports");
      JobRecord e = f.job(explicit.uuid());
      assertThat(List.of(e.priority(), e.maxRetries())).containsExactly(3, 0);
      assertThat(e.eta()).isEqualTo(at);
      assertThat(e.channel()).isEqualTo("root.coffee");
      assertThat(e.description()).isEqualTo("Export the coffee");
      assertThat(e.identityKey()).isEqualTo("export-2");
      assertThat(f.job(relative.uuid()).eta()).isBetween(before.plusSeconds(89), Instant.now().plus(Duration.ofSeconds(91)));
    }
  }

  @DbTest
  void whatCannotBeStoredIsRefusedAtEnqueueWithAClearMessage(TestDb db) {
    try (QueueFixture f = QueueFixture.start(db)) {
      assertThatThrownBy(() -> f.queue.delay(ProductExporter.class).exportStream(new Object()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("argument 1 'anything' of ProductExporter.exportStream (a java.lang.Object)")
          .hasMessageContaining("cannot be serialized to JSON");
      assertThatThrownBy(() -> f.queue.delay(TakesWriteOnly.class).take(new WriteOnly(1, 2)))
          .hasMessageContaining("argument 1 'value' of TakesWriteOnly.take")
          .hasMessageContaining("cannot be read back as " + WriteOnly.class.getName());
      assertThatThrownBy(() -> f.queue.delay(NeedsAFactory.class).run(1))
          .hasMessageContaining("the queue could not create a NeedsAFactory to run it")
          .hasMessageContaining("queue.targets().register(NeedsAFactory.class, env -> ...)");
      f.queue.targets().register(NeedsAFactory.class, env -> new NeedsAFactory("k"));
      f.queue.delay(NeedsAFactory.class).run(1);
      assertThat(f.count("")).isEqualTo(1);
      f.env.tx().run(c -> c.createStatement().executeUpdate("DELETE FROM queue_job"));
      assertThatThrownBy(() -> f.queue.delay(Sealed.class))
          .hasMessageContaining("Sealed: the class is final");
      assertThatThrownBy(() -> f.queue.enqueue(ProductExporter.class, e -> {}))
          .hasMessageContaining("must call exactly one public method of ProductExporter on its argument; it made 0 call(s)");
      assertThat(f.count("")).isZero();
    }
  }

  @DbTest
  void anEnqueueCommitsOrRollsBackWithItsCallersTransaction(TestDb db) {
    try (QueueFixture f = QueueFixture.start(db)) {
      assertThatThrownBy(() -> f.env.tx().run(c -> {
        new Notes(f.env).add("business write");
        f.queue.delay(Notes.class).add("job");
        throw new IllegalStateException("the business operation fails");
      })).hasMessageContaining("the business operation fails");
      assertThat(f.count("")).isZero();
      assertThat(f.notes()).isEmpty();

      f.env.tx().run(c -> {
        new Notes(f.env).add("business write");
        f.queue.delay(Notes.class).add("job");
        long seenElsewhere = f.env.tx().inNewTransaction(other -> f.count(""));
        assertThat(seenElsewhere).as("not visible before commit").isZero();
      });
      assertThat(f.count("")).isEqualTo(1);
      assertThat(f.notes()).containsExactly("business write");
    }
  }

  @DbTest
  void listenersHearOfPendingJobsInTheTransactionAndAfterCommit(TestDb db) {
    try (QueueFixture f = QueueFixture.start(db)) {
      List<String> heard = new CopyOnWriteArrayList<>();
      f.queue.addEnqueueListener(new EnqueueListener() {
        @Override
        public void inTransaction(Connection connection, List<String> uuids) {
          heard.add("tx " + uuids.size());
        }

        @Override
        public void afterCommit(List<String> uuids) {
          heard.add("committed " + uuids.size());
        }
      });
      f.env.tx().run(c -> {
        f.queue.delay(Notes.class).add("a");
        assertThat(heard).containsExactly("tx 1");
      });
      assertThat(heard).containsExactly("tx 1", "committed 1");
      try {
        f.env.tx().run(c -> {
          f.queue.delay(Notes.class).add("b");
          throw new IllegalStateException("rolled back");
        });
      } catch (IllegalStateException expected) {
        // the rolled-back enqueue wakes nobody
      }
      assertThat(heard).containsExactly("tx 1", "committed 1", "tx 1");
    }
  }

  @DbTest
  void anOpenJobWithTheSameIdentityKeyIsReturnedInsteadOfANewOne(TestDb db) {
    try (QueueFixture f = QueueFixture.start(db)) {
      JobOptions exact = JobOptions.defaults().identityExact();
      JobHandle first = f.queue.enqueue(Notes.class, exact, n -> n.add("same"));
      JobHandle second = f.queue.enqueue(Notes.class, exact, n -> n.add("same"));
      JobHandle other = f.queue.enqueue(Notes.class, exact, n -> n.add("other"));
      assertThat(first.existing()).isFalse();
      assertThat(second.existing()).isTrue();
      assertThat(second.uuid()).isEqualTo(first.uuid());
      assertThat(other.uuid()).isNotEqualTo(first.uuid());
      assertThat(f.job(first.uuid()).identityKey()).hasSize(40);

      // a started or done job no longer blocks its key
      f.queue.executor().runNow(first.uuid());
      JobHandle third = f.queue.enqueue(Notes.class, exact, n -> n.add("same"));
      assertThat(third.existing()).isFalse();
      assertThat(f.count("WHERE identity_key = ?", f.job(first.uuid()).identityKey())).isEqualTo(2);
    }
  }

  @DbTest
  void twoConcurrentTransactionsCannotBothCreateAJobWithOneKey(TestDb db) throws Exception {
    try (QueueFixture f = QueueFixture.start(db)) {
      ExecutorService pool = Executors.newFixedThreadPool(2);
      try {
        CountDownLatch firstInserted = new CountDownLatch(1);
        CountDownLatch secondStarted = new CountDownLatch(1);
        JobOptions keyed = JobOptions.defaults().identityKey("import-product-42");
        Future<JobHandle> a = pool.submit(() -> f.env.tx().inTransaction(c -> {
          JobHandle h = f.queue.enqueue(Notes.class, keyed, n -> n.add("a"));
          firstInserted.countDown();
          secondStarted.await(10, TimeUnit.SECONDS);
          Thread.sleep(300); // let the second transaction reach its insert while this one is open
          return h;
        }));
        Future<JobHandle> b = pool.submit(() -> {
          firstInserted.await(10, TimeUnit.SECONDS);
          return f.env.tx().inTransaction(c -> {
            secondStarted.countDown();
            return f.queue.enqueue(Notes.class, keyed, n -> n.add("b"));
          });
        });
        JobHandle ha = a.get(30, TimeUnit.SECONDS);
        JobHandle hb = b.get(30, TimeUnit.SECONDS);
        assertThat(hb.uuid()).isEqualTo(ha.uuid());
        assertThat(List.of(ha.existing(), hb.existing())).containsExactly(false, true);
        assertThat(f.count("WHERE identity_key = 'import-product-42'")).isEqualTo(1);
      } finally {
        pool.shutdownNow();
      }
    }
  }

  @DbTest
  void inNoDelayModeTheCallRunsInline(TestDb db) {
    try (QueueFixture f = QueueFixture.start(db)) {
      try (Queue.Scope inline = f.queue.noDelay()) {
        f.queue.delay(Notes.class).add("now");
        assertThat(f.notes()).containsExactly("now");
      }
      f.queue.delay(Notes.class).add("later");
      assertThat(f.notes()).containsExactly("now");
      assertThat(f.count("")).isEqualTo(1);
    }
  }
}
