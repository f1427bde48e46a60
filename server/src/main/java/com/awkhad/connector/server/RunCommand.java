package com.awkhad.connector.server;

import ch.qos.logback.classic.Level;
import com.awkhad.connector.base.addon.AddonLoader;
import com.awkhad.connector.base.db.DatabaseConfig;
import com.awkhad.connector.base.db.DatabaseException;
import com.awkhad.connector.base.db.Dialect;
import com.awkhad.connector.base.env.Environment;
import com.awkhad.connector.queue.channel.ChannelConfig;
import com.awkhad.connector.queue.notify.Notifier;
import com.awkhad.connector.framework.circuit.CircuitNotices;
import com.awkhad.connector.framework.circuit.Circuits;
import com.awkhad.connector.queue.runner.Runner;
import com.awkhad.connector.queue.runner.RunnerOptions;
import com.awkhad.connector.server.web.WebServer;
import com.awkhad.connector.server.web.WebSettings;
import com.awkhad.connector.queue.job.JobFunction;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "run", description = {
    "Run a job runner against the configured database until stopped (Ctrl-C or SIGTERM: running jobs get the",
    "grace period to finish, the rest goes back to pending). Start it on as many machines as you like against",
    "one PostgreSQL: channel capacities hold across all of them. H2 allows one runner process."})
public final class RunCommand implements Callable<Integer> {
  @ParentCommand ConnectorCommand parent;

  @Mixin RunnerSettings settings;

  @Mixin HttpSettings http;

  @Option(names = "--grace", paramLabel = "SECONDS", defaultValue = "30",
      description = "How long running jobs may take to finish when stopping (default: ${DEFAULT-VALUE}).")
  int graceSeconds;

  @Option(names = "--lease", paramLabel = "SECONDS", defaultValue = "10",
      description = "Lease of this runner: its jobs are requeued by others this long after it stops heartbeating"
          + " (heartbeat every lease/5; default: ${DEFAULT-VALUE}).")
  int leaseSeconds;

  @Option(names = "--wake-address", paramLabel = "HOST|off",
      description = "Address of this machine on which the runner takes wake hints from enqueuing processes"
          + " (PostgreSQL; a datagram about a millisecond ahead of NOTIFY), or off (default: $CONNECTOR_WAKE_ADDRESS,"
          + " else 127.0.0.1: processes on this machine).")
  String wakeAddress;

  @Option(names = {"-v", "--verbose"}, description = "Log every job state change (debug level).")
  boolean verbose;

  /** --wake-address, else $CONNECTOR_WAKE_ADDRESS, else loopback; "off" turns the hints off. */
  static String wakeAddress(String option, String env) {
    String v = option != null ? option : env;
    return v == null || v.isBlank() ? RunnerOptions.LOOPBACK : v.trim();
  }

  @Override
  public Integer call() throws Exception {
    checkDurations();
    setLogLevels(verbose);
    ChannelConfig channels = settings.channelConfig();
    List<JobFunction> functions = parent.functionSettings();
    int workers = settings.workerCount(channels);
    WebSettings web = http.settings(System.getenv());
    NotifySettings notify = NotifySettings.read(parent.configFile, System.getenv());
    List<DatabaseConfig> databases = parent.databaseConfigs();
    // one environment and one runner per database, each with the same channels (capacities hold
    // per database: each has its own queue); the dashboard serves the first one
    List<Served> served = new java.util.ArrayList<>();
    try {
      for (DatabaseConfig database : databases) {
        boolean first = served.isEmpty();
        served.add(serve(forRunner(database, workers + (web == null || !first ? 0 : 2)), channels, workers, functions,
            first ? web : null, notify));
      }
    } catch (RuntimeException e) {
      closeAll(served);
      throw e;
    }
    Thread hook = new Thread(() -> closeAll(served), "connector-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    for (Served s : served) {
      System.err.println("connector run: runner " + s.runner().workerId() + " on " + s.db().safeUrl() + ", channels "
          + channels + ", " + workers + " worker(s)" + s.runner().wakeAddress().map(a -> "; wake hints on " + a).orElse("")
          + (s.dashboard() == null ? "" : "; dashboard on " + s.dashboard().url())
          + (s.notifier() == null ? "" : "; notifications to " + notify.describe())
          + (served.size() > 1 ? " (database " + (served.indexOf(s) + 1) + " of " + served.size() + ")" : "")
          + ". Stop with Ctrl-C.");
    }
    for (Served s : served) {
      s.runner().awaitStop();
    }
    return 0;
  }

  /** What runs for one database: its environment, runner, dashboard (or null) and notifier (or null). */
  private record Served(DatabaseConfig db, Environment env, Runner runner, WebServer dashboard, Notifier notifier) {}

  /** Starts the environment, notifications, runner and (when {@code web}) dashboard for one database. */
  private Served serve(DatabaseConfig db, ChannelConfig channels, int workers, List<JobFunction> functions,
      WebSettings web, NotifySettings notify) {
    Environment env = start(db);
    try {
      parent.configureFunctions(env, functions);
      // final job failures and backends' circuits to webhooks and mail, from before the first claim; closed with env
      Notifier notifier = notify == null ? null : notify.start(env, NotifySettings.source());
      if (notifier != null && env.hasService(Circuits.class)) {
        Circuits.of(env).addListener(new CircuitNotices(notifier)); // a backend's outage: opened, then closed
      }
      RunnerOptions options = settings.runnerOptions(channels, workers)
          .withShutdownGrace(Duration.ofSeconds(graceSeconds))
          .withLease(Duration.ofMillis(leaseSeconds * 200L), Duration.ofSeconds(leaseSeconds))
          .withWakeAddress(wakeAddress(wakeAddress, System.getenv("CONNECTOR_WAKE_ADDRESS")));
      Runner runner = Runner.start(env, options);
      try {
        WebServer dashboard = web == null ? null : WebServer.start(env, web, runner);
        return new Served(db, env, runner, dashboard, notifier);
      } catch (RuntimeException e) {
        runner.close();
        throw e;
      }
    } catch (RuntimeException e) {
      env.close();
      throw e;
    }
  }

  /** Stops every runner (each gives its running jobs the grace period), then closes the environments. */
  private static void closeAll(List<Served> served) {
    List<Thread> stops = new java.util.ArrayList<>();
    for (Served s : served) {
      Thread t = new Thread(s.runner()::close, "connector-stop-" + s.runner().workerId());
      t.start(); // in parallel: each runner's grace period runs at once, not one after the other
      stops.add(t);
    }
    for (Thread t : stops) {
      try {
        t.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    for (Served s : served) {
      s.env().close(); // closes its dashboard and notifier too (registered with the environment)
    }
  }

  /** Refuses --lease, --grace and --max-batch values no runner can work with, before anything starts. */
  private void checkDurations() {
    if (leaseSeconds < 1 || leaseSeconds > 3600) {
      throw new IllegalArgumentException("--lease must be between 1 and 3600 seconds, got " + leaseSeconds
          + " (the runner heartbeats every lease/5; its jobs are requeued by others that long after it stops)");
    }
    if (graceSeconds < 0) {
      throw new IllegalArgumentException("--grace cannot be negative, got " + graceSeconds
          + "; use 0 to put running jobs back to pending at once when stopping");
    }
    settings.checkBatches();
  }

  /**
   * The pool covers the workers, the dispatcher and the heartbeat; on H2 the database stays open
   * until the runner has released its jobs at shutdown.
   */
  public static DatabaseConfig forRunner(DatabaseConfig db, int workers) {
    String url = db.url();
    if (db.dialect() == Dialect.H2 && !url.toUpperCase(java.util.Locale.ROOT).contains("DB_CLOSE_ON_EXIT")) {
      url += ";DB_CLOSE_ON_EXIT=FALSE";
    }
    return new DatabaseConfig(url, db.user(), db.password(), Math.max(db.poolSize(), workers + 4));
  }

  /** Starts the environment; on H2, says plainly when another process holds the database. */
  public static Environment start(DatabaseConfig db) {
    try {
      return Environment.start(db, AddonLoader.resolve(AddonLoader.discover()));
    } catch (DatabaseException e) {
      if (db.dialect() == Dialect.H2 && String.valueOf(e.getMessage()).contains("already in use")) {
        throw new IllegalStateException("Another process (a runner?) is using the H2 database " + db.safeUrl()
            + ". H2 cannot coordinate several runner processes: stop the other one, or use PostgreSQL"
            + " (--db jdbc:postgresql://HOST/DB) to run several runners.", e);
      }
      throw e;
    }
  }

  /** Info level for the runner's summary lines unless CONNECTOR_LOG_LEVEL says otherwise. */
  static void setLogLevels(boolean verbose) {
    ch.qos.logback.classic.Logger ours = (ch.qos.logback.classic.Logger) LoggerFactory.getLogger("com.awkhad.connector");
    if (System.getenv("CONNECTOR_LOG_LEVEL") == null) {
      ours.setLevel(Level.INFO);
    }
    if (verbose) {
      ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("com.awkhad.connector.queue")).setLevel(Level.DEBUG);
    }
  }
}
