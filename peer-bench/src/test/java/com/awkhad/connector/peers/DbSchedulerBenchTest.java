package com.awkhad.connector.peers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.awkhad.connector.testkit.TestDatabases;
import com.awkhad.connector.testkit.TestDb;
import org.junit.jupiter.api.Test;

class DbSchedulerBenchTest {

  @Test
  void runsTheBenchWorkloadOnDbSchedulerWithNothingLostOrRunTwice() throws Exception {
    TestDb db = TestDatabases.freshPostgres("peer_bench_" + ProcessHandle.current().pid());
    DbSchedulerBench.Result r = DbSchedulerBench.run(new DbSchedulerBench.Options(db.url(), db.user(), db.password(),
        500, 2, 100, 2, 200, 3, 10, 200));
    assertThat(r.duplicates()).isZero();
    assertThat(r.lost()).isZero();
    assertThat(r.idleMillis()).hasSize(10);
    assertThat(r.enqueuePerSecond()).isPositive();
    assertThat(r.execPerSecond()).isPositive();
    assertThat(r.line()).matches("peer: name=db-scheduler db=postgresql jobs=500 threads=2 enqueue_per_s=\\d+"
        + " exec_per_s=\\d+ p50_ms=[\\d.]+ p95_ms=[\\d.]+ p99_ms=[\\d.]+ duplicates=0 lost=0");
  }

  @Test
  void badOptionsAreRefusedWithWhatToGive() {
    assertThatThrownBy(() -> DbSchedulerBench.Options.parse(new String[] {"--db", "jdbc:h2:mem:x"}))
        .hasMessageContaining("PostgreSQL");
    assertThatThrownBy(() -> DbSchedulerBench.Options.parse(new String[] {"--db", "jdbc:postgresql://h/d", "--jobs", "0"}))
        .hasMessageContaining("--jobs must be an integer of at least 1");
    assertThatThrownBy(() -> DbSchedulerBench.Options.parse(new String[] {"--db", "jdbc:postgresql://h/d", "--nope", "1"}))
        .hasMessageContaining("Unknown option --nope").hasMessageContaining("usage:");
    assertThatThrownBy(() -> DbSchedulerBench.Options.parse(new String[] {"--db"})).hasMessageContaining("needs a value");
  }
}
