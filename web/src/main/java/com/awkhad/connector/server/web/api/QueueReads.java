package com.awkhad.connector.server.web.api;

import com.awkhad.connector.base.env.Environment;
import com.awkhad.connector.base.text.Redact;
import com.awkhad.connector.queue.admin.QueueLoad;
import com.awkhad.connector.queue.channel.ChannelConfig;
import com.awkhad.connector.queue.channel.ChannelSpec;
import com.awkhad.connector.queue.job.JobRecord;
import com.awkhad.connector.queue.job.JobState;
import com.awkhad.connector.queue.recurring.RecurringJob;
import com.awkhad.connector.queue.recurring.RecurringJobs;
import com.awkhad.connector.queue.runner.Runner;
import com.awkhad.connector.queue.store.Sql;
import com.fasterxml.jackson.databind.JsonNode;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/** The reads behind the overview: counts, channels, runners, recurring jobs, backends. */
final class QueueReads {
  private final Environment env;
  private final Runner runner;
  private final QueueLoad load;

  QueueReads(Environment env, Runner runner) {
    this.env = env;
    this.runner = runner;
    this.load = new QueueLoad(env.tx());
  }

  /** Jobs per state, every state present. */
  Map<String, Long> countsByState() {
    return env.tx().inTransaction(c -> {
      Map<String, Long> out = new LinkedHashMap<>();
      for (JobState s : JobState.values()) {
        out.put(s.dbValue(), 0L);
      }
      try (PreparedStatement ps = c.prepareStatement("SELECT state, COUNT(*) FROM queue_job GROUP BY state");
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.put(rs.getString(1), rs.getLong(2));
        }
      }
      return out;
    });
  }

  /** Jobs per channel and state (only the states a channel has). */
  Map<String, Map<String, Long>> countsByChannel() {
    return env.tx().inTransaction(c -> {
      Map<String, Map<String, Long>> out = new TreeMap<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT channel, state, COUNT(*) FROM queue_job GROUP BY channel, state");
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.computeIfAbsent(rs.getString(1), k -> new LinkedHashMap<>()).put(rs.getString(2), rs.getLong(3));
        }
      }
      return out;
    });
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
    Map<String, long[]> counts = env.tx().inTransaction(c -> {
      Map<String, long[]> m = new TreeMap<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT channel, state, COUNT(*) FROM queue_job WHERE state IN"
          + " ('wait_dependencies', 'pending', 'enqueued', 'started', 'failed') GROUP BY channel, state");
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          long[] row = m.computeIfAbsent(rs.getString(1), k -> new long[5]);
          long n = rs.getLong(3);
          switch (rs.getString(2)) {
            case "pending" -> row[0] += n;
            case "enqueued", "started" -> row[2] += n;
            case "wait_dependencies" -> row[3] += n;
            case "failed" -> row[4] += n;
            default -> { }
          }
        }
      }
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT channel, COUNT(*) FROM queue_job WHERE state = 'pending' AND eta > ? GROUP BY channel")) {
        ps.setObject(1, Instant.now().atOffset(ZoneOffset.UTC));
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            m.computeIfAbsent(rs.getString(1), k -> new long[5])[1] = rs.getLong(2);
          }
        }
      }
      return m;
    });
    Map<String, Long> units = load.unitsByChannel();
    Map<String, Instant> oldestDue = load.oldestDueByChannel();
    TreeSet<String> names = new TreeSet<>(counts.keySet());
    ChannelConfig cfg = config.channels();
    if (cfg != null) {
      cfg.channels().stream().filter(ChannelSpec::limited).forEach(s -> names.add(s.name()));
    }
    List<Map<String, Object>> out = new ArrayList<>();
    for (String name : names) {
      long[] n = counts.getOrDefault(name, new long[5]);
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
      row.put("pending", n[0]);
      row.put("scheduled", n[1]);
      row.put("running", n[2]);
      row.put("waiting", n[3]);
      row.put("failed", n[4]);
      row.put("oldestDue", oldestDue.get(name)); // how long the longest-waiting due job has waited
      out.add(row);
    }
    return out;
  }

  /** The runners with a lease row: alive while their lease lasts, with their busy worker units. */
  List<Map<String, Object>> runners() {
    Map<String, Long> running = load.unitsByRunner(); // busy worker units, not jobs: comparable to "workers"
    return env.tx().inTransaction(c -> {
      Instant now = Instant.now();
      List<Map<String, Object>> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT worker_id, host, pid, channels, workers, started_at,"
          + " heartbeat_at, lease_until FROM queue_worker ORDER BY started_at, worker_id");
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          Map<String, Object> r = new LinkedHashMap<>();
          String id = rs.getString("worker_id");
          Instant lease = JobRecord.instant(rs, "lease_until");
          r.put("id", id);
          r.put("host", rs.getString("host"));
          r.put("pid", rs.getLong("pid"));
          r.put("channels", rs.getString("channels"));
          r.put("workers", rs.getInt("workers"));
          r.put("startedAt", JobRecord.instant(rs, "started_at"));
          r.put("heartbeatAt", JobRecord.instant(rs, "heartbeat_at"));
          r.put("leaseUntil", lease);
          r.put("alive", lease != null && lease.isAfter(now));
          r.put("running", running.getOrDefault(id, 0L));
          r.put("thisProcess", runner != null && runner.workerId().equals(id));
          out.add(r);
        }
      }
      return out;
    });
  }

  /** The runner part of a job's {@code worker_id} ({@code <runner id>/<unit>}). */
  static String runnerOf(String workerId) {
    int slash = workerId.indexOf('/');
    return slash < 0 ? workerId : workerId.substring(0, slash);
  }

  /** Recurring job definitions by next run, with the state of the job each enqueued last. */
  List<Map<String, Object>> recurring() {
    List<RecurringJob> defs = RecurringJobs.of(env).list();
    Map<String, String> lastStates = env.tx().inTransaction(c -> {
      Map<String, String> m = new LinkedHashMap<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT state FROM queue_job WHERE uuid = ?")) {
        for (RecurringJob r : defs) {
          if (r.lastJobUuid() != null) {
            ps.setString(1, r.lastJobUuid());
            try (ResultSet rs = ps.executeQuery()) {
              if (rs.next()) {
                m.put(r.lastJobUuid(), rs.getString(1));
              }
            }
          }
        }
      }
      return m;
    });
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
    return env.tx().inTransaction(c -> {
      List<Map<String, Object>> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT id, name, backend_type, location, version, active, settings FROM connector_backend ORDER BY id");
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          Map<String, Object> b = new LinkedHashMap<>();
          b.put("id", rs.getLong("id"));
          b.put("name", rs.getString("name"));
          b.put("type", rs.getString("backend_type"));
          b.put("location", safeLocation(rs.getString("location")));
          b.put("version", rs.getString("version"));
          b.put("active", rs.getBoolean("active"));
          b.put("settings", settingNames(rs.getString("settings")));
          QueueLoad.BackendError e = errors.get(rs.getLong("id"));
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
      }
      return out;
    });
  }

  /** A location with any {@code user:password@} and credential-like query values masked. */
  static String safeLocation(String location) {
    if (location == null) {
      return null;
    }
    return Redact.url(location); // the one masking rule, shared with the CLI and Backend.toString()
  }

  private static List<String> settingNames(String settingsJson) {
    Object tree = Json.tree(settingsJson);
    List<String> names = new ArrayList<>();
    if (tree instanceof JsonNode node && node.isObject()) {
      for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
        names.add(it.next());
      }
    }
    return names;
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
    return env.tx().inNewTransaction(c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT 1")) {
        ps.setQueryTimeout(3);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next();
        }
      }
    });
  }

  /** The lease of this process's runner, when it has a live one. */
  Instant runnerLease() {
    if (runner == null) {
      return null;
    }
    return env.tx().inNewTransaction(c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT lease_until FROM queue_worker WHERE worker_id = ?")) {
        Sql.bind(ps, runner.workerId());
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? JobRecord.instant(rs, "lease_until") : null;
        }
      }
    });
  }
}
