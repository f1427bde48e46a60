package com.awkhad.connector.queue.read;

import com.awkhad.connector.base.tx.Transactions;
import com.awkhad.connector.queue.store.JobTries;
import com.awkhad.connector.queue.store.Sql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How busy the queue is: its workers, counted as the runner counts them (in worker units, not
 * jobs), its throughput per minute, how long due jobs wait, and each backend's last error.
 * A unit running a batch of four jobs of a capacity-1 channel uses 1 of 1, as the runner's
 * planner sees it.
 *
 * <pre>{@code
 * QueueLoad load = new QueueLoad(tx);
 * load.unitsByChannel();  // {"root.coffee"=1}   one unit holds a batch of 4 jobs
 * load.unitsByRunner();   // {"host-1234-ab"=1}
 * load.throughput(60);     // [Minute[start=21:03Z, done=118, failed=0, retried=3], ...] oldest first
 * }</pre>
 */
public final class QueueLoad {
  /** The units holding enqueued or started jobs, per channel: the runner's claim reads the same rows. */
  static final String UNITS_BY_CHANNEL = "SELECT channel, COUNT(DISTINCT COALESCE(worker_id, uuid)) FROM queue_job"
      + " WHERE state IN ('enqueued', 'started') GROUP BY channel";
  static final String UNITS = "SELECT DISTINCT worker_id FROM queue_job"
      + " WHERE state IN ('enqueued', 'started') AND worker_id IS NOT NULL";

  private final Transactions tx;

  public QueueLoad(Transactions tx) {
    this.tx = tx;
  }

  /** Worker units busy in each channel (a job not yet claimed by a unit counts as one). */
  public Map<String, Long> unitsByChannel() {
    return tx.inTransaction(c -> {
      Map<String, Long> out = new TreeMap<>();
      try (PreparedStatement ps = c.prepareStatement(UNITS_BY_CHANNEL); ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.put(rs.getString(1), rs.getLong(2));
        }
      }
      return out;
    });
  }

  /**
   * Units busy in {@code channel} and the channels below it ({@code root.coffee} counts
   * {@code root.coffee.orders}): what a channel's capacity limits.
   */
  public static long usedBy(String channel, Map<String, Long> unitsByChannel) {
    long used = 0;
    for (Map.Entry<String, Long> e : unitsByChannel.entrySet()) {
      if (e.getKey().equals(channel) || e.getKey().startsWith(channel + ".")) {
        used += e.getValue();
      }
    }
    return used;
  }

  /** Worker units busy per runner ({@code worker_id} is {@code <runner id>/<unit>}). */
  public Map<String, Long> unitsByRunner() {
    return tx.inTransaction(c -> {
      Map<String, Long> out = new TreeMap<>();
      try (PreparedStatement ps = c.prepareStatement(UNITS); ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String unit = rs.getString(1);
          int slash = unit.indexOf('/');
          out.merge(slash < 0 ? unit : unit.substring(0, slash), 1L, Long::sum);
        }
      }
      return out;
    });
  }

  /** Jobs done, tries failed for good and tries retried in one minute. */
  public record Minute(Instant start, long done, long failed, long retried) {}

  /**
   * Done jobs, failed tries and retried tries per minute over the {@code minutes} minutes up to
   * now, oldest first, every minute present (zeros included): counted in the database.
   */
  public List<Minute> throughput(int minutes) {
    Instant end = Instant.now().truncatedTo(ChronoUnit.MINUTES).plus(1, ChronoUnit.MINUTES);
    Instant start = end.minus(minutes, ChronoUnit.MINUTES);
    Map<Instant, long[]> counts = new TreeMap<>();
    for (int i = 0; i < minutes; i++) {
      counts.put(start.plus(i, ChronoUnit.MINUTES), new long[3]);
    }
    tx.inTransaction(c -> {
      count(c, "SELECT DATE_TRUNC('minute', date_done), COUNT(*) FROM queue_job WHERE state = 'done' AND date_done >= ?"
          + " GROUP BY DATE_TRUNC('minute', date_done)", start, counts, 0);
      count(c, "SELECT DATE_TRUNC('minute', ended_at), COUNT(*) FROM queue_job_try WHERE kind = 'try' AND outcome <> '"
          + JobTries.RETRIED + "' AND ended_at >= ? GROUP BY DATE_TRUNC('minute', ended_at)", start, counts, 1);
      count(c, "SELECT DATE_TRUNC('minute', ended_at), COUNT(*) FROM queue_job_try WHERE kind = 'try' AND outcome = '"
          + JobTries.RETRIED + "' AND ended_at >= ? GROUP BY DATE_TRUNC('minute', ended_at)", start, counts, 2);
      return null;
    });
    List<Minute> out = new ArrayList<>();
    counts.forEach((t, n) -> out.add(new Minute(t, n[0], n[1], n[2])));
    return out;
  }

  private static void count(Connection c, String sql, Instant start, Map<Instant, long[]> counts, int slot)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      Sql.bind(ps, start);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          Instant minute = rs.getObject(1, OffsetDateTime.class).toInstant().truncatedTo(ChronoUnit.MINUTES);
          long[] n = counts.get(minute);
          if (n != null) {
            n[slot] += rs.getLong(2);
          }
        }
      }
    }
  }

  /** The due time of the oldest pending job that is due (its eta passed, or none), per channel. */
  public Map<String, Instant> oldestDueByChannel() {
    return tx.inTransaction(c -> {
      Map<String, Instant> out = new TreeMap<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT channel, MIN(COALESCE(eta, date_created)) FROM queue_job"
          + " WHERE state = 'pending' AND (eta IS NULL OR eta <= ?) GROUP BY channel")) {
        Sql.bind(ps, Instant.now());
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.put(rs.getString(1), rs.getObject(2, OffsetDateTime.class).toInstant());
          }
        }
      }
      return out;
    });
  }

  /** The last try that ended in an error for a backend's jobs: when, and what. */
  public record BackendError(long backendId, Instant at, String excName, String message, String jobUuid) {}

  /** Per backend, the newest try of its jobs that ended in an error within {@code within}. */
  public Map<Long, BackendError> lastErrorByBackend(java.time.Duration within) {
    return tx.inTransaction(c -> {
      Map<Long, BackendError> out = new TreeMap<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT j.backend_id, t.ended_at, t.exc_name, t.exc_message, j.uuid"
          + " FROM queue_job_try t JOIN queue_job j ON j.uuid = t.job_uuid WHERE t.kind = 'try' AND j.backend_id IS NOT NULL"
          + " AND t.ended_at >= ? ORDER BY t.ended_at DESC, t.id DESC")) {
        Sql.bind(ps, Instant.now().minus(within));
        ps.setMaxRows(5_000);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            long id = rs.getLong(1);
            out.putIfAbsent(id, new BackendError(id, rs.getObject(2, OffsetDateTime.class).toInstant(), rs.getString(3),
                rs.getString(4), rs.getString(5)));
          }
        }
      }
      return out;
    });
  }
}
