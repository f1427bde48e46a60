package com.awkhad.connector.devtools;

import com.awkhad.connector.base.db.DatabaseConfig;
import com.awkhad.connector.base.env.Environment;
import com.awkhad.connector.coffee.CoffeeAddon;
import com.awkhad.connector.coffee.CoffeeBackends;
import com.awkhad.connector.coffee.CoffeeJobs;
import com.awkhad.connector.coffee.simulator.CoffeeMachineSimulator;
import com.awkhad.connector.framework.ConnectorJobs;
import com.awkhad.connector.framework.backend.Backend;
import com.awkhad.connector.framework.backend.Secret;
import com.awkhad.connector.framework.binding.Bindings;
import com.awkhad.connector.queue.Queue;
import com.awkhad.connector.queue.admin.RunJobs;
import com.awkhad.connector.queue.channel.ChannelConfig;
import com.awkhad.connector.queue.job.JobState;
import com.awkhad.connector.queue.runner.Runner;
import com.awkhad.connector.queue.runner.RunnerOptions;
import com.awkhad.connector.server.ConnectorCommand;
import com.awkhad.connector.server.RunCommand;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "bench-sync", description = {
    "Measure synchronisation through per-record connector jobs, against a coffee machine simulator on",
    "127.0.0.1 and this database, with a runner in this process:",
    "import: the machine serves N beverages; one importSince job lists them and enqueues one import job",
    "per beverage; import_records_per_s is N over the time from the import's enqueue to the last bound beverage;",
    "export: N local orders are placed (each with its export job) while no runner runs, then a runner exports",
    "them (POST each); changed: each order's quantity is changed (its export listener enqueues one export",
    "job each), and the runner exports the changes (PUT each; an order that became ready on the machine since",
    "its export is a remote change, which the exporter reads and imports first): export_records_per_s is N over",
    "that time. --exports-share-batches lets the exports share batches (ConnectorJobs.shareExportBatches).",
    "The run's done jobs are removed at the end (its backend, bindings and records stay). --warmup N runs the",
    "three phases on N records first, against a simulator of their own, and does not count them.",
    "Ends with one line:",
    "bench-sync: db=.. records=N workers=W import_records_per_s=I export_new_records_per_s=X export_records_per_s=E"
        + " duplicates=D lost=L"})
final class BenchSyncCommand implements Callable<Integer> {
  @ParentCommand ConnectorCommand parent;

  @Option(names = "--records", paramLabel = "N", defaultValue = "10000",
      description = "Records to import, then to export (default: ${DEFAULT-VALUE}).")
  int records;

  @Option(names = "--workers", paramLabel = "W", defaultValue = "8",
      description = "Runner workers, and the capacity of channel root.coffee (default: ${DEFAULT-VALUE}).")
  int workers;

  @Option(names = "--place-batch", paramLabel = "B", defaultValue = "500",
      description = "Orders placed per transaction (default: ${DEFAULT-VALUE}).")
  int placeBatch;

  @Option(names = "--warmup", paramLabel = "N", defaultValue = "0",
      description = {"Records synchronised first, the same three ways, against a simulator and backend of their own,",
          "and not measured: the JVM has then compiled the sync path, as in a connector that has been up for a",
          "while; 0 measures a cold JVM (default: ${DEFAULT-VALUE})."})
  int warmup;

  @Option(names = "--brew-seconds", paramLabel = "S", defaultValue = "2",
      description = {"How long an order brews on the machine before it is ready, a change of its remote copy that",
          "the changed phase's update then meets and imports first; a brew longer than the run (3600) leaves the",
          "remote copies unchanged, and measures updates without a remote change (default: ${DEFAULT-VALUE})."})
  int brewSeconds;

  @Option(names = "--exports-share-batches",
      description = {"Let the exports share batches (ConnectorJobs.shareExportBatches): several exports a transaction",
          "instead of one, as a process whose adapters honour idempotency keys may choose; the coffee machine does",
          "(default: each export alone in its transaction)."})
  boolean exportsShareBatches;

  @Override
  public Integer call() throws Exception {
    if (records < 1 || workers < 1 || placeBatch < 1 || warmup < 0 || brewSeconds < 0) {
      throw new IllegalArgumentException("--records, --workers and --place-batch must be at least 1, --warmup and"
          + " --brew-seconds at least 0");
    }
    DatabaseConfig db = parent.databaseConfig();
    DatabaseConfig own = RunCommand.forRunner(db, workers + 4);
    ChannelConfig channels = ChannelConfig.parse("root:" + workers + ",root.coffee:" + workers);
    RunnerOptions runnerOptions = RunnerOptions.of(channels).withWorkers(workers);
    OffsetDateTime started = OffsetDateTime.now(ZoneOffset.UTC).minusSeconds(1);
    try (Environment env = RunCommand.start(own)) {
      if (exportsShareBatches) {
        ConnectorJobs.shareExportBatches(env.service(Queue.class));
      }
      boolean warmUpClean = true;
      if (warmup > 0) {
        Pass warm = pass(env, runnerOptions, warmup);
        System.out.printf(Locale.ROOT, "bench-sync-warmup: records=%d import_s=%.2f export_new_s=%.2f export_changed_s=%.2f"
            + " duplicates=%d lost=%d%n", warmup, warm.importSeconds, warm.exportNewSeconds, warm.exportSeconds,
            warm.duplicates, warm.lost);
        warmUpClean = warm.duplicates == 0 && warm.lost == 0; // not measured, but a loss there is still a loss
      }
      Pass p = pass(env, runnerOptions, records);
      long failed = failedJobs(env, started);
      removeDoneJobs(env, started);
      long lost = p.lost + failed;
      System.out.printf(Locale.ROOT, "bench-sync-detail: import_s=%.2f export_new_s=%.2f export_changed_s=%.2f"
              + " requests=%d failed_jobs=%d channels=%s warmup=%d jvm_cpu_us_per_record=%s exports_share_batches=%b"
              + " brew_seconds=%d%n", p.importSeconds, p.exportNewSeconds, p.exportSeconds, p.requests, failed, channels,
          warmup, p.cpu.perRecord(records), exportsShareBatches, brewSeconds);
      System.out.printf(Locale.ROOT, "bench-sync: db=%s records=%d workers=%d import_records_per_s=%.0f"
              + " export_new_records_per_s=%.0f export_records_per_s=%.0f duplicates=%d lost=%d%n",
          db.dialect().id(), records, workers, records / p.importSeconds, records / p.exportNewSeconds,
          records / p.exportSeconds, p.duplicates, lost);
      return p.duplicates == 0 && lost == 0 && warmUpClean ? 0 : 3;
    }
  }

  /** One pass's figures: the three phases' seconds, and what its simulator and bindings show. */
  private record Pass(double importSeconds, double exportNewSeconds, double exportSeconds, long requests,
      long duplicates, long lost, PhaseCpu cpu) {}

  /**
   * This JVM's CPU time (all its threads: workers, dispatcher, HTTP client, the simulator's
   * server, the JIT compiler, GC) during each measured phase; PostgreSQL's is not in it.
   */
  private static final class PhaseCpu {
    private static final com.sun.management.OperatingSystemMXBean OS =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private final long[] nanos = new long[3];
    private long started;

    void start() {
      started = OS.getProcessCpuTime();
    }

    void stop(int phase) {
      nanos[phase] = OS.getProcessCpuTime() - started;
    }

    /** {@code import:X,export_new:Y,export_changed:Z}, microseconds of CPU per record. */
    String perRecord(int n) {
      return String.format(Locale.ROOT, "import:%d,export_new:%d,export_changed:%d",
          nanos[0] / 1000 / n, nanos[1] / 1000 / n, nanos[2] / 1000 / n);
    }
  }

  /**
   * Synchronises {@code n} records the three ways against a simulator and a backend of their own
   * (a random tag in the beverages' ids), each phase with a runner of its own.
   */
  private Pass pass(Environment env, RunnerOptions runnerOptions, int n) throws Exception {
    String tag = UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    String token = UUID.randomUUID().toString();
    try (CoffeeMachineSimulator machine = CoffeeMachineSimulator.builder().token(token).emptyMenu()
        .brewTime(Duration.ofSeconds(brewSeconds)).start()) {
      for (int i = 0; i < n; i++) {
        machine.putBeverage(tag + "-" + i, "Bench beverage " + i, 1.0 + i % 10, 40 + i % 60);
      }
      Backend backend = CoffeeBackends.create(env, "bench-sync " + tag, machine.url(), "bench", Secret.of(token));
      CoffeeJobs coffee = CoffeeJobs.of(env);

      PhaseCpu cpu = new PhaseCpu();
      // 1. import: one listing job, then one job per beverage
      cpu.start();
      long t0 = System.nanoTime();
      double importSeconds;
      try (Runner runner = Runner.start(env, runnerOptions)) {
        coffee.importMenu(backend.id());
        await(() -> bound(env, backend.id(), CoffeeAddon.BEVERAGE_BINDING), n, "beverages imported");
        importSeconds = (System.nanoTime() - t0) / 1e9;
        cpu.stop(0);
      }
      long importedDistinct = distinctBound(env, backend.id(), CoffeeAddon.BEVERAGE_BINDING);

      // 2. export of new orders: placed while no runner runs, then exported
      long beverage = firstBeverage(env, backend.id());
      List<Long> orders = new ArrayList<>(n);
      for (int from = 0; from < n; from += placeBatch) {
        int first = from;
        int to = Math.min(n, from + placeBatch);
        env.tx().run(c -> {
          for (int i = first; i < to; i++) {
            orders.add(coffee.placeOrder(backend.id(), beverage, 1, "bench " + i));
          }
        });
      }
      cpu.start();
      long t1 = System.nanoTime();
      double exportNewSeconds;
      try (Runner runner = Runner.start(env, runnerOptions)) {
        await(machine::orderCount, n, "orders sent");
        exportNewSeconds = (System.nanoTime() - t1) / 1e9;
        cpu.stop(1);
        await(() -> bound(env, backend.id(), CoffeeAddon.ORDER_BINDING), n, "orders bound");
      }

      // 3. export of changed orders: each write enqueues its export job; then exported (PUT)
      for (int from = 0; from < n; from += placeBatch) {
        List<Long> chunk = orders.subList(from, Math.min(n, from + placeBatch));
        env.tx().run(c -> {
          for (long order : chunk) {
            env.model(CoffeeAddon.ORDER).write(order, Map.of("quantity", 2));
          }
        });
      }
      cpu.start();
      long t2 = System.nanoTime();
      double exportSeconds;
      try (Runner runner = Runner.start(env, runnerOptions)) {
        await(() -> machine.orderCountWithQuantity(2), n, "changed orders sent");
        exportSeconds = (System.nanoTime() - t2) / 1e9;
        cpu.stop(2);
      }
      long duplicates = (machine.orderCount() - n) + Math.max(0, importedDistinct - n);
      long lost = n - importedDistinct;
      return new Pass(importSeconds, exportNewSeconds, exportSeconds, machine.requestCount(), duplicates, lost, cpu);
    }
  }

  private static void await(LongSupplier done, long target, String what) throws InterruptedException {
    long last = -1;
    long lastChange = System.nanoTime();
    while (true) {
      long now = done.getAsLong();
      if (now >= target) {
        return;
      }
      if (now != last) {
        last = now;
        lastChange = System.nanoTime();
      } else if (System.nanoTime() - lastChange > TimeUnit.SECONDS.toNanos(60)) {
        throw new IllegalStateException("bench-sync: no progress for 60 s with " + now + " of " + target + " " + what
            + "; see the jobs with ./connector jobs list --state failed");
      }
      Thread.sleep(50);
    }
  }

  /** The bindings so far: polled every 50 ms during a phase, so a plain count (not {@code bound}'s distinct count). */
  private static long bound(Environment env, long backendId, String bindingModel) {
    return Bindings.of(env).count(backendId, bindingModel);
  }

  private static long distinctBound(Environment env, long backendId, String bindingModel) {
    return Bindings.of(env).bound(backendId, bindingModel).localRecords();
  }

  private static long firstBeverage(Environment env, long backendId) {
    Long first = Bindings.of(env).bound(backendId, CoffeeAddon.BEVERAGE_BINDING).firstLocalId();
    return first == null ? 0 : first;
  }

  private static long failedJobs(Environment env, OffsetDateTime since) {
    return RunJobs.of(env.tx()).createdSince(since.toInstant()).count(JobState.FAILED);
  }

  /**
   * Removes this run's done coffee jobs, so that runs do not pile rows up in the job table (which
   * the queue bench reads); the run's backend, bindings and records stay (tagged with the run's id).
   */
  private static void removeDoneJobs(Environment env, OffsetDateTime since) {
    RunJobs.of(env.tx()).functionsStartingWith("<coffee.").createdSince(since.toInstant()).deleteDone();
  }
}
