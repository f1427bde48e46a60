package com.awkhad.connector.queue;

import com.awkhad.connector.base.addon.Addon;
import com.awkhad.connector.base.addon.BaseAddon;
import com.awkhad.connector.base.addon.Manifest;
import com.awkhad.connector.base.db.DatabaseConfig;
import com.awkhad.connector.base.env.Environment;
import com.awkhad.connector.queue.job.JobRecord;
import com.awkhad.connector.queue.job.RetryableJobError;
import com.awkhad.connector.testkit.TestDb;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A started environment with queue_job and a test addon owning the table test_note. */
final class QueueFixture implements AutoCloseable {
  final Environment env;
  final Queue queue;

  private QueueFixture(Environment env) {
    this.env = env;
    this.queue = env.service(Queue.class);
  }

  static QueueFixture start(TestDb db) {
    return new QueueFixture(Environment.start(DatabaseConfig.of(db.url(), db.user(), db.password()),
        List.of(new BaseAddon(), new QueueJobAddon(), new NotesAddon())));
  }

  static final class NotesAddon implements Addon {
    @Override
    public Manifest manifest() {
      return Manifest.of("test_jobs", "1.0").depends("queue_job").build();
    }
  }

  /** A job target writing notes; built per execution with the environment. */
  public static class Notes {
    private final Environment env;

    public Notes(Environment env) {
      this.env = env;
    }

    public void add(String text) {
      env.tx().run(c -> {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO test_note (text) VALUES (?)")) {
          ps.setString(1, text);
          ps.executeUpdate();
        }
      });
    }

    public String addAndEcho(String text) {
      add(text);
      return text.toUpperCase();
    }

    public void addThenFail(String text) {
      add(text);
      throw new IllegalStateException("boom " + text);
    }

    /** Fails inside its own transaction block, which marks the surrounding transaction rollback-only. */
    public void failInsideBlock(String text) {
      env.tx().run(c -> {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO test_note (text) VALUES (?)")) {
          ps.setString(1, text);
          ps.executeUpdate();
        }
        throw new IllegalStateException("failed inside its block: " + text);
      });
    }

    public void sleepLong() throws InterruptedException {
      Thread.sleep(60_000);
    }

    public void addThenRetry(String text, Integer seconds, boolean ignoreRetry) {
      add(text);
      throw new RetryableJobError("not now: " + text, seconds, ignoreRetry);
    }

    /** Writes a note, then finds there is nothing to do ({@code message} may be null). */
    public void addThenNothingToDo(String text, String message) {
      add(text);
      throw new com.awkhad.connector.queue.job.NothingToDoJob(message);
    }

    /** Asks for a retry with a note that only holds while retrying ("asked to come back in 1 s"). */
    public void retryWithNote(String text) {
      throw new RetryableJobError("shop busy: " + text, ". It asked to come back in 1 s", 1, false);
    }

    /** Fails with an error whose own default back-off is 7 s, then 70 s. */
    public void retryWithItsOwnBackoff(String text) {
      throw new RetryableJobError("busy: " + text) {
        @Override
        public com.awkhad.connector.queue.job.RetryPattern fallbackPattern() {
          return com.awkhad.connector.queue.job.RetryPattern.of(Map.of(1, 7, 2, 70));
        }
      };
    }
  }

  List<String> notes() {
    return env.tx().inTransaction(c -> {
      List<String> out = new ArrayList<>();
      try (ResultSet rs = c.createStatement().executeQuery("SELECT text FROM test_note ORDER BY id")) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
      return out;
    });
  }

  JobRecord job(String uuid) {
    return queue.job(uuid).orElseThrow(() -> new AssertionError("no job " + uuid));
  }

  long count(String whereSql, Object... params) {
    return env.tx().inTransaction(c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM queue_job " + whereSql)) {
        for (int i = 0; i < params.length; i++) {
          ps.setObject(i + 1, params[i]);
        }
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          return rs.getLong(1);
        }
      }
    });
  }

  @Override
  public void close() {
    env.close();
  }
}
