package com.awkhad.connector.queue.recurring;

import com.awkhad.connector.base.env.Environment;
import com.awkhad.connector.base.jdbc.Jdbc;
import com.awkhad.connector.queue.Queue;
import com.awkhad.connector.queue.delay.Call;
import com.awkhad.connector.queue.delay.PreparedJob;
import com.awkhad.connector.queue.job.JobHandle;
import com.awkhad.connector.queue.job.JobOptions;
import com.awkhad.connector.queue.job.JobState;
import com.awkhad.connector.queue.store.NewJob;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Recurring jobs, stored in the database: what the original got from its cron. Every runner
 * looks for due definitions on each heartbeat; a definition's row is locked while its due job is
 * enqueued and its next time written, in one transaction, so each due time is enqueued exactly
 * once however many runners are up.
 *
 * <pre>{@code
 * RecurringJobs recurring = RecurringJobs.of(env);
 * recurring.define("coffee.import", Schedule.every(Duration.ofMinutes(5)),
 *     CoffeeImporter.class, importer -> importer.importBatch(backendId));
 * recurring.define("nightly.export", Schedule.cron("0 2 * * *"), MissedRuns.SKIP,
 *     Exporter.class, JobOptions.defaults().channel("root.export"), e -> e.exportAll());
 * }</pre>
 *
 * <p>Defining a name again replaces the job and options; its next run stays unless the schedule
 * changed. Missed due times after downtime follow {@link MissedRuns}.
 */
public final class RecurringJobs {
  private static final Logger log = LoggerFactory.getLogger(RecurringJobs.class);
  private static final String COLUMNS = "name, cron, interval_seconds, time_zone, missed, func_name, args, channel,"
      + " enabled, next_run_at, last_run_at, last_job_uuid";

  private final Environment env;
  private final Queue queue;

  private RecurringJobs(Environment env) {
    this.env = env;
    this.queue = env.service(Queue.class);
  }

  /** The recurring jobs of {@code env} (one instance per environment). */
  public static RecurringJobs of(Environment env) {
    synchronized (env) {
      try {
        return env.service(RecurringJobs.class);
      } catch (IllegalStateException absent) {
        RecurringJobs r = new RecurringJobs(env);
        env.register(RecurringJobs.class, r);
        return r;
      }
    }
  }

  /** Defines (or redefines) {@code name} with default options, missed runs run once. */
  public <T> void define(String name, Schedule schedule, Class<T> type, Consumer<? super T> body) {
    define(name, schedule, MissedRuns.RUN_ONCE, type, JobOptions.defaults(), body);
  }

  public <T> void define(String name, Schedule schedule, MissedRuns missed, Class<T> type, Consumer<? super T> body) {
    define(name, schedule, missed, type, JobOptions.defaults(), body);
  }

  /**
   * Defines (or redefines) the recurring job {@code name}: {@code body} makes the one call on
   * {@code type} that each due time enqueues, with {@code options} (channel, priority, max
   * retries, description; eta and identity key are set per due time).
   *
   * @throws IllegalArgumentException when the name is blank or the call cannot be a job
   */
  public <T> void define(String name, Schedule schedule, MissedRuns missed, Class<T> type, JobOptions options,
      Consumer<? super T> body) {
    if (name == null || name.isBlank() || name.length() > 200) {
      throw new IllegalArgumentException("A recurring job needs a name of 1 to 200 characters, got '" + name + "'");
    }
    Call call = queue.delayer().record(type, body);
    PreparedJob job = queue.delayer().prepare(call, options);
    String cron = schedule instanceof Schedule.CronSchedule c ? c.expression() : null;
    Long interval = schedule instanceof Schedule.Every e ? e.interval().toSeconds() : null;
    String zone = schedule instanceof Schedule.CronSchedule c ? c.zone().getId() : "UTC";
    env.tx().run(c -> {
      Instant now = queue.store().now();
      RecurringJob existing = find(c, name);
      boolean sameSchedule = existing != null && existing.schedule().equals(schedule);
      Instant next = sameSchedule ? existing.nextRunAt() : schedule.next(now);
      if (existing != null) {
        Jdbc.update(c, "DELETE FROM queue_job_recurring WHERE name = ?", name);
      }
      Jdbc.update(c, "INSERT INTO queue_job_recurring (name, cron, interval_seconds, time_zone, missed, func_name,"
          + " target_class, method_name, args, description, channel, priority, max_retries, enabled, next_run_at,"
          + " last_run_at, last_job_uuid) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, TRUE, ?, ?, ?)",
          name, cron, interval, zone, missed.dbValue(), job.funcName(), call.type().getName(), call.method().getName(),
          job.args(), job.description(), job.channel(), job.priority(), job.maxRetries(), next,
          existing == null ? null : existing.lastRunAt(), existing == null ? null : existing.lastJobUuid());
    });
  }

  /**
   * Defines {@code name} only when no definition of that name exists, and leaves an existing one
   * as it is (its schedule, and whether it is enabled): for built-in jobs that an operator may
   * disable ({@link #setEnabled}) without a restart turning them on again.
   *
   * @return true when the definition was created
   */
  public <T> boolean defineIfAbsent(String name, Schedule schedule, MissedRuns missed, Class<T> type, JobOptions options,
      Consumer<? super T> body) {
    boolean exists = env.tx().inTransaction(c -> find(c, name) != null);
    if (exists) {
      return false;
    }
    define(name, schedule, missed, type, options, body);
    return true;
  }

  /**
   * Turns the definition {@code name} on or off; a disabled definition enqueues nothing.
   *
   * @throws IllegalArgumentException when there is no such definition
   */
  public void setEnabled(String name, boolean enabled) {
    int n = env.tx().inTransaction(c ->
        Jdbc.update(c, "UPDATE queue_job_recurring SET enabled = ? WHERE name = ?", enabled, name));
    if (n == 0) {
      throw new IllegalArgumentException("No recurring job named '" + name + "'; ./connector jobs recurring lists them");
    }
  }

  /** Removes the definition {@code name}; jobs it already enqueued stay. */
  public boolean remove(String name) {
    return env.tx().inTransaction(c -> Jdbc.update(c, "DELETE FROM queue_job_recurring WHERE name = ?", name) == 1);
  }

  /** Every definition, by next run. */
  public List<RecurringJob> list() {
    return env.tx().inTransaction(c -> Jdbc.queryList(c,
        "SELECT " + COLUMNS + " FROM queue_job_recurring ORDER BY next_run_at, name", RecurringJobs::read));
  }

  /**
   * Enqueues the jobs of every definition due at {@code now} (runners call it on each heartbeat)
   * and moves each definition to its next time.
   *
   * @return how many jobs were enqueued
   */
  public int enqueueDue() {
    return enqueueDue(queue.store().now());
  }

  int enqueueDue(Instant now) {
    return env.tx().inNewTransaction(c -> {
      // the rows it locks would stay locked, their schedule stopped, if the runner fell silent here
      queue.store().dialect().boundIdleTime(c);
      List<String[]> rows = new ArrayList<>();
      List<RecurringJob> due = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + ", target_class, method_name, description,"
          + " priority, max_retries FROM queue_job_recurring WHERE enabled = TRUE AND next_run_at <= ?"
          + " ORDER BY next_run_at LIMIT 100 FOR UPDATE SKIP LOCKED")) {
        Jdbc.bind(ps, now);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            due.add(read(rs));
            rows.add(new String[] {rs.getString("target_class"), rs.getString("method_name"), rs.getString("description"),
                String.valueOf(rs.getInt("priority")), String.valueOf(rs.getInt("max_retries"))});
          }
        }
      }
      int enqueued = 0;
      for (int i = 0; i < due.size(); i++) {
        RecurringJob r = due.get(i);
        String[] x = rows.get(i);
        Instant at = r.nextRunAt();
        Duration late = Duration.between(at, now);
        Duration tolerance = Duration.ofMinutes(1);
        if (r.schedule() instanceof Schedule.Every e && e.interval().compareTo(tolerance) < 0) {
          tolerance = e.interval();
        }
        String uuid = r.lastJobUuid();
        Instant lastRun = r.lastRunAt();
        if (r.missed() == MissedRuns.SKIP && late.compareTo(tolerance) > 0) {
          log.info("Recurring job {}: due time {} missed by {} s, skipped (missed runs: skip)", r.name(), at, late.toSeconds());
        } else {
          JobHandle h = queue.store().insert(c, new NewJob(UUID.randomUUID().toString(), null, x[2], r.funcName(), x[0],
              x[1], r.args(), JobState.PENDING, Integer.parseInt(x[3]), null, Integer.parseInt(x[4]), r.channel(),
              "recurring:" + r.name() + ":" + at, now));
          uuid = h.uuid();
          lastRun = at;
          enqueued++;
          log.debug("Recurring job {}: due {} enqueued as job {}", r.name(), at, uuid);
        }
        Instant next = r.schedule() instanceof Schedule.Every e ? e.nextFrom(at, now) : r.schedule().next(now);
        Jdbc.update(c, "UPDATE queue_job_recurring SET next_run_at = ?, last_run_at = ?, last_job_uuid = ? WHERE name = ?",
            next, lastRun, uuid, r.name());
      }
      return enqueued;
    });
  }

  private static RecurringJob find(Connection c, String name) throws SQLException {
    return Jdbc.queryOne(c, "SELECT " + COLUMNS + " FROM queue_job_recurring WHERE name = ?", RecurringJobs::read, name)
        .orElse(null);
  }

  private static RecurringJob read(ResultSet rs) throws SQLException {
    String cron = rs.getString("cron");
    long interval = rs.getLong("interval_seconds");
    Schedule schedule = cron != null ? Schedule.cron(cron, ZoneId.of(rs.getString("time_zone")))
        : Schedule.every(Duration.ofSeconds(interval));
    return new RecurringJob(rs.getString("name"), schedule, MissedRuns.fromDb(rs.getString("missed")),
        rs.getString("func_name"), rs.getString("args"), rs.getString("channel"), rs.getBoolean("enabled"),
        Jdbc.instant(rs, "next_run_at"), Jdbc.instant(rs, "last_run_at"), rs.getString("last_job_uuid"));
  }
}
