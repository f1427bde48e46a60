package com.awkhad.connector.framework.circuit;

import static com.awkhad.connector.framework.testconnector.TestConnectorAddon.PRODUCT;
import static org.assertj.core.api.Assertions.assertThat;

import com.awkhad.connector.framework.ConnectorJobs;
import com.awkhad.connector.framework.backend.Backends;
import com.awkhad.connector.framework.exception.CircuitOpenError;
import com.awkhad.connector.framework.exception.NetworkRetryableError;
import com.awkhad.connector.framework.testconnector.ConnectorFixture;
import com.awkhad.connector.queue.exec.Outcome;
import com.awkhad.connector.queue.job.JobHandle;
import com.awkhad.connector.queue.job.JobOptions;
import com.awkhad.connector.queue.job.JobRecord;
import com.awkhad.connector.queue.job.JobState;
import com.awkhad.connector.testkit.DbTest;
import com.awkhad.connector.testkit.TestDb;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** The circuit breaker step by step, each job run with {@code runNow} against the FakeShop. */
class CircuitsTest {

  private static List<JobHandle> importJobs(ConnectorFixture f, int n) {
    List<JobHandle> jobs = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      String id = "p" + i;
      f.shop.put("products", id, Map.of("name", "Product " + i));
      jobs.add(f.queue.enqueue(ConnectorJobs.class, JobOptions.defaults().model(PRODUCT), j -> j.importRecord(f.backend.id(), PRODUCT, id, false)));
    }
    return jobs;
  }

  private static JobRecord job(ConnectorFixture f, JobHandle h) {
    return f.queue.job(h.uuid()).orElseThrow();
  }

  /** Moves the circuit's next probe to the past, as if its pause had passed. */
  private static void probeDue(ConnectorFixture f) {
    f.env.tx().run(c -> {
      try (PreparedStatement ps = c.prepareStatement("UPDATE connector_circuit SET probe_at = ? WHERE backend_id = ?")) {
        ps.setObject(1, OffsetDateTime.now(ZoneOffset.UTC).minusSeconds(1));
        ps.setLong(2, f.backend.id());
        ps.executeUpdate();
      }
    });
  }

  @DbTest
  void networkErrorsOpenTheCircuitItsJobsWaitWithoutTriesAndAProbeThatGetsAnAnswerClosesIt(TestDb db) {
    try (ConnectorFixture f = ConnectorFixture.start(db)) {
      Circuits circuits = Circuits.of(f.env);
      List<CircuitOpened> opened = new CopyOnWriteArrayList<>();
      List<CircuitClosed> closed = new CopyOnWriteArrayList<>();
      circuits.addListener(new CircuitListener() {
        @Override
        public void opened(CircuitOpened event) {
          opened.add(event);
        }

        @Override
        public void closed(CircuitClosed event) {
          closed.add(event);
        }
      });
      List<JobHandle> jobs = importJobs(f, 5);
      f.shop.failNext(3, 503, "{\"error\":\"maintenance\"}", null);

      // three network errors in a row: each uses a try (nothing is known yet), the third opens the circuit
      for (int i = 0; i < 3; i++) {
        Instant before = Instant.now();
        Outcome o = f.queue.executor().runNow(jobs.get(i).uuid());
        assertThat(o).isInstanceOfSatisfying(Outcome.Retry.class, r -> assertThat(r.excName()).isEqualTo(NetworkRetryableError.class.getName()));
        assertThat(job(f, jobs.get(i)).retry()).isEqualTo(1);
        if (i < 2) {
          assertThat(opened).isEmpty();
          assertThat(job(f, jobs.get(i)).eta()).isBetween(before.plusSeconds(4), Instant.now().plusSeconds(6)); // the back-off, +-20%
        }
      }
      CircuitState open = circuits.state(f.backend.id()).orElseThrow();
      assertThat(open.open()).isTrue();
      assertThat(open.failures()).isEqualTo(3);
      assertThat(open.probeJob()).isEqualTo(jobs.get(2).uuid());
      assertThat(open.nextProbeAt()).isBetween(open.openedAt().plusMillis(4500), open.openedAt().plusMillis(5500));
      assertThat(opened).singleElement().satisfies(e -> {
        assertThat(e.backendId()).isEqualTo(f.backend.id());
        assertThat(e.backendName()).isEqualTo("Test shop");
        assertThat(e.failures()).isEqualTo(3);
        assertThat(e.reason()).startsWith("GET /products/p3 on backend 'Test shop' answered HTTP 503");
        assertThat(e.nextProbeAt()).isEqualTo(open.nextProbeAt());
      });
      assertThat(job(f, jobs.get(2)).excMessage()).contains("now counts as unreachable (circuit open)", "; retry 1 of 5 at ");
      assertThat(job(f, jobs.get(2)).eta()).isAfterOrEqualTo(open.nextProbeAt()); // the opener probes first

      // open: another job sends nothing and waits without using a try
      int requests = f.shop.requests().size();
      Outcome waited = f.queue.executor().runNow(jobs.get(3).uuid());
      assertThat(waited).isInstanceOfSatisfying(Outcome.Retry.class, r -> assertThat(r.excName()).isEqualTo(CircuitOpenError.class.getName()));
      assertThat(f.shop.requests()).hasSize(requests);
      JobRecord waiting = job(f, jobs.get(3));
      assertThat(waiting.retry()).isZero();
      assertThat(waiting.eta()).isAfter(open.nextProbeAt().plus(Circuits.WAITER_SLACK).minusSeconds(1));
      assertThat(waiting.excMessage()).startsWith("Backend 'Test shop' (id " + f.backend.id() + ") is unreachable since ")
          .contains("waits for a probe of the backend to succeed", "not counted as a try (0 of 5 used)");
      assertThat(circuits.state(f.backend.id()).orElseThrow().waiting()).isEqualTo(1);

      // the probe is due: the first job to run probes; it fails, and waits for the next probe without a try
      probeDue(f);
      f.shop.failNext(1, 503, "", null);
      Outcome probe = f.queue.executor().runNow(jobs.get(4).uuid());
      assertThat(probe).isInstanceOfSatisfying(Outcome.Retry.class, r -> {
        assertThat(r.excName()).isEqualTo(CircuitOpenError.class.getName());
        assertThat(r.message()).startsWith("Probe 1 of backend 'Test shop'");
      });
      assertThat(job(f, jobs.get(4)).retry()).isZero();
      CircuitState afterProbe = circuits.state(f.backend.id()).orElseThrow();
      assertThat(afterProbe.open()).isTrue();
      assertThat(afterProbe.probes()).isEqualTo(1);
      assertThat(afterProbe.probeJob()).isEqualTo(jobs.get(4).uuid());
      assertThat(afterProbe.nextProbeAt()).isAfter(Instant.now().plusSeconds(8)); // the second pause: 10 s +-10%

      // the next probe gets an answer: closed, and the waiting job is due now, its tries untouched
      probeDue(f);
      assertThat(f.queue.executor().runNow(jobs.get(4).uuid())).isInstanceOf(Outcome.Done.class);
      CircuitState closedState = circuits.state(f.backend.id()).orElseThrow();
      assertThat(closedState.open()).isFalse();
      assertThat(closedState.failures()).isZero();
      assertThat(closedState.waiting()).isZero();
      assertThat(closed).singleElement().satisfies(e -> {
        assertThat(e.openedAt()).isEqualTo(open.openedAt());
        assertThat(e.openFor()).isPositive();
        assertThat(e.failedProbes()).isEqualTo(1);
        assertThat(e.released()).isEqualTo(1);
      });
      JobRecord released = job(f, jobs.get(3));
      assertThat(released.state()).isEqualTo(JobState.PENDING);
      assertThat(released.retry()).isZero();
      assertThat(released.eta()).isBeforeOrEqualTo(Instant.now());
      assertThat(f.queue.executor().runNow(jobs.get(3).uuid())).isInstanceOf(Outcome.Done.class);
      assertThat(job(f, jobs.get(4)).retry()).isEqualTo(1); // its one try: the probe that succeeded
    }
  }

  /**
   * A runner that lost its network while its transaction held the circuit's row (PostgreSQL keeps
   * that session, and its locks, until the connection is known dead): the backend's other jobs
   * must neither wait for that lock nor fail for it. Here another connection holds the row.
   */
  @DbTest
  void aCircuitRowHeldByASilentTransactionNeverHoldsTheBackendsJobs(TestDb db) throws Exception {
    try (ConnectorFixture f = ConnectorFixture.start(db)) {
      Circuits circuits = Circuits.of(f.env);
      List<JobHandle> jobs = importJobs(f, 6);
      f.shop.failNext(3, 503, "{\"error\":\"maintenance\"}", null);
      for (int i = 0; i < 2; i++) { // two errors in a row: the row exists, closed, failures 2
        f.queue.executor().runNow(jobs.get(i).uuid());
      }
      assertThat(circuits.state(f.backend.id()).orElseThrow().failures()).isEqualTo(2);
      try (java.sql.Connection silent = f.env.database().dataSource().getConnection()) {
        silent.setAutoCommit(false);
        try (PreparedStatement ps = silent.prepareStatement("SELECT backend_id FROM connector_circuit WHERE backend_id = ?"
            + " FOR UPDATE")) {
          ps.setLong(1, f.backend.id());
          ps.executeQuery().close();
        }
        // a network error: retried as usual (a try, the back-off), not counted against the circuit
        java.util.concurrent.Future<Outcome> third = java.util.concurrent.Executors.newSingleThreadExecutor()
            .submit(() -> f.queue.executor().runNow(jobs.get(2).uuid()));
        assertThat(third.get(30, java.util.concurrent.TimeUnit.SECONDS))
            .isInstanceOfSatisfying(Outcome.Retry.class, r -> assertThat(r.excName()).isEqualTo(NetworkRetryableError.class.getName()));
        // an answer: the job is done; the count is not reset now (the row is held), the next answer does it
        assertThat(java.util.concurrent.Executors.newSingleThreadExecutor()
            .submit(() -> f.queue.executor().runNow(jobs.get(3).uuid())).get(30, java.util.concurrent.TimeUnit.SECONDS))
            .isInstanceOf(Outcome.Done.class);
        silent.rollback();
      }
      CircuitState after = circuits.state(f.backend.id()).orElseThrow();
      assertThat(after.open()).as("the error made while the row was held did not open it").isFalse();
      assertThat(after.failures()).isEqualTo(2);
      assertThat(f.queue.executor().runNow(jobs.get(4).uuid())).isInstanceOf(Outcome.Done.class);
      assertThat(circuits.state(f.backend.id()).orElseThrow().failures()).as("reset by the next answer").isZero();

      // open, and its row held: a job waits a moment without a try instead of waiting for the lock
      f.shop.failNext(3, 503, "", null);
      List<JobHandle> more = importJobs(f, 4);
      for (int i = 0; i < 3; i++) {
        f.queue.executor().runNow(more.get(i).uuid());
      }
      assertThat(circuits.state(f.backend.id()).orElseThrow().open()).isTrue();
      try (java.sql.Connection silent = f.env.database().dataSource().getConnection()) {
        silent.setAutoCommit(false);
        try (PreparedStatement ps = silent.prepareStatement("SELECT backend_id FROM connector_circuit WHERE backend_id = ?"
            + " FOR UPDATE")) {
          ps.setLong(1, f.backend.id());
          ps.executeQuery().close();
        }
        Outcome waited = java.util.concurrent.Executors.newSingleThreadExecutor()
            .submit(() -> f.queue.executor().runNow(more.get(3).uuid())).get(30, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(waited).isInstanceOfSatisfying(Outcome.Retry.class, r -> {
          assertThat(r.excName()).isEqualTo(CircuitOpenError.class.getName());
          assertThat(r.message()).contains("its circuit is being updated by another job");
        });
        assertThat(job(f, more.get(3)).retry()).isZero();
        silent.rollback();
      }
    }
  }

  @DbTest
  void anAnswerForgetsTheErrorsInARowAndTooManyRequestsIsNotDown(TestDb db) {
    try (ConnectorFixture f = ConnectorFixture.start(db)) {
      List<JobHandle> jobs = importJobs(f, 3);
      f.shop.failNext(2, 502, "", null);
      f.queue.executor().runNow(jobs.get(0).uuid());
      f.queue.executor().runNow(jobs.get(1).uuid());
      assertThat(Circuits.of(f.env).state(f.backend.id()).orElseThrow().failures()).isEqualTo(2);

      assertThat(f.queue.executor().runNow(jobs.get(2).uuid())).isInstanceOf(Outcome.Done.class);
      assertThat(Circuits.of(f.env).state(f.backend.id()).orElseThrow().failures()).isZero();

      f.shop.failNext(5, 429, "slow down", "2");
      for (int i = 0; i < 2; i++) {
        Instant before = Instant.now();
        f.queue.executor().runNow(jobs.get(i).uuid());
        assertThat(job(f, jobs.get(i)).eta()).isBetween(before.plusSeconds(1), Instant.now().plusSeconds(3)); // Retry-After
      }
      CircuitState s = Circuits.of(f.env).state(f.backend.id()).orElseThrow();
      assertThat(s.open()).isFalse();
      assertThat(s.failures()).isZero();
    }
  }

  @DbTest
  void thresholdZeroTurnsTheBreakerOffAndTheBackoffAloneApplies(TestDb db) {
    try (ConnectorFixture f = ConnectorFixture.start(db)) {
      Backends.of(f.env).updateSettings(f.backend.id(), Map.of(CircuitSettings.THRESHOLD, 0));
      JobHandle h = importJobs(f, 1).get(0);
      f.shop.failNext(4, 503, "", null);
      int[][] expected = {{4, 6}, {12, 18}, {24, 36}, {48, 72}};
      for (int[] range : expected) {
        Instant before = Instant.now();
        f.queue.executor().runNow(h.uuid());
        assertThat(job(f, h).eta()).isBetween(before.plusSeconds(range[0]), Instant.now().plusSeconds(range[1]));
      }
      assertThat(job(f, h).retry()).isEqualTo(4);
      assertThat(Circuits.of(f.env).state(f.backend.id())).isEmpty();
    }
  }
}
