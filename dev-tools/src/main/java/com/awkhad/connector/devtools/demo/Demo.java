package com.awkhad.connector.devtools.demo;

import com.awkhad.connector.base.addon.AddonLoader;
import com.awkhad.connector.base.db.DatabaseConfig;
import com.awkhad.connector.base.env.Environment;
import com.awkhad.connector.base.model.Domain;
import com.awkhad.connector.coffee.CoffeeAddon;
import com.awkhad.connector.coffee.CoffeeBackends;
import com.awkhad.connector.coffee.CoffeeJobs;
import com.awkhad.connector.coffee.simulator.CoffeeMachineSimulator;
import com.awkhad.connector.framework.backend.Backend;
import com.awkhad.connector.framework.backend.Secret;
import com.awkhad.connector.framework.binding.Binding;
import com.awkhad.connector.framework.binding.Bindings;
import com.awkhad.connector.queue.Queue;
import com.awkhad.connector.queue.read.JobFilter;
import com.awkhad.connector.queue.channel.ChannelConfig;
import com.awkhad.connector.queue.job.JobRecord;
import com.awkhad.connector.queue.job.JobState;
import com.awkhad.connector.queue.runner.Runner;
import com.awkhad.connector.queue.runner.RunnerOptions;
import com.awkhad.connector.server.web.WebServer;
import com.awkhad.connector.server.web.WebSettings;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The coffee machine demo behind {@code ./connector demo}: an embedded H2 file database (fresh
 * each run), the coffee machine simulator on loopback, a coffee backend, an in-process runner;
 * it imports the menu, places orders that are exported as jobs (some meeting the machine's
 * injected 503s and being retried), asks the machine every 3 s about the orders being brewed,
 * prints one line per job state change it sees and a summary.
 *
 * <pre>{@code
 * Demo.Report report = new Demo(Demo.Settings.defaults().duration(Duration.ofSeconds(20)), System.out).run();
 * report.beverages();   // local coffee.beverage records imported from the machine
 * }</pre>
 */
public final class Demo {
  /** What the demo does; {@link #defaults()} then the withers. */
  public record Settings(Path dir, Duration duration, int port, int failEvery, Duration latency, int orders,
      String channels, Integer httpPort, String httpToken, String httpReadToken) {
    public static Settings defaults() {
      return new Settings(Path.of("var", "demo"), null, 0, 4, Duration.ofMillis(50), 5, "root:4,root.coffee:1",
          WebSettings.DEFAULT_PORT, null, null);
    }

    public Settings dir(Path v) {
      return new Settings(v, duration, port, failEvery, latency, orders, channels, httpPort, httpToken, httpReadToken);
    }

    /** How long to run; null runs until {@link Demo#stop()} (Ctrl-C). */
    public Settings duration(Duration v) {
      return new Settings(dir, v, port, failEvery, latency, orders, channels, httpPort, httpToken, httpReadToken);
    }

    public Settings port(int v) {
      return new Settings(dir, duration, v, failEvery, latency, orders, channels, httpPort, httpToken, httpReadToken);
    }

    public Settings failEvery(int v) {
      return new Settings(dir, duration, port, v, latency, orders, channels, httpPort, httpToken, httpReadToken);
    }

    public Settings latency(Duration v) {
      return new Settings(dir, duration, port, failEvery, v, orders, channels, httpPort, httpToken, httpReadToken);
    }

    public Settings orders(int v) {
      return new Settings(dir, duration, port, failEvery, latency, v, channels, httpPort, httpToken, httpReadToken);
    }

    public Settings channels(String v) {
      return new Settings(dir, duration, port, failEvery, latency, orders, v, httpPort, httpToken, httpReadToken);
    }

    /** The dashboard's port on 127.0.0.1 (0: any free port); null: no dashboard. */
    public Settings httpPort(Integer v) {
      return new Settings(dir, duration, port, failEvery, latency, orders, channels, v, httpToken, httpReadToken);
    }

    /** The dashboard's admin token and read-only token (null: none; the demo's dashboard stays on 127.0.0.1). */
    public Settings httpTokens(String admin, String read) {
      return new Settings(dir, duration, port, failEvery, latency, orders, channels, httpPort, admin, read);
    }
  }

  /**
   * The final counts, read from the database and the simulator when the demo stops.
   *
   * @param menu beverages on the machine's menu
   * @param beverages local coffee.beverage records bound to the machine
   * @param ordersPlaced local coffee.order records
   * @param ordersSent orders whose binding holds the machine's order id
   * @param ordersReady orders whose local state says the machine finished brewing them
   * @param machineOrders orders the machine received
   * @param jobs jobs per state
   * @param retries failed tries that were retried, over all jobs
   * @param injected503 requests the machine answered 503
   */
  public record Report(int menu, long beverages, long ordersPlaced, long ordersSent, long ordersReady, int machineOrders,
      Map<JobState, Long> jobs, long retries, long injected503) {}

  private static final Duration DRAIN = Duration.ofSeconds(15);
  private static final String[] CUSTOMERS = {"Ada", "Grace", "Linus", "Margaret", "Alan", "Barbara", "Edsger"};

  private final Settings settings;
  private final PrintStream out;
  private final CountDownLatch stop = new CountDownLatch(1);
  private final Random random = new Random();
  private Instant startedAt;

  public Demo(Settings settings, PrintStream out) {
    this.settings = settings;
    this.out = out;
  }

  /** Asks a running demo to finish (its jobs get a few seconds, then the summary is printed). */
  public void stop() {
    stop.countDown();
  }

  /** Runs the demo until its duration has passed or {@link #stop()}; returns the final counts. */
  public Report run() throws InterruptedException {
    startedAt = Instant.now();
    ChannelConfig channels = ChannelConfig.parse(settings.channels(), 4);
    int workers = channels.root().capacity();
    Path dir = settings.dir().toAbsolutePath().normalize();
    try (DirLock lock = DirLock.take(dir)) {
      checkPortsFree();
      reset(dir);
      return run(dir, channels, workers);
    }
  }

  private Report run(Path dir, ChannelConfig channels, int workers) throws InterruptedException {
    DatabaseConfig db = new DatabaseConfig("jdbc:h2:file:" + dir.resolve("demo") + ";DB_CLOSE_ON_EXIT=FALSE", "sa", "",
        workers + 8);
    String token = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
    try (CoffeeMachineSimulator machine = CoffeeMachineSimulator.builder().token(token).port(settings.port())
            .failEvery(settings.failEvery()).latency(settings.latency()).start();
        Environment env = Environment.start(db, AddonLoader.resolve(AddonLoader.discover()))) {
      say("database " + db.safeUrl() + " (fresh)");
      say("coffee machine simulator on " + machine.url() + " (menu of " + machine.beverageIds().size()
          + (settings.failEvery() == 0 ? ", no injected faults, " : ", 1 request in " + settings.failEvery()
          + " answers 503 + Retry-After: 1, ") + settings.latency().toMillis()
          + " ms per request)");
      Backend backend = CoffeeBackends.create(env, "Kitchen machine", machine.url(), "demo", Secret.of(token));
      say("backend '" + backend.name() + "' (coffee.backend #" + backend.id() + ") -> " + machine.url());
      Queue queue = env.service(Queue.class);
      JobWatcher watcher = new JobWatcher(queue, this::say);
      try (Runner runner = Runner.start(env, RunnerOptions.of(channels).withWorkers(workers))) {
        say("runner " + runner.workerId() + " with channels " + channels);
        if (settings.httpPort() != null) {
          WebServer web = WebServer.start(env, WebSettings.loopback(settings.httpPort()).withToken(settings.httpToken())
              .withReadToken(settings.httpReadToken()), runner);
          say("dashboard on " + web.url() + " (what failed and why, retry it; REST API under /api, metrics at /metrics)");
        }
        scenario(env, backend, machine, watcher);
        drain(queue, watcher);
      }
      watcher.poll();
      Report report = report(env, backend, machine, queue);
      printSummary(report);
      return report;
    }
  }

  private void scenario(Environment env, Backend backend, CoffeeMachineSimulator machine, JobWatcher watcher)
      throws InterruptedException {
    CoffeeJobs coffee = CoffeeJobs.of(env);
    Instant end = settings.duration() == null ? null : startedAt.plus(settings.duration());
    say("importing the menu (a batch job, then one job per beverage)");
    coffee.importMenu(backend.id());
    Instant explainAt = Instant.now().plusSeconds(5);
    while (localBeverages(env).size() < machine.beverageIds().size() && !finished(end)) {
      watcher.poll();
      if (Instant.now().isAfter(explainAt)) {
        say(noMenuYet());
        explainAt = Instant.now().plusSeconds(30);
      }
    }
    int placed = 0;
    boolean offMenuPlaced = false;
    Instant sellAgainAt = null;
    String offMenu = null;
    Map<String, Object> removed = null;
    long offMenuLocal = -1;
    Instant nextOrder = Instant.now();
    Instant nextPriceChange = Instant.now().plusSeconds(8);
    Instant nextRefresh = Instant.now().plusSeconds(3);
    while (!finished(end)) {
      watcher.poll();
      Instant now = Instant.now();
      List<Long> beverages = localBeverages(env);
      if (!now.isBefore(nextOrder) && beverages.isEmpty()) {
        say(noMenuYet());
        nextOrder = now.plusSeconds(30);
      }
      if (!now.isBefore(nextOrder) && !beverages.isEmpty() && !offMenuPlaced && settings.orders() > 0) {
        // a permanent failure an operator can act on: an order for a beverage the machine stopped selling
        offMenu = machine.beverageIds().get(machine.beverageIds().size() - 1);
        String name = String.valueOf(machine.beverage(offMenu).get("name"));
        removed = machine.removeBeverage(offMenu);
        long beverage = Bindings.of(env).byExternal(backend.id(), CoffeeAddon.BEVERAGE_BINDING, offMenu).orElseThrow()
            .localId();
        offMenuLocal = beverage;
        long order = coffee.placeOrder(backend.id(), beverage, 1, "Ken");
        say("the machine stopped selling '" + name + "', but our menu still has it: order #" + order + " for it will fail"
            + " (HTTP 422, unknown beverage). To fix it, in the dashboard open the failed job and Cancel it (or remove the"
            + " order); the machine sells '" + name + "' again in 30 s, then Requeue the job and it goes through");
        offMenuPlaced = true;
        sellAgainAt = now.plusSeconds(30);
        placed++;
        nextOrder = now.plusMillis(500);
        continue;
      }
      if (sellAgainAt != null && !now.isBefore(sellAgainAt)) {
        machine.putBeverage(offMenu, String.valueOf(removed.get("name")), ((Number) removed.get("price")).doubleValue(),
            ((Number) removed.get("caffeine_mg")).intValue());
        say("the machine sells '" + removed.get("name") + "' again: requeue the failed order's job in the dashboard"
            + " (Failed → the job → Requeue) and it is sent");
        sellAgainAt = null;
        offMenuLocal = -1;
      }
      final long skip = offMenuLocal; // not while the machine does not sell it: one such failure is the lesson
      beverages = beverages.stream().filter(b -> b != skip).toList();
      if (!now.isBefore(nextOrder) && !beverages.isEmpty()) {
        long beverage = beverages.get(random.nextInt(beverages.size()));
        int cups = 1 + random.nextInt(3);
        String customer = CUSTOMERS[placed % CUSTOMERS.length];
        long order = coffee.placeOrder(backend.id(), beverage, cups, customer);
        say("order #" + order + ": " + cups + " x " + env.model(CoffeeAddon.BEVERAGE).read(beverage).get("name")
            + " for " + customer + " (export job enqueued)");
        placed++;
        nextOrder = now.plus(placed <= settings.orders() ? Duration.ofMillis(500) : Duration.ofSeconds(5));
      }
      if (!now.isBefore(nextRefresh)) {
        int waiting = coffee.refreshOrders(backend.id());
        if (waiting > 0) {
          say("asking the machine about " + waiting + " order(s) being brewed (one import job each)");
        }
        nextRefresh = now.plusSeconds(3);
      }
      if (!now.isBefore(nextPriceChange)) {
        List<String> ids = machine.beverageIds();
        String id = ids.get(random.nextInt(ids.size()));
        double price = Math.round((2 + random.nextDouble() * 2) * 10) / 10.0;
        machine.setPrice(id, price);
        say("the machine changed the price of '" + machine.beverage(id).get("name") + "' to " + price
            + ": importing the menu again (what changed since the last import, with a 30 s safety margin;"
            + " unchanged beverages are up to date)");
        coffee.importMenu(backend.id());
        nextPriceChange = now.plusSeconds(10);
      }
    }
  }

  /** Why no order is placed yet: orders need the menu, and its import has not got through. */
  private String noMenuYet() {
    return settings.failEvery() == 1
        ? "no order placed: orders need the menu, and the machine answers every request with 503 (--fail-every 1),"
            + " so the menu import retries and never gets through. Run with --fail-every 2 or more (0: no faults);"
            + " the dashboard shows the import job retrying"
        : "no order placed yet: orders need the menu, and its import has not finished (see the dashboard's jobs)";
  }

  private boolean finished(Instant end) throws InterruptedException {
    long wait = 200;
    if (end != null) {
      wait = Math.min(wait, Math.max(0, Duration.between(Instant.now(), end).toMillis()));
    }
    return stop.await(wait, TimeUnit.MILLISECONDS) || (end != null && !Instant.now().isBefore(end));
  }

  /** Gives the open jobs (retries due within the drain included) a few seconds to finish before the runner stops. */
  private void drain(Queue queue, JobWatcher watcher) throws InterruptedException {
    Instant until = Instant.now().plus(DRAIN);
    say("stopping: waiting up to " + DRAIN.toSeconds() + " s for open jobs");
    while (Instant.now().isBefore(until)) {
      watcher.poll();
      // a job whose next try is due after the drain would not run anyway: waiting for it only delays the summary
      if (queue.admin().countDueBy(until) == 0) {
        return;
      }
      Thread.sleep(200);
    }
  }

  private static List<Long> localBeverages(Environment env) {
    return env.model(CoffeeAddon.BEVERAGE).search(Domain.all());
  }

  private static Report report(Environment env, Backend backend, CoffeeMachineSimulator machine, Queue queue) {
    Bindings bindings = Bindings.of(env);
    long beverages = 0;
    for (long id : localBeverages(env)) {
      beverages += bindings.ofLocal(CoffeeAddon.BEVERAGE, id).stream()
          .filter(b -> b.backendId() == backend.id() && b.isBound()).count() > 0 ? 1 : 0;
    }
    List<Long> orders = env.model(CoffeeAddon.ORDER).search(Domain.all());
    long sent = 0;
    for (long id : orders) {
      sent += bindings.ofLocal(CoffeeAddon.ORDER, id).stream().filter(Binding::isBound).count() > 0 ? 1 : 0;
    }
    long retries = queue.admin().list(JobFilter.all(), 100_000).stream().mapToLong(Demo::retriedTries).sum();
    long ready = env.model(CoffeeAddon.ORDER).count(Domain.of("state", "=", "ready"));
    return new Report(machine.beverageIds().size(), beverages, orders.size(), sent, ready, machine.orders().size(),
        queue.admin().countByState(), retries, machine.injectedFailures());
  }

  /** Tries of a job that failed and were retried: every try of a pending job, all but the last of a finished one. */
  private static long retriedTries(JobRecord job) {
    boolean finished = job.state() == JobState.DONE || job.state() == JobState.FAILED;
    return Math.max(0, job.retry() - (finished ? 1 : 0));
  }

  private void printSummary(Report r) {
    out.println();
    out.println("Summary after " + Duration.between(startedAt, Instant.now()).toSeconds() + " s:");
    out.println("  menu:    " + r.beverages() + " beverages imported into coffee.beverage (the machine sells " + r.menu()
        + " now)");
    out.println("  orders:  " + r.ordersPlaced() + " placed, " + r.ordersSent() + " sent to the machine (it received "
        + r.machineOrders() + "), " + r.ordersReady() + " known to be ready");
    StringBuilder jobs = new StringBuilder();
    r.jobs().forEach((state, count) -> {
      if (count > 0) {
        jobs.append(jobs.length() == 0 ? "" : ", ").append(count).append(' ').append(state);
      }
    });
    out.println("  jobs:    " + (jobs.length() == 0 ? "none" : jobs) + "; " + r.retries()
        + " retried tries; the machine answered " + r.injected503() + " requests with an injected 503");
    if (r.ordersPlaced() == 0) {
      out.println("  why:     " + noMenuYet());
    }
    long failed = r.jobs().getOrDefault(JobState.FAILED, 0L);
    if (failed > 0) {
      out.println("  failed:  " + failed + " job(s) stopped on an error that retrying does not fix (such as the order"
          + " for a beverage the machine stopped selling): the dashboard's overview says what failed and why");
    }
    out.println("  data:    " + settings.dir().toAbsolutePath().normalize().resolve("demo.mv.db")
        + " (./connector --db jdbc:h2:file:" + settings.dir().toAbsolutePath().normalize().resolve("demo")
        + " jobs list)");
    out.flush();
  }

  private void say(String line) {
    long ms = Duration.between(startedAt, Instant.now()).toMillis();
    out.printf("[%5.1fs] %s%n", ms / 1000.0, line);
    out.flush();
  }

  /** Deletes the demo database files of the last run (demo.*.db), nothing else of the directory. */
  /**
   * Fails, before the database is reset, when a port the demo needs is taken (most often by a
   * demo already running): a second demo must never delete the first one's database.
   */
  private void checkPortsFree() {
    checkPortFree(settings.httpPort(), "--http-port", "the dashboard (pass --http-port 0 for any free port, or"
        + " --no-http)");
    checkPortFree(settings.port(), "--port", "the coffee machine simulator (pass --port 0 for any free port)");
  }

  private static void checkPortFree(Integer port, String option, String what) {
    if (port == null || port == 0) {
      return;
    }
    try (java.net.ServerSocket probe = new java.net.ServerSocket()) {
      probe.bind(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), port));
    } catch (IOException e) {
      throw new IllegalStateException("Port " + port + " on 127.0.0.1 is in use (" + option + "), so " + what
          + " cannot start: is a demo already running? Nothing was changed.", e);
    }
  }

  private static void reset(Path dir) {
    try {
      Files.createDirectories(dir);
      try (Stream<Path> files = Files.list(dir)) {
        for (Path p : files.filter(f -> f.getFileName().toString().matches("demo\\.[a-z.]*db")).toList()) {
          Files.delete(p);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot reset the demo database in " + dir + ": " + e.getMessage()
          + ". Remove its demo.*.db files by hand or pass another --dir", e);
    }
  }
}
