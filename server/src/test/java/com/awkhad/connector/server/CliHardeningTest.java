package com.awkhad.connector.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.awkhad.connector.base.addon.AddonLoader;
import com.awkhad.connector.base.db.DatabaseConfig;
import com.awkhad.connector.base.env.Environment;
import com.awkhad.connector.framework.backend.Backends;
import com.awkhad.connector.framework.backend.Secret;
import com.awkhad.connector.queue.Queue;
import com.awkhad.connector.queue.channel.ChannelConfig;
import com.awkhad.connector.queue.job.JobHandle;
import com.awkhad.connector.queue.job.JobOptions;
import com.awkhad.connector.queue.runner.RunnerOptions;
import com.awkhad.connector.testkit.Cli;
import com.awkhad.connector.testkit.DbTest;
import com.awkhad.connector.testkit.TestDb;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** The CLI's answers to hostile or mistaken input (docs/security.md, "CLI, configuration and secrets"). */
class CliHardeningTest {
  static final String HOSTILE = "tea\u001b[2J\u0007 ok\r\nINFO 00:00 forged line";

  /** A job whose failure message comes from a remote body. */
  public static class Remote {
    public void sync(int id) {
      throw new IllegalStateException("remote said \u001b]0;pwned\u0007\r\nWARN forged " + id);
    }
  }

  private static Cli.Result cli(TestDb db, Path dir, String... args) throws Exception {
    Path config = dir.resolve("connector.properties");
    Files.writeString(config, "db.user=" + db.user() + "\ndb.password=" + db.password() + "\n");
    List<String> all = new ArrayList<>(List.of("--db", db.url(), "--config", config.toString()));
    all.addAll(List.of(args));
    return CliTest.run(all.toArray(String[]::new));
  }

  private static Environment env(TestDb db) {
    return Environment.start(DatabaseConfig.of(db.url(), db.user(), db.password()),
        AddonLoader.resolve(AddonLoader.discover()));
  }

  private static String randomKey() {
    byte[] raw = new byte[32];
    new SecureRandom().nextBytes(raw);
    return Base64.getEncoder().encodeToString(raw);
  }

  // --- 3. secrets ---

  @DbTest
  void sealSecretsWithTheWrongKeyFailsNamingTheBackendsAndCheckSecretsSaysSo(TestDb db, @TempDir Path dir)
      throws Exception {
    String key = randomKey();
    System.setProperty("connector.secretKey", key);
    try (Environment env = env(db)) {
      Backends.of(env).newBackend("Kitchen machine", "coffee.backend").location("http://127.0.0.1:8070")
          .secret(Secret.of("tok-kitchen")).create();
    } finally {
      System.clearProperty("connector.secretKey");
    }
    System.setProperty("connector.secretKey", key);
    try {
      Cli.Result ok = cli(db, dir, "backends", "check-secrets");
      assertThat(ok.code()).as(ok.err()).isZero();
      assertThat(ok.out()).contains("1 secret(s) checked: 1 open with the key");
    } finally {
      System.clearProperty("connector.secretKey");
    }
    System.setProperty("connector.secretKey", randomKey()); // another key, no CONNECTOR_SECRET_KEY_PREVIOUS
    try {
      Cli.Result seal = cli(db, dir, "backends", "seal-secrets");
      assertThat(seal.code()).isEqualTo(1);
      assertThat(seal.out()).doesNotContain("secret(s) encrypted");
      assertThat(seal.err()).contains("cannot be opened: 'Kitchen machine' (id ", "CONNECTOR_SECRET_KEY_PREVIOUS",
          "Nothing was changed");
      Cli.Result check = cli(db, dir, "backends", "check-secrets");
      assertThat(check.code()).isEqualTo(1);
      assertThat(check.err()).contains("1 backend secret(s) cannot be opened: 'Kitchen machine'");
    } finally {
      System.clearProperty("connector.secretKey");
    }
    System.setProperty("connector.secretKey", Base64.getEncoder().encodeToString(new byte[32]));
    try {
      Cli.Result zero = cli(db, dir, "backends", "check-secrets");
      assertThat(zero.code()).isEqualTo(1);
      assertThat(zero.err()).contains("CONNECTOR_SECRET_KEY is 32 zero bytes");
    } finally {
      System.clearProperty("connector.secretKey");
    }
  }

  // --- 4. no silent fallback to H2 ---

  @Test
  void anEmptyDbGarbageOrATypoInTheConfigFileIsRefusedNotRunOnH2(@TempDir Path dir) throws Exception {
    Cli.Result empty = CliTest.run("--db", "", "jobs", "list");
    assertThat(empty.code()).isEqualTo(1);
    assertThat(empty.err()).contains("--db is empty");
    Path typo = dir.resolve("typo.properties");
    Files.writeString(typo, "db.uri=jdbc:postgresql://127.0.0.1:1/db\n");
    Cli.Result typoed = CliTest.run("--config", typo.toString(), "jobs", "list");
    assertThat(typoed.code()).isEqualTo(1);
    assertThat(typoed.err()).contains("'db.uri' (did you mean db.url?)");
    Path garbage = dir.resolve("garbage.bin");
    Files.write(garbage, new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x1b, '\r', '\n', 0, 7, 'x'});
    Cli.Result junk = CliTest.run("--config", garbage.toString(), "jobs", "list");
    assertThat(junk.code()).isEqualTo(1);
    assertThat(junk.err()).contains("unknown key").doesNotContain("\u001b");
  }

  // --- 6. limits ---

  @Test
  void workersAndChannelCapacitiesAreCappedAndTheRightOptionIsBlamed() {
    RunnerSettings huge = new RunnerSettings();
    huge.channels = "root:2147483647";
    assertThatThrownBy(huge::channelConfig).hasMessageContaining("capacity 2147483647 is more than 10000")
        .hasMessageEndingWith("(from --channels)");
    RunnerSettings shared = new RunnerSettings();
    shared.channels = "root:5000";
    ChannelConfig config = shared.channelConfig();
    assertThatThrownBy(() -> shared.workerCount(config)).hasMessageContaining("root channel's capacity (5000, from"
        + " --channels)").hasMessageContaining("--workers N (at most 1000)");
    assertThat(RunnerOptions.of(config).workers()).isEqualTo(RunnerOptions.MAX_WORKERS);
    RunnerSettings tooMany = new RunnerSettings();
    tooMany.workers = 1_000_000;
    assertThatThrownBy(tooMany::channelConfig).hasMessage("--workers must be between 1 and 1000, got 1000000");

    Cli.Result zero = CliTest.run("run", "--workers", "0", "--no-http");
    assertThat(zero.code()).isEqualTo(1);
    assertThat(zero.err()).contains("--workers must be between 1 and 1000, got 0").doesNotContain("CONNECTOR_CHANNELS");
  }

  // --- 7. terminal and log injection ---

  @DbTest
  void jobsListAndShowEscapeControlCharactersAndLogsGetNoForgedLine(TestDb db, @TempDir Path dir) throws Exception {
    Logger executorLog = (Logger) LoggerFactory.getLogger("com.awkhad.connector.queue.exec.JobExecutor");
    ListAppender<ILoggingEvent> logged = new ListAppender<>();
    logged.start();
    executorLog.addAppender(logged);
    JobHandle job;
    try (Environment env = env(db)) {
      Queue queue = env.service(Queue.class);
      job = queue.enqueue(Remote.class, JobOptions.defaults().description(HOSTILE).maxRetries(1), r -> r.sync(7));
      queue.executor().runNow(job.uuid());
    } finally {
      executorLog.detachAppender(logged);
    }
    assertThat(logged.list).isNotEmpty();
    for (ILoggingEvent e : logged.list) {
      assertThat(e.getFormattedMessage()).doesNotContain("\n", "\r", "\u001b", "\u0007");
    }
    assertThat(logged.list).anySatisfy(e -> assertThat(e.getFormattedMessage()).contains("\\e]0;pwned\\x07\\r\\nWARN"));

    Cli.Result list = cli(db, dir, "jobs", "list");
    assertThat(list.code()).as(list.err()).isZero();
    assertThat(list.out()).doesNotContain("\u001b", "\u0007", "\r").contains("tea\\e[2J\\x07 ok\\r\\nINFO")
        .contains("remote said \\e]0;pwned\\x07\\r\\nWARN forged 7").doesNotContainPattern("(?m)^(INFO|WARN) ");

    Cli.Result show = cli(db, dir, "jobs", "show", job.uuid());
    assertThat(show.code()).as(show.err()).isZero();
    assertThat(show.out()).doesNotContain("\u001b", "\u0007", "\r")
        .contains("description   tea\\e[2J\\x07 ok\\r\\nINFO 00:00 forged line")
        .doesNotContainPattern("(?m)^(INFO|WARN) ")
        .containsPattern("(?m)^trace:\\n  \\S");
    String trace = show.out().substring(show.out().indexOf("trace:\n") + "trace:\n".length());
    assertThat(trace.lines().filter(l -> !l.isEmpty())).allSatisfy(l -> assertThat(l).startsWith("  "));
  }

  // --- 8. credentials in locations and database URLs ---

  @DbTest
  void backendsListMasksCredentialsInLocations(TestDb db, @TempDir Path dir) throws Exception {
    try (Environment env = env(db)) {
      Backends.of(env).newBackend("Shop", "coffee.backend")
          .location("https://bob:hunter2@shop.example/api?access_token=T0K&page=2").create();
    }
    Cli.Result list = cli(db, dir, "backends", "list");
    assertThat(list.code()).as(list.err()).isZero();
    assertThat(list.out()).contains("https://***@shop.example/api?access_token=***&page=2")
        .doesNotContain("hunter2", "T0K");
  }

  @Test
  void connectionErrorsMaskCredentialsInTheDatabaseUrl() {
    Cli.Result pg = CliTest.run("--db", "jdbc:postgresql://bob:hunter2@127.0.0.1:1/db?password=pw2&ssl=false",
        "jobs", "list");
    assertThat(pg.code()).isEqualTo(1);
    assertThat(pg.err()).contains("Cannot connect to jdbc:postgresql://***@127.0.0.1:1/db?password=***")
        .doesNotContain("hunter2", "pw2");
  }

  // --- 9. data ---

  @Test
  void runValidatesLeaseGraceAndBatchBeforeRegisteringAndNeverSaysNull(@TempDir Path dir) throws Exception {
    String url = "jdbc:h2:file:" + dir.resolve("lease") + ";AUTO_SERVER=FALSE";
    Cli.Result lease = CliTest.run("--db", url, "run", "--lease", "0", "--no-http", "--wake-address", "off");
    assertThat(lease.code()).isEqualTo(1);
    assertThat(lease.err()).contains("--lease must be between 1 and 3600 seconds, got 0").doesNotContain("null");
    Cli.Result grace = CliTest.run("--db", url, "run", "--grace", "-1", "--no-http");
    assertThat(grace.code()).isEqualTo(1);
    assertThat(grace.err()).contains("--grace cannot be negative, got -1");
    Cli.Result budget = CliTest.run("--db", url, "run", "--batch-budget-ms", "-5", "--no-http");
    assertThat(budget.code()).isEqualTo(1);
    assertThat(budget.err()).contains("--batch-budget-ms (CONNECTOR_BATCH_BUDGET_MS) cannot be negative, got -5");
    try (Connection c = DriverManager.getConnection(url, "sa", "");
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_NAME ="
            + " 'QUEUE_WORKER' OR TABLE_NAME = 'queue_worker'")) {
      rs.next();
      assertThat(rs.getInt(1)).as("nothing was started, not even the schema").isZero();
    }
    assertThatThrownBy(() -> RunnerOptions.of(ChannelConfig.parse("root:1"))
        .withLease(Duration.ZERO, Duration.ZERO)).hasMessageContaining("The heartbeat must be positive");
    assertThat(Main.message(new IllegalArgumentException())).doesNotContain("null")
        .contains("IllegalArgumentException");
    assertThat(Main.message(new RuntimeException((String) null, new IllegalStateException("inner cause"))))
        .isEqualTo("RuntimeException: inner cause");
  }

  @Test
  void h2UrlOptionsThatRunScriptsAreRefused(@TempDir Path dir) {
    Path marker = dir.resolve("marker.txt");
    Cli.Result r = CliTest.run("--db", "jdbc:h2:mem:evil;INIT=CALL FILE_WRITE('x', '" + marker + "')",
        "jobs", "list");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("sets INIT", "is refused");
    assertThat(marker).doesNotExist();
  }
}
