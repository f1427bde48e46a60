package com.awkhad.connector.queue.runner;

import com.awkhad.connector.base.tx.Transactions;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Raw rows in queue_job for runner tests that look at claims only (no job bodies). */
final class Jobs {
  private Jobs() {}

  static long insert(Transactions tx, String channel, int priority, Instant eta, Instant created) {
    return tx.inNewTransaction(c -> {
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO queue_job (uuid, description, func_name, target_class,"
          + " method_name, args, state, priority, eta, channel, date_created) VALUES (?, 'test', 'T.run', 'T', 'run', '[]',"
          + " 'pending', ?, ?, ?, ?)", new String[] {"id"})) {
        ps.setString(1, UUID.randomUUID().toString());
        ps.setInt(2, priority);
        ps.setObject(3, eta == null ? null : eta.atOffset(ZoneOffset.UTC));
        ps.setString(4, channel);
        ps.setObject(5, created.atOffset(ZoneOffset.UTC));
        ps.executeUpdate();
        try (ResultSet rs = ps.getGeneratedKeys()) {
          rs.next();
          return rs.getLong(1);
        }
      }
    });
  }

  static void setState(Transactions tx, long id, String state) {
    tx.run(c -> {
      try (PreparedStatement ps = c.prepareStatement("UPDATE queue_job SET state = ? WHERE id = ?")) {
        ps.setString(1, state);
        ps.setLong(2, id);
        ps.executeUpdate();
      }
    });
  }

  static String state(Transactions tx, long id) {
    return tx.inNewTransaction(c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT state FROM queue_job WHERE id = ?")) {
        ps.setLong(1, id);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          return rs.getString(1);
        }
      }
    });
  }

  static List<String> column(Transactions tx, String sql) {
    return tx.inNewTransaction(c -> {
      List<String> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
      return out;
    });
  }

}
