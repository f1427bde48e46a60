package com.awkhad.connector.server.web.api;

import com.awkhad.connector.base.env.Environment;
import com.awkhad.connector.base.text.Redact;
import com.awkhad.connector.framework.backend.Backends;
import com.awkhad.connector.queue.channel.ChannelConfig;
import com.awkhad.connector.queue.channel.ChannelSpec;
import com.awkhad.connector.queue.read.JobFilter;
import com.awkhad.connector.queue.read.QueueLoad;
import com.awkhad.connector.queue.read.QueueStats;
import com.awkhad.connector.queue.recurring.RecurringJob;
import com.awkhad.connector.queue.recurring.RecurringJobs;
import com.awkhad.connector.queue.runner.Runner;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The overview's parts as JSON-ready values: counts, channels, runners, recurring jobs, backends,
 * read through queue-job ({@link QueueStats}, {@link QueueLoad}) and the connector ({@link Backends}).
 */
final class QueueReads {
  private final Environment env;
  private final Runner runner;
  private final QueueStats stats;
  private final QueueLoad load;

  QueueReads(Environment env, Runner runner) {
    this.env = env;
    this.runner = runner;
    this.stats = new QueueStats(env.tx());
    this.load = new QueueLoad(env.tx());
  }

  /** Jobs per state, every state present. */
  Map<String, Long> countsByState() {
    return stats.countsByState();
  }

  /** Jobs per channel and state (only the states a channel has). */
  Map<String, Map<String, Long>> countsByChannel() {
    return stats.countsByChannel();
  }

  /** The channel configuration that applies: this process's runner's, else the one a live runner announced. */
  record Config(ChannelConfig channels, String source) {}

  Config config(List<Map<String, Object>> runners) {
    if (runner != null) {
      return new Config(runner.options().channels(), "this process (runner " + runner.workerId() + ")");
    }
    for (Map<String, Object> r : runners) {
      if (Boolean.TRUE.equals(r.get("alive")) && r.get("channels") != null) {
        try {
          return new Config(ChannelConfig.parse((String) r.get("channels")), "runner " + r.get("id"));
        } catch (RuntimeException e) {
          // a runner of another version may write a configuration we cannot read: try the next
        }
      }
    }
    return new Config(null, null);
  }

  /**
   * One row per channel that is configured or has open or failed jobs: capacity, how much of it
   * is used (worker units busy in it and below, see {@link QueueLoad}), pending, scheduled (eta in the future), waiting for
   * dependencies, running and failed jobs.
   */
  List<Map<String, Object>> channels(Config config) {
    Map<String, QueueStats.OpenJobs> counts = stats.openByChannel();
    Map<String, Long> units = load.unitsByChannel();
    Map<String, Instant> oldestDue = load.oldestDueByChannel();
    TreeSet<String> names = new TreeSet<>(counts.keySet());
    ChannelConfig cfg = config.channels();
    if (cfg != null) {
      cfg.channels().stream().filter(ChannelSpec::limited).forEach(s -> names.add(s.name()));
    }
    List<Map<String, Object>> out = new ArrayList<>();
    for (String name : names) {
      QueueStats.OpenJobs n = counts.getOrDefault(name, QueueStats.OpenJobs.NONE);
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("name", name);
      ChannelSpec spec = cfg == null ? null : cfg.spec(name).filter(ChannelSpec::limited).orElse(null);
      row.put("configured", spec != null);
      row.put("capacity", spec == null ? null : spec.capacity());
      row.put("sequential", spec != null && spec.sequential());
      row.put("throttleSeconds", spec == null ? 0 : spec.throttleSeconds());
      row.put("governedBy", cfg == null || spec != null ? null : cfg.resolve(name));
      // worker units, as the runner counts them: a unit holding a batch of jobs uses one slot
      row.put("used", spec == null ? null : QueueLoad.usedBy(name, units));
      row.put("pending", n.pending());
      row.put("scheduled", n.scheduled());
      row.put("running", n.running());
      row.put("waiting", n.waiting());
      row.put("failed", n.failed());
      row.put("oldestDue", oldestDue.get(name)); // how long the longest-waiting due job has waited
      out.add(row);
    }
    return out;
  }

  /** The runners with a lease row: alive while their lease lasts, with their busy worker units. */
  List<Map<String, Object>> runners() {
    Map<String, Long> running = load.unitsByRunner(); // busy worker units, not jobs: comparable to "workers"
    Instant now = Instant.now();
    List<Map<String, Object>> out = new ArrayList<>();
    for (QueueStats.RunnerLease lease : stats.runners()) {
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("id", lease.id());
      r.put("host", lease.host());
      r.put("pid", lease.pid());
      r.put("channels", lease.channels());
      r.put("workers", lease.workers());
      r.put("startedAt", lease.startedAt());
      r.put("heartbeatAt", lease.heartbeatAt());
      r.put("leaseUntil", lease.leaseUntil());
      r.put("alive", lease.alive(now));
      r.put("running", running.getOrDefault(lease.id(), 0L));
      r.put("thisProcess", runner != null && runner.workerId().equals(lease.id()));
      out.add(r);
    }
    return out;
  }

  /** The runner part of a job's {@code worker_id} ({@code <runner id>/<unit>}). */
  static String runnerOf(String workerId) {
    int slash = workerId.indexOf('/');
    return slash < 0 ? workerId : workerId.substring(0, slash);
  }

  /** Recurring job definitions by next run, with the state of the job each enqueued last. */
  List<Map<String, Object>> recurring() {
    List<RecurringJob> defs = RecurringJobs.of(env).list();
    Map<String, String> lastStates = stats.states(defs.stream().map(RecurringJob::lastJobUuid)
        .filter(java.util.Objects::nonNull).toList());
    List<Map<String, Object>> out = new ArrayList<>();
    for (RecurringJob r : defs) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", r.name());
      m.put("schedule", r.schedule().describe());
      m.put("missed", r.missed().name().toLowerCase(java.util.Locale.ROOT));
      m.put("function", r.funcName());
      m.put("channel", r.channel());
      m.put("enabled", r.enabled());
      m.put("nextRunAt", r.nextRunAt());
      m.put("lastRunAt", r.lastRunAt());
      m.put("lastJobUuid", r.lastJobUuid());
      m.put("lastJobState", r.lastJobUuid() == null ? null : lastStates.get(r.lastJobUuid()));
      out.add(m);
    }
    return out;
  }

  /**
   * The configured backends: name, type, location (credentials in it masked), version, active,
   * and the names of their settings. Never the secret column, never settings values.
   */
  List<Map<String, Object>> backends() {
    if (!env.hasAddon("connector")) {
      return List.of();
    }
    Map<Long, QueueLoad.BackendError> errors = load.lastErrorByBackend(java.time.Duration.ofDays(1));
    List<Map<String, Object>> out = new ArrayList<>();
    for (Backends.Summary s : Backends.of(env).summaries()) {
      Map<String, Object> b = new LinkedHashMap<>();
      b.put("id", s.id());
      b.put("name", s.name());
      b.put("type", s.type());
      b.put("location", safeLocation(s.location()));
      b.put("version", s.version());
      b.put("active", s.active());
      b.put("settings", s.settingNames());
      QueueLoad.BackendError e = errors.get(s.id());
      if (e != null) { // the newest try of its jobs that failed, within a day: points at the backend itself
        Map<String, Object> err = new LinkedHashMap<>();
        err.put("at", e.at());
        err.put("excName", e.excName());
        err.put("error", JobFilter.firstLine(e.message()));
        err.put("jobUuid", e.jobUuid());
        b.put("lastError", err);
      } else {
        b.put("lastError", null);
      }
      out.add(b);
    }
    return out;
  }

  /** A location with any {@code user:password@} and credential-like query values masked. */
  static String safeLocation(String location) {
    if (location == null) {
      return null;
    }
    return Redact.url(location); // the one masking rule, shared with the CLI and Backend.toString()
  }

  /** Done jobs, failed and retried tries per minute over the last hour, oldest first. */
  List<Map<String, Object>> throughput() {
    List<Map<String, Object>> out = new ArrayList<>();
    for (QueueLoad.Minute m : load.throughput(60)) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("minute", m.start());
      row.put("done", m.done());
      row.put("failed", m.failed());
      row.put("retried", m.retried());
      out.add(row);
    }
    return out;
  }

  /** Whether the database answers a trivial query. */
  boolean databaseAnswers() {
    return stats.databaseAnswers();
  }

  /** The lease of this process's runner, when it has a live one. */
  Instant runnerLease() {
    return runner == null ? null : stats.leaseUntil(runner.workerId());
  }
}
