package com.awkhad.connector.peers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.awkhad.connector.testkit.TestDatabases;
import com.awkhad.connector.testkit.TestDb;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class PeerBenchTest {

  @ParameterizedTest
  // db-scheduler runs 300 warm-up tasks first (--exec-warmup), numbered as the backlog's first ones: counted
  // as the backlog's, they would show as duplicates (no-op tally) or end the wait early (insert: lost)
  // JobRunr runs 100 jobs, not 500: with 2 workers and its 5 s minimum poll, 500 took 18 - 31 s a case
  @CsvSource({"db-scheduler,insert,500,10,300", "db-scheduler,noop,500,10,300", "jobrunr,insert,100,0,0",
      "jobrunr,noop,100,1,0"})
  void runsTheBenchWorkloadOnThePeerWithNothingLostOrRunTwice(String peer, String work, int jobs, int probes,
      int execWarmup) throws Exception {
    TestDb db = TestDatabases.freshPostgres(
        "peer_bench_" + peer.replace("-", "") + "_" + work + "_" + execWarmup + "_" + ProcessHandle.current().pid());
    PeerBench.Result r = PeerBench.run(new PeerBench.Options(peer, work, db.url(), db.user(), db.password(),
        jobs, 2, 100, 2, 200, execWarmup, 0, probes, 200));
    assertThat(r.duplicates()).isZero();
    assertThat(r.lost()).isZero();
    assertThat(r.idleMillis()).hasSize(probes);
    assertThat(r.enqueuePerSecond()).isPositive();
    assertThat(r.execPerSecond()).isPositive();
    assertThat(r.line()).matches("peer: name=" + peer + " db=postgresql work=" + work + " jobs=" + jobs + " threads=2"
        + " enqueue_per_s=\\d+ exec_per_s=\\d+ p50_ms=([\\d.]+|NaN) p95_ms=([\\d.]+|NaN) p99_ms=([\\d.]+|NaN)"
        + " duplicates=0 lost=0");
  }

  @Test
  void badOptionsAreRefusedWithWhatToGive() {
    assertThatThrownBy(() -> PeerBench.Options.parse(new String[] {"--db", "jdbc:h2:mem:x"}))
        .hasMessageContaining("PostgreSQL");
    assertThatThrownBy(() -> PeerBench.Options.parse(new String[] {"--db", "jdbc:postgresql://h/d", "--jobs", "0"}))
        .hasMessageContaining("--jobs must be an integer of at least 1");
    assertThatThrownBy(() -> PeerBench.Options.parse(new String[] {"--db", "jdbc:postgresql://h/d", "--peer", "quartz"}))
        .hasMessageContaining("--peer must be one of db-scheduler, jobrunr");
    assertThatThrownBy(() -> PeerBench.Options.parse(new String[] {"--db", "jdbc:postgresql://h/d", "--work", "sleep"}))
        .hasMessageContaining("--work must be one of insert, noop");
    assertThatThrownBy(() -> PeerBench.Options.parse(new String[] {"--db", "jdbc:postgresql://h/d", "--nope", "1"}))
        .hasMessageContaining("Unknown option --nope").hasMessageContaining("usage:");
    assertThatThrownBy(() -> PeerBench.Options.parse(new String[] {"--db"})).hasMessageContaining("needs a value");
    assertThatThrownBy(() -> PeerBench.Options.parse(new String[] {"--db", "jdbc:postgresql://h/d", "--peer", "jobrunr",
        "--exec-warmup", "10"})).hasMessageContaining("--exec-warmup needs --peer db-scheduler");
  }
}
