package com.awkhad.connector.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.awkhad.connector.base.addon.AddonLoader;
import com.awkhad.connector.base.db.DatabaseConfig;
import com.awkhad.connector.base.env.Environment;
import com.awkhad.connector.coffee.CoffeeAddon;
import com.awkhad.connector.coffee.simulator.CoffeeMachineSimulator;
import com.awkhad.connector.framework.backend.Backends;
import com.awkhad.connector.testkit.Cli;
import com.awkhad.connector.testkit.TestDatabases;
import com.awkhad.connector.testkit.TestDb;
import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./connector backends create|show|update|check|schedule|disable|delete}, {@code import} and
 * {@code export} on the CLI's default database (H2), against the coffee machine simulator on
 * 127.0.0.1. The secret is never printed nor stored in jobs.
 */
class BackendsCliTest {
  private static final String TOKEN = "cli-T0ken-5ecret";
  private static final String ROTATED = "cli-R0tated-5ecret";
  private static final Pattern UUID = Pattern.compile("(?m)^([0-9a-f-]{36})");

  @AfterEach
  void restore() {
    SecretInput.environment = System::getenv;
    SecretInput.stdin = () -> System.in;
  }

  private static Cli.Result cli(TestDb db, String... args) {
    List<String> all = new ArrayList<>(List.of("--db", db.url()));
    all.addAll(List.of(args));
    Cli.Result r = CliTest.run(all.toArray(String[]::new));
    assertThat(r.out() + r.err()).doesNotContain(TOKEN).doesNotContain(ROTATED);
    return r;
  }

  private static List<String> uuids(String out) {
    List<String> found = new ArrayList<>();
    Matcher m = UUID.matcher(out);
    while (m.find()) {
      found.add(m.group(1));
    }
    return found;
  }

  private static Environment env(TestDb db) {
    return Environment.start(DatabaseConfig.of(db.url(), db.user(), db.password()),
        AddonLoader.resolve(AddonLoader.discover()));
  }

  private static String jobColumns(Environment env) {
    return env.tx().inTransaction(c -> {
      StringBuilder all = new StringBuilder();
      for (String table : List.of("queue_job", "queue_job_recurring")) {
        try (PreparedStatement ps = c.prepareStatement("SELECT * FROM " + table); ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
              all.append(rs.getString(i)).append('|');
            }
          }
        }
      }
      return all.toString();
    });
  }

  @Test
  void createShowCheckImportExportScheduleDisableDelete(@TempDir Path dir) throws Exception {
    TestDb db = TestDatabases.fresh("h2");
    try (CoffeeMachineSimulator machine = CoffeeMachineSimulator.builder().token(TOKEN).start()) {
      SecretInput.stdin = () -> new ByteArrayInputStream((TOKEN + "\n").getBytes(StandardCharsets.UTF_8));
      Cli.Result created = cli(db, "backends", "create", "coffee.backend", "Kitchen machine", "--location",
          machine.url(), "--setting", "username=barista", "--setting", "http_timeout_seconds=5", "--secret-stdin");
      assertThat(created.code()).as(created.err()).isZero();
      assertThat(created.out()).contains("Created backend 'Kitchen machine' (id 1)", "secret     set (stored in clear",
          "username=barista", "coffee.beverage.binding (0 binding(s))");

      Cli.Result unknown = cli(db, "backends", "create", "tea.backend", "Tea", "--location", "http://127.0.0.1:1");
      assertThat(unknown.code()).isEqualTo(1);
      assertThat(unknown.err()).contains("Unknown backend type 'tea.backend'. Known types: coffee.backend (models"
          + " coffee.beverage.binding, coffee.order.binding)");

      Cli.Result check = cli(db, "backends", "check", "Kitchen machine");
      assertThat(check.code()).as(check.out() + check.err()).isZero();
      assertThat(check.out()).containsPattern("coffee.beverage.binding +OK +GET " + Pattern.quote(machine.url())
          + "/beverages answered HTTP 200");

      // a wrong secret from an environment variable: 401, named, and the check fails
      SecretInput.environment = name -> name.equals("COFFEE_TOKEN") ? ROTATED : null;
      assertThat(cli(db, "backends", "update", "Kitchen machine", "--secret-from-env", "COFFEE_TOKEN").out())
          .contains("secret replaced");
      Cli.Result refused = cli(db, "backends", "check", "Kitchen machine", "--model", "coffee.beverage.binding");
      assertThat(refused.code()).isEqualTo(1);
      assertThat(refused.out()).contains("UNAUTHORIZED", "HTTP 401", "--secret-stdin");
      assertThat(cli(db, "backends", "update", "Kitchen machine", "--secret-from-env", "NOT_SET_ANYWHERE").err())
          .contains("The environment variable NOT_SET_ANYWHERE named by --secret-from-env is not set");
      SecretInput.environment = name -> name.equals("COFFEE_TOKEN") ? TOKEN : null;
      cli(db, "backends", "update", "Kitchen machine", "--secret-from-env", "COFFEE_TOKEN");

      // a port nobody listens on, and https spoken to the plain simulator
      int closed;
      try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        closed = s.getLocalPort();
      }
      cli(db, "backends", "create", "coffee.backend", "Closed", "--location", "http://127.0.0.1:" + closed);
      Cli.Result closedCheck = cli(db, "backends", "check", "Closed");
      assertThat(closedCheck.code()).isEqualTo(1);
      assertThat(closedCheck.out()).contains("REFUSED", "Nothing listens on 127.0.0.1:" + closed);
      assertThat(closedCheck.err()).contains("2 of 2 check(s) failed");

      Cli.Result show = cli(db, "backends", "show", "Kitchen machine");
      assertThat(show.out()).contains("backend    Kitchen machine (id 1)", "secret     set", "http_timeout_seconds=5");
      assertThat(cli(db, "backends", "show", "Closed").out()).contains("secret     not set");
      assertThat(cli(db, "backends", "show", "Kitchen").err()).contains("No backend named 'Kitchen'. Backends:"
          + " 'Kitchen machine' (id 1), 'Closed' (id 2)");

      Cli.Result imported = cli(db, "import", "Kitchen machine", "coffee.beverage.binding");
      assertThat(imported.code()).as(imported.err()).isZero();
      List<String> jobs = uuids(imported.out());
      assertThat(jobs).hasSize(1);
      assertThat(cli(db, "import", "Kitchen machine", "coffee.beverage.binding", "--since", "2026-11-28").code()).isZero();
      assertThat(uuids(cli(db, "import", "Kitchen machine", "coffee.order.binding", "--external-id", "1",
          "--external-id", "2").out())).hasSize(2);
      assertThat(cli(db, "import", "Kitchen machine", "coffee.order.binding", "--all").err())
          .contains("no batch importer for coffee.order.binding", "--external-id");
      assertThat(cli(db, "import", "Kitchen machine", "coffee.beverage", "--all").err())
          .contains("no binding model 'coffee.beverage' (coffee.beverage is the local model of coffee.beverage.binding)");

      long order;
      try (Environment env = env(db)) {
        assertThat(env.service(com.awkhad.connector.queue.Queue.class).job(jobs.get(0)).orElseThrow().funcName())
            .isEqualTo("<coffee.beverage.binding>.importSince");
        long beverage = env.model(CoffeeAddon.BEVERAGE).create(Map.of("name", "Espresso"));
        order = env.model(CoffeeAddon.ORDER).create(Map.of("beverage_id", beverage, "quantity", 1));
      }
      Cli.Result exported = cli(db, "export", "Kitchen machine", "coffee.order.binding", "--record",
          String.valueOf(order));
      assertThat(exported.code()).as(exported.err()).isZero();
      assertThat(exported.out()).contains("binding 1 created (not exported yet)");
      assertThat(uuids(exported.out())).hasSize(1);

      Cli.Result scheduled = cli(db, "backends", "schedule", "Kitchen machine", "coffee.beverage.binding", "--every",
          "5m");
      assertThat(scheduled.code()).as(scheduled.err()).isZero();
      assertThat(scheduled.out()).contains("Scheduled: import coffee.beverage.binding changed records every 300s",
          "recurring job backend:1:import:coffee.beverage.binding");
      assertThat(cli(db, "jobs", "recurring").out()).contains("backend:1:import:coffee.beverage", "every 300s");
      Path file = dir.resolve("schedules.properties");
      Files.writeString(file, "schedule.menu.backend=Kitchen machine\nschedule.menu.model=coffee.beverage.binding\n"
          + "schedule.menu.cron=*/15 * * * *\n");
      assertThat(cli(db, "backends", "schedule", "--file", file.toString()).out())
          .contains("1 schedule(s) applied from " + file);
      assertThat(cli(db, "backends", "show", "Kitchen machine").out())
          .contains("schedules  import coffee.beverage.binding */15 * * * *");

      assertThat(cli(db, "backends", "disable", "Kitchen machine").out()).contains("archived");
      assertThat(cli(db, "import", "Kitchen machine", "coffee.beverage.binding").err()).contains("is archived");
      assertThat(cli(db, "backends", "enable", "Kitchen machine").out()).contains("active again");

      Cli.Result refusedDelete = cli(db, "backends", "delete", "Kitchen machine");
      assertThat(refusedDelete.code()).isEqualTo(1);
      assertThat(refusedDelete.err()).contains("has 1 binding(s)", "backends disable 'Kitchen machine'", "--force");
      assertThat(cli(db, "backends", "delete", "Kitchen machine", "--force").out())
          .contains("Deleted backend 'Kitchen machine' (id 1): 1 binding(s) and 1 schedule(s) removed");
      assertThat(cli(db, "backends", "list").out()).contains("Closed", "1 backend(s)");

      try (Environment env = env(db)) {
        assertThat(jobColumns(env)).doesNotContain(TOKEN).doesNotContain(ROTATED);
        assertThat(Backends.of(env).list()).hasSize(1);
      }
    }
  }

  @Test
  void secretStdinRefusesAnEmptyInputAndCreatesNothing() {
    TestDb db = TestDatabases.fresh("h2");
    SecretInput.stdin = () -> new ByteArrayInputStream(new byte[0]);
    Cli.Result r = cli(db, "backends", "create", "coffee.backend", "K", "--location", "http://127.0.0.1:1",
        "--secret-stdin");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("--secret-stdin read no secret");
    assertThat(cli(db, "backends", "list").out()).contains("0 backend(s)");
  }
}
