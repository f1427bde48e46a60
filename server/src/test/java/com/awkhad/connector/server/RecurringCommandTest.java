package com.awkhad.connector.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.awkhad.connector.base.addon.AddonLoader;
import com.awkhad.connector.base.db.DatabaseConfig;
import com.awkhad.connector.base.env.Environment;
import com.awkhad.connector.queue.recurring.RecurringJobs;
import com.awkhad.connector.queue.recurring.Schedule;
import com.awkhad.connector.testkit.TestDatabases;
import com.awkhad.connector.testkit.TestDb;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RecurringCommandTest {

  @Test
  void listsRecurringJobsWithTheirNextRun() {
    TestDb db = TestDatabases.fresh("h2");
    try (Environment env = Environment.start(DatabaseConfig.of(db.url(), db.user(), db.password()),
        AddonLoader.resolve(AddonLoader.discover()))) {
      RecurringJobs.of(env).define("bench.tick", Schedule.every(Duration.ofMinutes(5)), TickJob.class,
          b -> b.run("r", 1, 0, 0));
    }
    PrintStream old = System.out;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
    try {
      assertThat(Main.run("--db", db.url(), "jobs", "recurring")).isZero();
    } finally {
      System.setOut(old);
    }
    String out = buf.toString(StandardCharsets.UTF_8);
    assertThat(out).contains("NAME", "NEXT RUN", "bench.tick", "every 300s", "run_once", TickJob.class.getName() + ".run");
  }
}
