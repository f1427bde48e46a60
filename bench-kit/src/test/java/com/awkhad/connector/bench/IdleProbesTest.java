package com.awkhad.connector.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class IdleProbesTest {

  /** Probe {@code no} starts {@code (5 - no) ms} after its commit; probe 3 never starts. */
  private static final class Fake implements IdleProbes.Target {
    final List<Integer> enqueued = new ArrayList<>();

    @Override
    public long enqueue(int no) {
      enqueued.add(no);
      return 1_000_000L * no;
    }

    @Override
    public Long started(int no) {
      return no == 3 ? null : 1_000_000L * no + (5 - no) * 1000L;
    }
  }

  @Test
  void theWarmUpIsKeptApartAndEachSetIsSortedWithoutTheProbesThatNeverStarted() throws Exception {
    Fake fake = new Fake();

    IdleProbes.Result r = IdleProbes.run(2, 3, Duration.ofMillis(50), fake);

    assertThat(fake.enqueued).containsExactly(0, 1, 2, 3, 4);
    assertThat(r.cold()).containsExactly(4.0, 5.0);
    assertThat(r.measured()).containsExactly(1.0, 3.0);
  }

  @Test
  void aFailingTargetStopsTheProbesNamingTheProbe() {
    IdleProbes.Target broken = new IdleProbes.Target() {
      @Override
      public long enqueue(int no) throws Exception {
        throw new java.sql.SQLException("connection refused");
      }

      @Override
      public Long started(int no) {
        return null;
      }
    };

    assertThatThrownBy(() -> IdleProbes.run(0, 1, Duration.ofMillis(10), broken))
        .isInstanceOf(IllegalStateException.class).hasMessage("Idle probe 0 failed: connection refused");
  }

  @Test
  void percentilesAreTheNearestRank() {
    double[] sorted = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
    assertThat(Latencies.percentile(sorted, 50)).isEqualTo(5);
    assertThat(Latencies.percentile(sorted, 95)).isEqualTo(10);
    assertThat(Latencies.percentile(sorted, 1)).isEqualTo(1);
    assertThat(Latencies.percentile(new double[0], 50)).isNaN();
    assertThat(BenchTime.micros(Instant.ofEpochSecond(2, 3_500))).isEqualTo(2_000_003L);
  }
}
