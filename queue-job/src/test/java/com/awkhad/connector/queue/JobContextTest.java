package com.awkhad.connector.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.awkhad.connector.base.env.Environment;
import com.awkhad.connector.queue.read.JobFilter;
import com.awkhad.connector.queue.exec.Outcome;
import com.awkhad.connector.queue.job.JobContext;
import com.awkhad.connector.queue.job.JobHandle;
import com.awkhad.connector.queue.job.JobRecord;
import com.awkhad.connector.testkit.DbTest;
import com.awkhad.connector.testkit.TestDb;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * The job context: stored with each job from the enqueuing thread's context, current again while
 * the job runs (and passed on to the jobs it delays), only declared keys besides the standard
 * ones, and a filter of the admin list.
 */
class JobContextTest {

  /** Records the context each run sees, by tag. */
  public static class Probe {
    static final Map<String, JobContext> SEEN = new ConcurrentHashMap<>();
    private final Environment env;

    public Probe(Environment env) {
      this.env = env;
    }

    public void record(String tag) {
      SEEN.put(tag, JobContext.current());
    }

    /** Delays a child job from inside the job: it inherits the context. */
    public void recordAndDelay(String tag) {
      record(tag);
      env.service(Queue.class).enqueue(Probe.class, p -> p.record(tag + " child"));
    }
  }

  static final JobContext ALICE = JobContext.builder().user("alice").tenant("acme").locale(Locale.FRANCE)
      .timeZone(ZoneId.of("Europe/Paris")).build();

  @DbTest
  void theEnqueuingThreadsContextIsStoredAndCurrentAgainWhileTheJobRuns(TestDb db) {
    try (QueueFixture f = QueueFixture.start(db)) {
      JobHandle h;
      try (JobContext.Scope scope = JobContext.open(ALICE)) {
        h = f.queue.enqueue(Probe.class, p -> p.recordAndDelay("parent"));
      }
      JobHandle none = f.queue.enqueue(Probe.class, p -> p.record("no context"));
      JobRecord stored = f.job(h.uuid());
      assertThat(stored.context())
          .isEqualTo("{\"locale\":\"fr-FR\",\"tenant\":\"acme\",\"tz\":\"Europe/Paris\",\"user\":\"alice\"}");
      assertThat(stored.jobContext()).isEqualTo(ALICE);
      assertThat(f.job(none.uuid()).context()).isNull();

      assertThat(f.queue.executor().runNow(h.uuid())).isInstanceOf(Outcome.Done.class);
      assertThat(Probe.SEEN.get("parent")).isEqualTo(ALICE);
      assertThat(Probe.SEEN.get("parent").locale()).contains(Locale.FRANCE);
      assertThat(JobContext.current()).as("restored after the run").isEqualTo(JobContext.EMPTY);
      JobRecord child = f.queue.admin().list(JobFilter.all()).stream()
          .filter(j -> j.args().contains("parent child")).findFirst().orElseThrow();
      assertThat(child.jobContext()).as("a job delayed by the job keeps its context").isEqualTo(ALICE);
      f.queue.executor().runNow(child.uuid());
      assertThat(Probe.SEEN.get("parent child")).isEqualTo(ALICE);
      f.queue.executor().runNow(none.uuid());
      assertThat(Probe.SEEN.get("no context")).isEqualTo(JobContext.EMPTY);
    }
  }

  @DbTest
  void batchedEnqueuesStoreTheContextToo(TestDb db) {
    try (QueueFixture f = QueueFixture.start(db); JobContext.Scope scope = JobContext.open(ALICE)) {
      f.queue.batch(() -> {
        for (int i = 0; i < 3; i++) {
          int n = i;
          f.queue.enqueue(Probe.class, p -> p.record("batched " + n));
        }
      });
      assertThat(f.queue.admin().list(JobFilter.all())).hasSize(3).allSatisfy(j -> assertThat(j.jobContext()).isEqualTo(ALICE));
    }
  }

  @DbTest
  void onlyDeclaredKeysBesidesTheStandardOnesAreKept(TestDb db) {
    try (QueueFixture f = QueueFixture.start(db)) {
      JobContext team = JobContext.builder().user("bob").put("sales_team", "north").build();
      try (JobContext.Scope scope = JobContext.open(team)) {
        assertThatThrownBy(() -> f.queue.enqueue(Probe.class, p -> p.record("refused")))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("key 'sales_team', which no addon declared")
            .hasMessageContaining("queue.declareContextKeys(\"sales_team\")");
        f.queue.declareContextKeys("sales_team");
        JobHandle h = f.queue.enqueue(Probe.class, p -> p.record("team"));
        f.queue.executor().runNow(h.uuid());
      }
      assertThat(Probe.SEEN.get("team").get("sales_team")).contains("north");
    }
  }

  @DbTest
  void theAdminListFiltersByContextValues(TestDb db) {
    try (QueueFixture f = QueueFixture.start(db)) {
      JobHandle alice;
      JobHandle bob;
      try (JobContext.Scope scope = JobContext.open(ALICE)) {
        alice = f.queue.enqueue(Probe.class, p -> p.record("a"));
      }
      try (JobContext.Scope scope = JobContext.open(JobContext.builder().user("bob").tenant("acme").build())) {
        bob = f.queue.enqueue(Probe.class, p -> p.record("b"));
      }
      // a value that only looks like the pair inside another value does not match
      try (JobContext.Scope scope = JobContext.open(JobContext.builder().user("x\",\"user\":\"alice").build())) {
        f.queue.enqueue(Probe.class, p -> p.record("c"));
      }
      f.queue.enqueue(Probe.class, p -> p.record("d"));
      assertThat(f.queue.admin().list(JobFilter.all().context(JobContext.USER, "alice")))
          .extracting(JobRecord::uuid).containsExactly(alice.uuid());
      assertThat(f.queue.admin().list(JobFilter.all().context(JobContext.TENANT, "acme")))
          .extracting(JobRecord::uuid).containsExactlyInAnyOrder(alice.uuid(), bob.uuid());
      assertThat(f.queue.admin().list(JobFilter.all().context(JobContext.TENANT, "acme").context(JobContext.USER, "bob")))
          .extracting(JobRecord::uuid).containsExactly(bob.uuid());
      assertThat(f.queue.admin().list(JobFilter.all().context(JobContext.USER, "a%"))).isEmpty();
    }
  }

  @Test
  void badKeysAndValuesSayWhatIsWrong() {
    assertThatThrownBy(() -> JobContext.builder().put("Sales Team", "x")).hasMessageContaining("not a lower-case word");
    assertThatThrownBy(() -> JobContext.builder().put(JobContext.LOCALE, "fr_FR")).hasMessageContaining("write e.g. fr-FR");
    assertThatThrownBy(() -> JobContext.builder().put(JobContext.TIME_ZONE, "Mars/Base")).hasMessageContaining("unknown");
    assertThat(JobContext.fromJson(ALICE.toJson())).isEqualTo(ALICE);
    assertThat(JobContext.EMPTY.toJson()).isNull();
    assertThat(List.of(JobContext.builder().user(null).build())).containsExactly(JobContext.EMPTY);
  }
}
