package com.awkhad.connector.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BatchThreadsTest {

  @Test
  void batchBRunsOnceOnThreadBModT() throws Exception {
    Map<Integer, String> ranOn = new ConcurrentHashMap<>();
    AtomicInteger runs = new AtomicInteger();
    BatchThreads.run("t-", 7, 3, b -> {
      runs.incrementAndGet();
      ranOn.put(b, Thread.currentThread().getName());
    });
    assertThat(runs).hasValue(7);
    for (int b = 0; b < 7; b++) {
      assertThat(ranOn).containsEntry(b, "t-" + b % 3);
    }
  }

  @Test
  void theThreadsRunAtTheSameTime() throws Exception {
    // each of the first two batches waits for the other: on one thread this would never end
    CountDownLatch both = new CountDownLatch(2);
    BatchThreads.run("t-", 2, 2, b -> {
      both.countDown();
      assertThat(both.await(30, TimeUnit.SECONDS)).as("batch %d saw the other start", b).isTrue();
    });
  }

  @Test
  void noMoreThreadsThanBatches() throws Exception {
    Map<String, Boolean> threads = new ConcurrentHashMap<>();
    BatchThreads.run("t-", 2, 8, b -> threads.put(Thread.currentThread().getName(), true));
    assertThat(threads).containsOnlyKeys("t-0", "t-1");
  }

  @Test
  void theFirstFailureIsThrownAndStopsTheOthers() {
    AtomicInteger after = new AtomicInteger();
    assertThatThrownBy(() -> BatchThreads.run("t-", 100, 1, b -> {
      if (b == 3) {
        throw new IllegalStateException("batch 3 broke");
      }
      if (b > 3) {
        after.incrementAndGet();
      }
    })).isInstanceOf(IllegalStateException.class).hasMessage("batch 3 broke");
    assertThat(after).as("no batch after the failure on its thread").hasValue(0);
    assertThatThrownBy(() -> BatchThreads.run("t-", 1, 1, b -> {
      throw new java.sql.SQLException("refused");
    })).isInstanceOf(IllegalStateException.class).hasMessageContaining("refused");
    assertThatThrownBy(() -> BatchThreads.run("t-", 1, 0, b -> { })).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("threads must be at least 1");
  }
}
