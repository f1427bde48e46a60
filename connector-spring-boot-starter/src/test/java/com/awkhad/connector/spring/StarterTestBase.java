package com.awkhad.connector.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.awkhad.connector.base.env.Environment;
import com.awkhad.connector.queue.job.JobState;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.UnexpectedRollbackException;

/**
 * The starter in a Spring Boot application, on one database (subclasses give H2 or PostgreSQL):
 * a {@code @Transactional} method's row and enqueued job commit together or not at all, the
 * runner inside the application runs a job on a Spring bean, and health and metrics appear.
 */
// closed after the class, while the suite's embedded PostgreSQL still runs (not by the JVM's shutdown hook)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
abstract class StarterTestBase {

  @Autowired OrderService orders;
  @Autowired OrderExporter exporter;
  @Autowired JdbcTemplate jdbc;
  @Autowired javax.sql.DataSource dataSource;
  @Autowired Environment env;
  @Autowired ConnectorHealthIndicator health;
  @Autowired MeterRegistry meters;
  @Autowired ConnectorRuntime runtime;

  long jobsFor(long id) {
    return jdbc.queryForObject("SELECT count(*) FROM queue_job WHERE func_name LIKE '%OrderExporter.export'"
        + " AND args = ?", Long.class, "[" + id + "]");
  }

  long rows(long id) {
    return jdbc.queryForObject("SELECT count(*) FROM shop_order WHERE id = ?", Long.class, id);
  }

  @Test
  void aTransactionalMethodCommitsItsRowAndItsJobTogether() {
    orders.place(101, false);

    assertThat(rows(101)).isEqualTo(1);
    assertThat(jobsFor(101)).isEqualTo(1);
  }

  @Test
  void beforeAndAfterCommitActionsRunAroundTheSpringCommit() {
    java.util.List<String> seen = new java.util.ArrayList<>();

    // each note also says whether the row is committed, read on a connection of its own
    orders.placeNoting(105, what -> seen.add(what + ": " + committedRows(105)));

    assertThat(seen).containsExactly("method done: 0", "before commit: 0", "after commit: 1");
  }

  long committedRows(long id) {
    try (java.sql.Connection c = dataSource.getConnection();
        java.sql.PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM shop_order WHERE id = ?")) {
      ps.setLong(1, id);
      try (java.sql.ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void aRollbackLeavesNeitherTheRowNorTheJob() {
    assertThatThrownBy(() -> orders.place(102, true)).hasMessageContaining("payment refused");

    assertThat(rows(102)).isZero();
    assertThat(jobsFor(102)).isZero();
  }

  @Test
  void aConnectorBlockThatFailsRollsTheSpringTransactionBackEvenWhenTheFailureIsCaught() {
    assertThatThrownBy(() -> orders.placeSwallowingAConnectorFailure(104))
        .isInstanceOf(UnexpectedRollbackException.class);

    assertThat(rows(104)).isZero();
  }

  @Test
  void theRunnerInsideTheApplicationRunsTheJobOnTheSpringBean() throws Exception {
    CountDownLatch done = new CountDownLatch(1);
    exporter.latch = done;
    orders.place(103, false);

    assertThat(done.await(30, TimeUnit.SECONDS)).as("the bean's export ran").isTrue();
    assertThat(exporter.exported).contains(103L);
    Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(jdbc.queryForObject(
        "SELECT state FROM queue_job WHERE args = '[103]'", String.class)).isEqualTo(JobState.DONE.name().toLowerCase()));
    // the job's outcome reached the application's registry
    Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
        meters.find("connector.jobs.done").counters()).isNotEmpty());
  }

  @Test
  void healthAndMetricsAppearInTheApplication() {
    Health h = health.health();
    assertThat(h.getStatus()).as(h.toString()).isEqualTo(Status.UP);
    assertThat(h.getDetails()).containsEntry("database", env.database().dialect().id())
        .containsEntry("runner", runtime.runner().workerId()).containsKey("failedJobs");
    assertThat(meters.find("connector.jobs.oldest.due").gauge()).as("the queue's gauges").isNotNull();
    assertThat(meters.find("connector.runner.claims").functionCounter()).as("the runner's counters").isNotNull();
  }
}
