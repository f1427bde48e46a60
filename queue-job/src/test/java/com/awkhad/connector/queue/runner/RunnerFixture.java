package com.awkhad.connector.queue.runner;

import com.awkhad.connector.base.addon.Addon;
import com.awkhad.connector.base.addon.BaseAddon;
import com.awkhad.connector.base.addon.Manifest;
import com.awkhad.connector.base.db.DatabaseConfig;
import com.awkhad.connector.base.env.Environment;
import com.awkhad.connector.queue.Queue;
import com.awkhad.connector.queue.QueueJobAddon;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** An environment with queue_job and the runner tests' side table, plus the test job bodies. */
final class RunnerFixture implements AutoCloseable {
  final Environment env;
  final Queue queue;

  RunnerFixture(String url, String user, String password) {
    env = Environment.start(DatabaseConfig.of(url, user, password).withPoolSize(20),
        List.of(new BaseAddon(), new QueueJobAddon(), new TestAddon()));
    queue = env.service(Queue.class);
  }

  static final class TestAddon implements Addon {
    @Override
    public Manifest manifest() {
      return Manifest.of("runner_test", "1.0").depends("queue_job").build();
    }
  }

  /** Test job bodies: each records its execution in runner_run, in the job's transaction. */
  public static class Work {
    static final AtomicInteger running = new AtomicInteger();
    static final AtomicInteger maxRunning = new AtomicInteger();

    private final Environment env;

    public Work(Environment env) {
      this.env = env;
    }

    public void run(String key, int sleepMs) {
      int now = running.incrementAndGet();
      maxRunning.accumulateAndGet(now, Math::max);
      try {
        env.tx().run(c -> {
          try (PreparedStatement ps = c.prepareStatement("INSERT INTO runner_run (job_key, unit, pid) VALUES (?, ?, ?)")) {
            ps.setString(1, key);
            ps.setString(2, Thread.currentThread().getName());
            ps.setLong(3, ProcessHandle.current().pid());
            ps.executeUpdate();
          }
        });
        if (sleepMs > 0) {
          try {
            Thread.sleep(sleepMs);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sleeping", e);
          }
        }
      } finally {
        running.decrementAndGet();
      }
    }
  }

  /** A job body that records its run, then fails when told to (its record is then undone). */
  public static class Flaky {
    private final Environment env;

    public Flaky(Environment env) {
      this.env = env;
    }

    public void run(String key, boolean fail) {
      new Work(env).run(key, 0);
      if (fail) {
        throw new IllegalStateException("job " + key + " fails");
      }
    }
  }

  /**
   * A job body of one of five kinds: 0 touches no table, 1 touches none and fails, 2 writes its
   * run, 3 writes its run and fails, 4 enqueues a job (a {@link Work} keyed {@code key + "-child"})
   * and fails.
   */
  public static class Mixed {
    private final Environment env;

    public Mixed(Environment env) {
      this.env = env;
    }

    public void run(String key, int kind) {
      if (kind == 2 || kind == 3) {
        new Work(env).run(key, 0);
      }
      if (kind == 4) {
        env.service(com.awkhad.connector.queue.Queue.class).delay(Work.class).run(key + "-child", 0);
      }
      if (kind == 1 || kind == 3 || kind == 4) {
        throw new IllegalStateException("job " + key + " fails");
      }
    }
  }

  /** A job body that records when it started and ended (to check that runs never overlap). */
  public static class Timed {
    private final Environment env;

    public Timed(Environment env) {
      this.env = env;
    }

    public void run(String key, int sleepMs) {
      long start = micros();
      try {
        Thread.sleep(sleepMs);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
      long end = micros();
      env.tx().run(c -> {
        try (PreparedStatement ps = c.prepareStatement(
            "INSERT INTO runner_run (job_key, unit, pid, start_us, end_us) VALUES (?, ?, ?, ?, ?)")) {
          ps.setString(1, key);
          ps.setString(2, Thread.currentThread().getName());
          ps.setLong(3, ProcessHandle.current().pid());
          ps.setLong(4, start);
          ps.setLong(5, end);
          ps.executeUpdate();
        }
      });
    }

    static long micros() {
      java.time.Instant t = java.time.Instant.now();
      return t.getEpochSecond() * 1_000_000L + t.getNano() / 1_000;
    }
  }

  long count(String sql) {
    return env.tx().inNewTransaction(c -> {
      try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    });
  }

  String string(String sql) {
    return env.tx().inNewTransaction(c -> {
      try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    });
  }

  java.util.List<String> strings(String sql) {
    return env.tx().inNewTransaction(c -> {
      java.util.List<String> out = new java.util.ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
      return out;
    });
  }

  @Override
  public void close() {
    env.close();
  }
}
