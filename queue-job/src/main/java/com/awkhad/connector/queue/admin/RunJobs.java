package com.awkhad.connector.queue.admin;

import com.awkhad.connector.base.tx.Transactions;
import com.awkhad.connector.queue.job.JobRecord;
import com.awkhad.connector.queue.job.JobState;
import com.awkhad.connector.queue.read.JobFilter;
import com.awkhad.connector.queue.store.Sql;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The jobs one run made, for a tool that measures the queue (the benchmarks): picked by their
 * function (exact names, or a prefix), the start of their arguments (a run's id) and when they
 * were created; counted, timed from their own timestamps, and their done rows removed afterwards.
 *
 * <pre>{@code
 * RunJobs run = RunJobs.of(env.tx()).functions(BenchJob.class.getName() + ".noop").argsStartingWith("[\"" + runId + "\",");
 * run.anyUnfinished();         // false once every job ran
 * run.count(JobState.DONE);   // 10000
 * run.doneWindow();           // Window[firstEnqueued=..., lastDone=...]
 * run.deleteDone();           // the run's done rows are gone
 * }</pre>
 */
public final class RunJobs {
  private final Transactions tx;
  private final List<String> functions;
  private final String functionPrefix;
  private final List<String> argsPrefixes;
  private final Instant createdSince;

  private RunJobs(Transactions tx, List<String> functions, String functionPrefix, List<String> argsPrefixes,
      Instant createdSince) {
    this.tx = tx;
    this.functions = List.copyOf(functions);
    this.functionPrefix = functionPrefix;
    this.argsPrefixes = List.copyOf(argsPrefixes);
    this.createdSince = createdSince;
  }

  /** Every job, until narrowed. */
  public static RunJobs of(Transactions tx) {
    return new RunJobs(tx, List.of(), null, List.of(), null);
  }

  /** Only jobs of these functions ({@code <class>.<method>}, as stored). */
  public RunJobs functions(String... names) {
    return new RunJobs(tx, List.of(names), functionPrefix, argsPrefixes, createdSince);
  }

  /** Only jobs whose function starts with {@code prefix} ({@code <coffee.}). */
  public RunJobs functionsStartingWith(String prefix) {
    return new RunJobs(tx, functions, prefix, argsPrefixes, createdSince);
  }

  /** Only jobs whose arguments' JSON starts with one of {@code prefixes} ({@code ["<run id>",}). */
  public RunJobs argsStartingWith(String... prefixes) {
    return new RunJobs(tx, functions, functionPrefix, List.of(prefixes), createdSince);
  }

  /** Only jobs created at or after {@code since}. */
  public RunJobs createdSince(Instant since) {
    return new RunJobs(tx, functions, functionPrefix, argsPrefixes, since);
  }

  /**
   * The unfinished states, each as a condition that one partial index of {@code queue_job} serves
   * (pending due now, pending with an eta, claimed or running, waiting for dependencies).
   */
  private static final List<String> UNFINISHED = List.of(
      "state = 'pending' AND eta IS NULL", "state = 'pending' AND eta IS NOT NULL",
      "state IN ('enqueued', 'started')", "state = 'wait_dependencies'");

  /**
   * Whether any of the jobs is still to run (waiting for dependencies, pending, claimed or running).
   * Cheap while a run drains, unlike {@link #count}: one index probe per unfinished state, each
   * stopping at its first match, where a count of the done jobs reads every one of them (on
   * 2026-12-04 a bench polling that count spent more PostgreSQL time than the runner's jobs).
   */
  public boolean anyUnfinished() {
    return tx.inNewTransaction(c -> {
      for (String state : UNFINISHED) {
        List<Object> params = new ArrayList<>();
        String where = where(state, params);
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM queue_job" + where + " LIMIT 1")) {
          Sql.bind(ps, params.toArray());
          try (ResultSet rs = ps.executeQuery()) {
            if (rs.next()) {
              return true;
            }
          }
        }
      }
      return false;
    });
  }

  /** How many of the jobs are in {@code state}. */
  public long count(JobState state) {
    List<Object> params = new ArrayList<>();
    String where = where(state, params);
    return tx.inNewTransaction(c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM queue_job" + where)) {
        Sql.bind(ps, params.toArray());
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? rs.getLong(1) : 0L;
        }
      }
    });
  }

  /** A done job's arguments (their JSON) and its tries (1 for a job that ran once). */
  public record Done(String args, int tries) {}

  /** The done jobs' arguments and tries. */
  public List<Done> done() {
    List<Object> params = new ArrayList<>();
    String where = where(JobState.DONE, params);
    return tx.inNewTransaction(c -> {
      List<Done> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT args, retry FROM queue_job" + where)) {
        Sql.bind(ps, params.toArray());
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(new Done(rs.getString(1), rs.getInt(2)));
          }
        }
      }
      return out;
    });
  }

  /** From the first claim ({@code date_enqueued}) to the last end among the done jobs; each null when none is done. */
  public record Window(Instant firstEnqueued, Instant lastDone) {}

  public Window doneWindow() {
    List<Object> params = new ArrayList<>();
    String where = where(JobState.DONE, params);
    return tx.inNewTransaction(c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT MIN(date_enqueued) AS f, MAX(date_done) AS l FROM queue_job"
          + where)) {
        Sql.bind(ps, params.toArray());
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? new Window(JobRecord.instant(rs, "f"), JobRecord.instant(rs, "l")) : new Window(null, null);
        }
      }
    });
  }

  /**
   * The jobs one worker unit ran from one claim (same {@code worker_id} and {@code date_enqueued}):
   * the first job's start, the last job's end, and how many jobs.
   */
  public record Claim(Instant firstStarted, Instant lastDone, long jobs) {}

  /** The done jobs grouped by the claim that took them. */
  public List<Claim> doneByClaim() {
    List<Object> params = new ArrayList<>();
    String where = where(JobState.DONE, params);
    return tx.inNewTransaction(c -> {
      List<Claim> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT MIN(date_started) AS f, MAX(date_done) AS l, COUNT(*)"
          + " FROM queue_job" + where + " GROUP BY worker_id, date_enqueued")) {
        Sql.bind(ps, params.toArray());
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(new Claim(JobRecord.instant(rs, "f"), JobRecord.instant(rs, "l"), rs.getLong(3)));
          }
        }
      }
      return out;
    });
  }

  /** Removes the done jobs' rows (not their dependency or try rows: a measuring run makes none worth keeping). */
  public int deleteDone() {
    List<Object> params = new ArrayList<>();
    String where = where(JobState.DONE, params);
    return tx.inTransaction(c -> {
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM queue_job" + where)) {
        Sql.bind(ps, params.toArray());
        return ps.executeUpdate();
      }
    });
  }

  private String where(JobState state, List<Object> params) {
    params.add(state.dbValue());
    return where("state = ?", params);
  }

  private String where(String stateCondition, List<Object> params) {
    StringBuilder w = new StringBuilder(" WHERE ").append(stateCondition);
    if (!functions.isEmpty()) {
      w.append(" AND func_name IN (").append(String.join(", ", Collections.nCopies(functions.size(), "?"))).append(')');
      params.addAll(functions);
    }
    if (functionPrefix != null) {
      w.append(" AND func_name LIKE ? ESCAPE '!'");
      params.add(JobFilter.escapeLike(functionPrefix) + "%");
    }
    if (!argsPrefixes.isEmpty()) {
      w.append(" AND (").append(String.join(" OR ", Collections.nCopies(argsPrefixes.size(), "args LIKE ? ESCAPE '!'")))
          .append(')');
      argsPrefixes.forEach(p -> params.add(JobFilter.escapeLike(p) + "%"));
    }
    if (createdSince != null) {
      w.append(" AND date_created >= ?");
      params.add(createdSince);
    }
    return w.toString();
  }
}
