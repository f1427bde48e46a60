package com.awkhad.connector.faults;

import static org.awaitility.Awaitility.await;

import com.awkhad.connector.base.addon.Addon;
import com.awkhad.connector.base.addon.BaseAddon;
import com.awkhad.connector.base.db.DatabaseConfig;
import com.awkhad.connector.base.env.Environment;
import com.awkhad.connector.coffee.CoffeeAddon;
import com.awkhad.connector.coffee.CoffeeBackends;
import com.awkhad.connector.coffee.CoffeeJobs;
import com.awkhad.connector.coffee.simulator.CoffeeMachineSimulator;
import com.awkhad.connector.component.ComponentAddon;
import com.awkhad.connector.component.event.ComponentEventAddon;
import com.awkhad.connector.framework.ConnectorAddon;
import com.awkhad.connector.framework.ConnectorJobs;
import com.awkhad.connector.framework.backend.Backend;
import com.awkhad.connector.framework.backend.Backends;
import com.awkhad.connector.framework.backend.Secret;
import com.awkhad.connector.queue.Queue;
import com.awkhad.connector.queue.read.JobFilter;
import com.awkhad.connector.queue.job.JobFunction;
import com.awkhad.connector.queue.job.JobRecord;
import com.awkhad.connector.queue.job.JobState;
import com.awkhad.connector.queue.job.RetryPattern;
import com.awkhad.connector.queue.runner.Runner;
import org.awaitility.core.ConditionTimeoutException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * The world of a fault test: an environment with the coffee connector on one database, a coffee
 * machine on loopback with a backend on it, fast retries for the connector's jobs, and the
 * bookkeeping of what was asked (orders placed, beverages put on the machine) so that
 * {@link SyncCheck} can say what was lost or duplicated.
 */
final class CoffeeWorld implements AutoCloseable {
  static final String TOKEN = "fault-T0ken-9";
  /** Job methods of the connector layer whose network retries come back after 1 s (stored per binding model, over the addon's settings). */
  private static final List<String> CONNECTOR_JOBS = java.util.stream.Stream.concat(ConnectorJobs.IMPORT_METHODS.stream(),
      ConnectorJobs.EXPORT_METHODS.stream()).toList();

  final Environment env;
  final Queue queue;
  final CoffeeMachineSimulator machine;
  final Backend backend;
  /** Customer name (unique per placed order) to local order id. */
  final Map<String, Long> placed = new LinkedHashMap<>();

  private CoffeeWorld(Environment env, CoffeeMachineSimulator machine, int httpTimeoutSeconds) {
    this.env = env;
    Ledger.install(env); // before any job
    this.queue = env.service(Queue.class);
    this.machine = machine;
    this.backend = CoffeeBackends.create(env, "Fault machine", machine.url(), "barista", Secret.of(TOKEN));
    Backends.of(env).updateSettings(backend.id(), Map.of("http_timeout_seconds", httpTimeoutSeconds));
    for (String binding : List.of(CoffeeAddon.BEVERAGE_BINDING, CoffeeAddon.ORDER_BINDING)) {
      for (String method : CONNECTOR_JOBS) {
        queue.define(JobFunction.of(binding, method).withRetryPattern(RetryPattern.of(Map.of(1, 1))));
      }
    }
  }

  /** The addons a coffee runner loads, in dependency order. */
  static List<Addon> addons() {
    return List.of(new BaseAddon(), new com.awkhad.connector.queue.QueueJobAddon(), new ComponentAddon(),
        new ComponentEventAddon(), new ConnectorAddon(), new CoffeeAddon());
  }

  static CoffeeWorld start(String url, String user, String password, CoffeeMachineSimulator machine, int httpTimeoutSeconds) {
    Environment env = Environment.start(DatabaseConfig.of(url, user, password).withPoolSize(12), addons());
    return new CoffeeWorld(env, machine, httpTimeoutSeconds);
  }

  /** Puts {@code n} more beverages on the machine's menu, ids from {@code firstId}. */
  void putBeverages(int firstId, int n) {
    for (int i = firstId; i < firstId + n; i++) {
      machine.putBeverage(String.valueOf(i), "Brew " + i, 1 + (i % 40) / 10.0, i % 120);
    }
  }

  /** Imports the menu in this thread (no runner), running every pending job until none is left. */
  void importMenuNow() {
    CoffeeJobs.of(env).importMenu(backend.id());
    for (int round = 0; round < 100; round++) {
      List<JobRecord> pending = new ArrayList<>(queue.admin().list(JobFilter.all().state(JobState.PENDING), 10_000));
      if (pending.isEmpty()) {
        return;
      }
      pending.sort(Comparator.comparing(JobRecord::id));
      for (JobRecord job : pending) {
        queue.executor().runNow(job.uuid());
      }
    }
    throw new AssertionError("The menu import still has pending jobs after 100 rounds: " + queue.admin().countByState());
  }

  /** Enqueues a menu import (for a runner to do). */
  void importMenu() {
    CoffeeJobs.of(env).importMenu(backend.id());
  }

  /**
   * Places {@code n} orders of random local beverages (chosen from {@code random}), 100 per
   * transaction; each customer name is unique ({@code prefix-i}).
   */
  void placeOrders(String prefix, int n, Random random) {
    List<Long> beverages = env.model(CoffeeAddon.BEVERAGE).search(com.awkhad.connector.base.model.Domain.all());
    if (beverages.isEmpty()) {
      throw new IllegalStateException("Import the menu before placing orders");
    }
    CoffeeJobs coffee = CoffeeJobs.of(env);
    for (int from = 0; from < n; from += 100) {
      int start = from;
      Map<String, Long> chunk = env.tx().inTransaction(c -> {
        Map<String, Long> out = new LinkedHashMap<>();
        for (int i = start; i < Math.min(n, start + 100); i++) {
          String customer = prefix + "-" + i;
          long beverage = beverages.get(random.nextInt(beverages.size()));
          out.put(customer, coffee.placeOrder(backend.id(), beverage, 1 + random.nextInt(3), customer));
        }
        return out;
      });
      placed.putAll(chunk);
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

  /** Each row of {@code sql}, its columns joined with " | ", for messages. */
  java.util.List<String> rows(String sql) {
    return env.tx().inNewTransaction(c -> {
      java.util.List<String> out = new java.util.ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
        int columns = rs.getMetaData().getColumnCount();
        while (rs.next()) {
          StringBuilder row = new StringBuilder();
          for (int i = 1; i <= columns; i++) {
            row.append(i > 1 ? " | " : "").append(rs.getMetaData().getColumnLabel(i)).append('=').append(rs.getString(i));
          }
          out.add(row.toString());
        }
      }
      return out;
    });
  }

  /** Jobs not finished yet (pending, enqueued, started, waiting for dependencies). */
  long unfinishedJobs() {
    return count("SELECT COUNT(*) FROM queue_job WHERE state IN ('pending', 'enqueued', 'started', 'wait_dependencies')");
  }

  /** Job counts by state, for messages. */
  Map<String, Long> jobsByState() {
    return env.tx().inNewTransaction(c -> {
      Map<String, Long> out = new TreeMap<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT state, COUNT(*) FROM queue_job GROUP BY state");
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.put(rs.getString(1), rs.getLong(2));
        }
      }
      return out;
    });
  }

  /**
   * Waits until no job is unfinished; past {@code atMost}, fails with the jobs left (state,
   * holder, eta, tries, last error), the database's clock and the runner's statistics, so that a
   * stuck job says why no worker picks it up.
   */
  void awaitAllFinished(Duration atMost, long seed, Runner runner) {
    try {
      await().atMost(atMost).pollInterval(Duration.ofMillis(200)).until(() -> unfinishedJobs() == 0);
    } catch (ConditionTimeoutException e) {
      throw new AssertionError("seed " + seed + ": jobs still unfinished after " + atMost + " " + jobsByState()
          + "; runner " + runner.workerId() + " " + runner.stats() + "\n" + unfinishedJobsDetail() + runnerThreads(), e);
    }
  }

  /** What the runner's threads are doing (their top frames): a worker or dispatcher waiting on a lock shows here. */
  static String runnerThreads() {
    StringBuilder out = new StringBuilder("runner threads:\n");
    Thread.getAllStackTraces().entrySet().stream().filter(e -> e.getKey().getName().startsWith("queue-job"))
        .sorted(Comparator.comparing(e -> e.getKey().getName())).forEach(e -> {
          out.append("  ").append(e.getKey().getName()).append(' ').append(e.getKey().getState()).append('\n');
          StackTraceElement[] frames = e.getValue();
          for (int i = 0; i < Math.min(14, frames.length); i++) {
            out.append("      at ").append(frames[i]).append('\n');
          }
        });
    return out.toString();
  }

  /** The backends' circuit breakers (connector_circuit), one line each, for failure messages. */
  String circuits() {
    return env.tx().inNewTransaction(c -> {
      StringBuilder out = new StringBuilder("circuits:\n");
      try (PreparedStatement ps = c.prepareStatement("SELECT backend_id, state, failures, probes, probe_at, probing_until,"
          + " probe_job, (SELECT COUNT(*) FROM connector_circuit_wait w WHERE w.backend_id = k.backend_id)"
          + " FROM connector_circuit k ORDER BY backend_id"); ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.append(String.format(Locale.ROOT, "  backend %d %s failures=%d probes=%d probe_at=%s probing_until=%s"
                  + " probe_job=%s waiting=%d%n", rs.getLong(1), rs.getString(2), rs.getInt(3), rs.getInt(4),
              rs.getObject(5, OffsetDateTime.class), rs.getObject(6, OffsetDateTime.class), rs.getString(7),
              rs.getLong(8)));
        }
      }
      return out.toString();
    });
  }

  /** PostgreSQL: the database's sessions other than idle ones (state, what they wait for, query). */
  String sessions() {
    if (env.database().dialect() != com.awkhad.connector.base.db.Dialect.POSTGRESQL) {
      return "";
    }
    return env.tx().inNewTransaction(c -> {
      StringBuilder out = new StringBuilder("sessions:\n");
      try (PreparedStatement ps = c.prepareStatement("SELECT pid, state, wait_event_type, wait_event,"
          + " EXTRACT(EPOCH FROM (now() - xact_start))::int, LEFT(query, 140) FROM pg_stat_activity"
          + " WHERE datname = current_database() AND state <> 'idle' AND pid <> pg_backend_pid() ORDER BY xact_start");
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.append(String.format(Locale.ROOT, "  pid %d %s wait=%s/%s tx_age=%ss %s%n", rs.getInt(1), rs.getString(2),
              rs.getString(3), rs.getString(4), rs.getString(5), String.valueOf(rs.getString(6)).replace('\n', ' ')));
        }
      }
      return out.toString();
    });
  }

  /** The unfinished jobs (first 20), one per line, with what decides whether a worker picks them up. */
  String unfinishedJobsDetail() {
    return env.tx().inNewTransaction(c -> {
      StringBuilder out = new StringBuilder();
      try (PreparedStatement ps = c.prepareStatement("SELECT CURRENT_TIMESTAMP"); ResultSet rs = ps.executeQuery()) {
        rs.next();
        out.append("database time ").append(rs.getObject(1, OffsetDateTime.class)).append('\n');
      }
      try (PreparedStatement ps = c.prepareStatement("SELECT id, func_name, channel, state, worker_id, eta, retry,"
          + " max_retries, date_enqueued, date_started, exc_name FROM queue_job"
          + " WHERE state IN ('pending', 'enqueued', 'started', 'wait_dependencies') ORDER BY id");
          ResultSet rs = ps.executeQuery()) {
        int n = 0;
        while (rs.next()) {
          if (n++ < 20) {
            out.append(String.format(Locale.ROOT, "  job #%d %s channel=%s state=%s worker_id=%s eta=%s retry=%d/%d"
                    + " date_enqueued=%s date_started=%s exc_name=%s%n", rs.getLong(1), rs.getString(2), rs.getString(3),
                rs.getString(4), rs.getString(5), rs.getObject(6, OffsetDateTime.class), rs.getInt(7), rs.getInt(8),
                rs.getObject(9, OffsetDateTime.class), rs.getObject(10, OffsetDateTime.class), rs.getString(11)));
          }
        }
        if (n > 20) {
          out.append("  ... and ").append(n - 20).append(" more\n");
        }
      }
      return out.toString();
    });
  }

  @Override
  public void close() {
    env.close();
  }
}
