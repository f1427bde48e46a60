package com.awkhad.connector.framework.lock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.awkhad.connector.framework.testconnector.ConnectorFixture;
import com.awkhad.connector.queue.job.RetryableJobError;
import com.awkhad.connector.testkit.DbTest;
import com.awkhad.connector.testkit.TestDb;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Advisory locks (pg_try_advisory_xact_lock, or a connector_lock row on H2) and row locks. */
class LockerTest {

  @Test
  void theKeyIsTheFirstEightBytesOfTheSha1OfTheName() throws Exception {
    String name = Locker.importLockName(3, "coffee.product", "42");
    assertThat(name).isEqualTo("import(3, coffee.product, 42)");
    long expected = ByteBuffer.wrap(MessageDigest.getInstance("SHA-1").digest(name.getBytes(StandardCharsets.UTF_8))).getLong();
    assertThat(Locker.key(name)).isEqualTo(expected);
  }

  @DbTest
  void anAdvisoryLockIsHeldUntilTheTransactionEnds(TestDb db) throws Exception {
    try (ConnectorFixture f = ConnectorFixture.start(db)) {
      Locker locker = Locker.of(f.env);
      CountDownLatch held = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      CompletableFuture<Boolean> holder = CompletableFuture.supplyAsync(() -> f.env.tx().inTransaction(c -> {
        boolean got = locker.tryLock("import(1, coffee.product, 42)");
        assertThat(locker.tryLock("import(1, coffee.product, 42)")).isTrue(); // again in the same transaction
        held.countDown();
        assertThat(release.await(30, TimeUnit.SECONDS)).isTrue();
        return got;
      }));
      assertThat(held.await(30, TimeUnit.SECONDS)).isTrue();

      assertThat((boolean) f.env.tx().<Boolean>inTransaction(c -> locker.tryLock("import(1, coffee.product, 42)"))).isFalse();
      assertThat((boolean) f.env.tx().<Boolean>inTransaction(c -> locker.tryLock("import(1, coffee.product, 43)"))).isTrue();
      assertThatThrownBy(() -> f.env.tx().run(c -> locker.lockOrRetry("import(1, coffee.product, 42)", 3)))
          .isInstanceOfSatisfying(RetryableJobError.class, e -> {
            assertThat(e.seconds()).isEqualTo(3);
            assertThat(e.ignoreRetry()).isTrue();
            assertThat(e.getMessage()).isEqualTo("Lock import(1, coffee.product, 42) is held by another job working on the"
                + " same record: retrying in 3 s");
          });

      release.countDown();
      assertThat(holder.get(30, TimeUnit.SECONDS)).isTrue();
      assertThat((boolean) f.env.tx().<Boolean>inTransaction(c -> locker.tryLock("import(1, coffee.product, 42)"))).isTrue();
    }
  }

  @DbTest
  void locksNeedATransactionAndMissingRowsAreReported(TestDb db) {
    try (ConnectorFixture f = ConnectorFixture.start(db)) {
      Locker locker = Locker.of(f.env);
      assertThatThrownBy(() -> locker.tryLock("x"))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("Cannot lock 'x' outside a transaction: the lock would be released at once. Run it inside"
              + " env.tx().run(...) (jobs always run in one)");
      assertThat((boolean) f.env.tx().<Boolean>inTransaction(c -> locker.lockRowOrRetry("connector_binding", 12345, 1))).isFalse();
      assertThat((boolean) f.env.tx().<Boolean>inTransaction(c -> locker.lockRowOrRetry("connector_backend", f.backend.id(), 1))).isTrue();
    }
  }
}
