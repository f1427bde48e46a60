package com.awkhad.connector.devtools;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./connector demo --duration}: the demo's summary matches what its H2 database holds afterwards. */
class DemoCommandTest {

  /** Runs the demo; once it prints its dashboard's address, {@code whileRunning} gets it. */
  private static String runDemo(java.util.function.Consumer<String> whileRunning, String... args) throws Exception {
    PrintStream old = System.out;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
    java.util.concurrent.atomic.AtomicInteger exit = new java.util.concurrent.atomic.AtomicInteger(-1);
    Thread demo = new Thread(() -> exit.set(Main.run(args)), "demo-under-test");
    try {
      demo.start();
      Pattern url = Pattern.compile("dashboard on (http://\\S+/)");
      long deadline = System.nanoTime() + 60_000_000_000L;
      String address = null;
      while (address == null && System.nanoTime() < deadline) {
        Matcher m = url.matcher(buf.toString(StandardCharsets.UTF_8));
        if (m.find()) {
          address = m.group(1);
        } else if (!demo.isAlive()) {
          break;
        } else {
          Thread.sleep(50);
        }
      }
      if (address == null) {
        demo.join();
        throw new AssertionError("the demo printed no dashboard address:\n" + buf.toString(StandardCharsets.UTF_8));
      }
      whileRunning.accept(address);
      demo.join();
    } finally {
      System.setOut(old);
    }
    String out = buf.toString(StandardCharsets.UTF_8);
    System.err.println(out);
    assertThat(exit.get()).isZero();
    return out;
  }

  private static String fetch(String url) {
    try {
      java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(
          java.net.http.HttpRequest.newBuilder(java.net.URI.create(url)).build(),
          java.net.http.HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as("GET %s", url).isEqualTo(200);
      return r.body();
    } catch (java.io.IOException | InterruptedException e) {
      throw new AssertionError("GET " + url + " failed: " + e, e);
    }
  }

  private static long count(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static long group(String out, String regex) {
    Matcher m = Pattern.compile(regex).matcher(out);
    assertThat(m.find()).as("output matches %s", regex).isTrue();
    return Long.parseLong(m.group(1));
  }

  @Test
  void importsTheMenuAndExportsOrdersRetryingTheMachinesFailures(@TempDir Path dir) throws Exception {
    List<String> seen = new ArrayList<>();
    String out = runDemo(dashboard -> {
      seen.add(dashboard);
      seen.add(fetch(dashboard));
      seen.add(fetch(dashboard + "health"));
      seen.add(fetch(dashboard + "api/overview"));
    }, "demo", "--duration", "15", "--orders", "3", "--fail-every", "3", "--http-port", "0", "--dir", dir.toString());

    assertThat(seen.get(0)).startsWith("http://127.0.0.1:");
    assertThat(seen.get(1)).contains("Awkhad Connector", "/assets/app.js");
    assertThat(seen.get(2)).contains("\"status\":\"up\"", "\"runner\"");
    assertThat(seen.get(3)).contains("\"thisProcess\":true", "root.coffee");

    assertThat(out).contains("coffee machine simulator on http://127.0.0.1:", "importing the menu",
        "importSince(", "Created coffee.beverage", "Created coffee.order.binding", "Summary after");
    long imported = group(out, "menu: +(\\d+) beverages imported");
    long placed = group(out, "orders: +(\\d+) placed");
    long sent = group(out, "placed, (\\d+) sent to the machine");
    long machine = group(out, "it received (\\d+)\\)");
    long ready = group(out, "\\), (\\d+) known to be ready");
    long retried = group(out, "; (\\d+) retried tries");
    long injected = group(out, "answered (\\d+) requests with an injected 503");
    try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + dir.resolve("demo") + ";DATABASE_TO_LOWER=TRUE", "sa", "")) {
      assertThat(count(c, "SELECT COUNT(*) FROM coffee_beverage")).isEqualTo(imported).isEqualTo(6);
      assertThat(count(c, "SELECT COUNT(*) FROM connector_binding WHERE binding_model = 'coffee.beverage.binding'"
          + " AND external_id IS NOT NULL")).isEqualTo(6);
      assertThat(count(c, "SELECT COUNT(*) FROM coffee_order")).isEqualTo(placed).isPositive();
      // every order but one is sent: the order for the beverage the machine stopped selling fails, for good
      assertThat(count(c, "SELECT COUNT(*) FROM connector_binding WHERE binding_model = 'coffee.order.binding'"
          + " AND external_id IS NOT NULL")).isEqualTo(sent).isEqualTo(placed - 1).isEqualTo(machine);
      assertThat(count(c, "SELECT COUNT(*) FROM coffee_order WHERE state IN ('sent', 'ready')")).isEqualTo(placed - 1);
      assertThat(count(c, "SELECT COUNT(*) FROM coffee_order WHERE state = 'ready'")).isEqualTo(ready);
      assertThat(count(c, "SELECT COUNT(*) FROM queue_job WHERE state NOT IN ('done', 'failed')")).isZero();
      assertThat(count(c, "SELECT COUNT(*) FROM queue_job WHERE state = 'failed' AND exc_message LIKE"
          + " '%refused with HTTP 422: {\"error\":\"unknown beverage%'")).isEqualTo(1);
      assertThat(out).contains("the machine stopped selling", "Cancel it", "then Requeue the job", "failed:  1 job(s)");
      String secret;
      try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT secret FROM connector_backend")) {
        rs.next();
        secret = rs.getString(1);
      }
      assertThat(secret).hasSizeGreaterThan(16);
      assertThat(out).doesNotContain(secret);
      assertThat(count(c, "SELECT COUNT(*) FROM queue_job WHERE CONCAT(args, '|', COALESCE(result, ''), '|',"
          + " COALESCE(exc_message, ''), '|', COALESCE(exc_info, '')) LIKE '%" + secret + "%'")).isZero();
      // each try sends one request: every injected 503 made exactly one job try again
      assertThat(injected).isPositive();
      assertThat(retried).isEqualTo(injected);
    }
  }

  @Test
  void withEveryRequestFailingItSaysWhyNoOrderIsPlaced(@TempDir Path dir) throws Exception {
    String out = runDemo(dashboard -> { }, "demo", "--duration", "4", "--orders", "2", "--fail-every", "1", "--http-port",
        "0", "--dir", dir.toString());
    assertThat(out).contains("no order placed: orders need the menu, and the machine answers every request with 503"
        + " (--fail-every 1)", "Run with --fail-every 2 or more");
    assertThat(group(out, "orders: +(\\d+) placed")).isZero();
    assertThat(out).contains("why:     no order placed");
  }

  @Test
  void refusesAnotherDatabase(@TempDir Path dir) {
    PrintStream old = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      assertThat(Main.run("--db", "jdbc:h2:mem:other", "demo", "--duration", "1", "--dir", dir.toString())).isEqualTo(1);
    } finally {
      System.setErr(old);
    }
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("its own embedded H2 database", "./connector run");
  }

  private static int status(String url, String token) {
    try {
      java.net.http.HttpRequest.Builder b = java.net.http.HttpRequest.newBuilder(java.net.URI.create(url));
      if (token != null) {
        b.header("Authorization", "Bearer " + token);
      }
      return java.net.http.HttpClient.newHttpClient().send(b.build(), java.net.http.HttpResponse.BodyHandlers.ofString())
          .statusCode();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void guardsItsDashboardWithATokenWhenGivenOne(@TempDir Path dir) throws Exception {
    String token = "demo-token-0123456789abcdef";
    String read = "demo-read-token-0123456789";
    List<Integer> seen = new ArrayList<>();
    runDemo(dashboard -> {
      seen.add(status(dashboard + "api/overview", null));
      seen.add(status(dashboard + "metrics/", null));
      seen.add(status(dashboard + "api/overview", token));
      seen.add(status(dashboard + "api/overview", read));
      seen.add(status(dashboard, null));
    }, "demo", "--duration", "2", "--orders", "0", "--http-port", "0", "--http-token", token, "--http-read-token", read,
        "--dir", dir.toString());
    assertThat(seen).containsExactly(401, 401, 200, 200, 200);

    PrintStream old = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      assertThat(Main.run("demo", "--http-token", "short", "--duration", "1", "--dir", dir.toString())).isEqualTo(1);
    } finally {
      System.setErr(old);
    }
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("too short", "--http-token or CONNECTOR_HTTP_TOKEN");
  }
}
