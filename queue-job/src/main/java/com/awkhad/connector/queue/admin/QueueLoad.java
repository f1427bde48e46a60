package com.awkhad.connector.queue.admin;

import com.awkhad.connector.base.tx.Transactions;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Map;
import java.util.TreeMap;

/**
 * How busy the queue's workers are, counted as the runner counts them: in worker units, not jobs.
 * A unit running a batch of four jobs of a capacity-1 channel uses 1 of 1, as the runner's
 * planner sees it.
 *
 * <pre>{@code
 * QueueLoad load = new QueueLoad(tx);
 * load.unitsByChannel();  // {"root.coffee"=1}   one unit holds a batch of 4 jobs
 * load.unitsByRunner();   // {"host-1234-ab"=1}
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
}
