package com.awkhad.connector.queue.read;

import com.awkhad.connector.base.tx.Transactions;
import com.awkhad.connector.queue.job.JobRecord;
import com.awkhad.connector.queue.job.JobState;
import com.awkhad.connector.queue.store.Sql;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The queue's statistics: jobs per state and channel, each channel's open jobs, the runners'
 * leases, and what the metrics' gauges read, in one transaction. The REST API, the dashboard, the
 * metrics and the command line read them here; how busy the workers are is {@link QueueLoad}.
 *
 * <pre>{@code
 * QueueStats stats = new QueueStats(env.tx());
 * stats.countsByState();   // {wait_dependencies=0, pending=12, enqueued=0, started=2, done=340, ...}
 * stats.runners();         // [RunnerLease[id=host-1234-ab, host=host, pid=1234, ...]]
 * }</pre>
 */
public final class QueueStats {
  private final Transactions tx;

  public QueueStats(Transactions tx) {
    this.tx = tx;
  }

  /** Jobs per state ({@link JobState#dbValue}), every state present, in the states' order. */
  public Map<String, Long> countsByState() {
    return tx.inTransaction(c -> {
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

  /** Jobs per channel and state, by channel name (only the states a channel has). */
  public Map<String, Map<String, Long>> countsByChannel() {
    return tx.inTransaction(c -> {
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

  /**
   * A channel's jobs that did not end: pending (scheduled ones included), scheduled (pending with
   * an eta in the future), running (enqueued or started), waiting for dependencies, and failed.
   */
  public record OpenJobs(long pending, long scheduled, long running, long waiting, long failed) {
    public static final OpenJobs NONE = new OpenJobs(0, 0, 0, 0, 0);
  }

  /** The open and failed jobs of every channel that has some, by channel name. */
  public Map<String, OpenJobs> openByChannel() {
    Map<String, long[]> m = tx.inTransaction(c -> {
      Map<String, long[]> counts = new TreeMap<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT channel, state, COUNT(*) FROM queue_job WHERE state IN"
          + " ('wait_dependencies', 'pending', 'enqueued', 'started', 'failed') GROUP BY channel, state");
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          long[] row = counts.computeIfAbsent(rs.getString(1), k -> new long[5]);
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
        Sql.bind(ps, Instant.now());
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            counts.computeIfAbsent(rs.getString(1), k -> new long[5])[1] = rs.getLong(2);
          }
        }
      }
      return counts;
    });
    Map<String, OpenJobs> out = new TreeMap<>();
    m.forEach((channel, n) -> out.put(channel, new OpenJobs(n[0], n[1], n[2], n[3], n[4])));
    return out;
  }

  /** A runner's lease row: who it is, what it runs, and until when its lease holds. */
  public record RunnerLease(String id, String host, long pid, String channels, int workers, Instant startedAt,
      Instant heartbeatAt, Instant leaseUntil) {
    /** Whether the lease still holds at {@code now}. */
    public boolean alive(Instant now) {
      return leaseUntil != null && leaseUntil.isAfter(now);
    }
  }

  /** The runners with a lease row, by start time. */
  public List<RunnerLease> runners() {
    return tx.inTransaction(c -> {
      List<RunnerLease> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT worker_id, host, pid, channels, workers, started_at,"
          + " heartbeat_at, lease_until FROM queue_worker ORDER BY started_at, worker_id");
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new RunnerLease(rs.getString("worker_id"), rs.getString("host"), rs.getLong("pid"),
              rs.getString("channels"), rs.getInt("workers"), JobRecord.instant(rs, "started_at"),
              JobRecord.instant(rs, "heartbeat_at"), JobRecord.instant(rs, "lease_until")));
        }
      }
      return out;
    });
  }

  /** How many runners took a lease at or after {@code since}. */
  public long runnersStartedSince(Instant since) {
    return tx.inNewTransaction(c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM queue_worker WHERE started_at >= ?")) {
        Sql.bind(ps, since);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? rs.getLong(1) : 0L;
        }
      }
    });
  }

  /** The lease of runner {@code workerId}, read in a transaction of its own; null when it has no lease row. */
  public Instant leaseUntil(String workerId) {
    return tx.inNewTransaction(c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT lease_until FROM queue_worker WHERE worker_id = ?")) {
        Sql.bind(ps, workerId);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? JobRecord.instant(rs, "lease_until") : null;
        }
      }
    });
  }

  /** The state of each of these jobs that exists, by uuid. */
  public Map<String, String> states(Collection<String> uuids) {
    return tx.inTransaction(c -> {
      Map<String, String> out = new LinkedHashMap<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT state FROM queue_job WHERE uuid = ?")) {
        for (String uuid : uuids) {
          ps.setString(1, uuid);
          try (ResultSet rs = ps.executeQuery()) {
            if (rs.next()) {
              out.put(uuid, rs.getString(1));
            }
          }
        }
      }
      return out;
    });
  }

  /** Whether the database answers a trivial query within 3 seconds, in a transaction of its own. */
  public boolean databaseAnswers() {
    return tx.inNewTransaction(c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT 1")) {
        ps.setQueryTimeout(3);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next();
        }
      }
    });
  }

  /**
   * What the metrics' gauges show, read at {@code at}: jobs per channel and state, the due time of
   * the oldest due pending job (its creation, or its eta once passed; null when none is due), and
   * the runners whose lease holds or has expired.
   */
  public record Gauges(Instant at, Map<String, Map<String, Long>> countsByChannel, Instant oldestDue,
      long runnersAlive, long runnersExpired) {}

  /** The {@link Gauges}, read in one transaction. */
  public Gauges gauges() {
    return tx.inTransaction(c -> {
      Map<String, Map<String, Long>> counts = new LinkedHashMap<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT channel, state, COUNT(*) FROM queue_job GROUP BY channel, state");
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          counts.computeIfAbsent(rs.getString(1), k -> new LinkedHashMap<>()).put(rs.getString(2), rs.getLong(3));
        }
      }
      Instant t = Instant.now();
      Instant oldest;
      try (PreparedStatement ps = c.prepareStatement("SELECT MIN(date_created) AS m FROM queue_job"
          + " WHERE state = 'pending' AND eta IS NULL"); ResultSet rs = ps.executeQuery()) {
        oldest = rs.next() ? JobRecord.instant(rs, "m") : null;
      }
      try (PreparedStatement ps = c.prepareStatement("SELECT MIN(eta) AS m FROM queue_job WHERE state = 'pending'"
          + " AND eta IS NOT NULL AND eta <= ?")) {
        Sql.bind(ps, t);
        try (ResultSet rs = ps.executeQuery()) {
          Instant eta = rs.next() ? JobRecord.instant(rs, "m") : null;
          if (eta != null && (oldest == null || eta.isBefore(oldest))) {
            oldest = eta;
          }
        }
      }
      long alive = 0;
      long expired = 0;
      try (PreparedStatement ps = c.prepareStatement("SELECT lease_until FROM queue_worker");
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          Instant until = JobRecord.instant(rs, "lease_until");
          if (until != null && until.isAfter(t)) {
            alive++;
          } else {
            expired++;
          }
        }
      }
      return new Gauges(t, counts, oldest, alive, expired);
    });
  }
}
