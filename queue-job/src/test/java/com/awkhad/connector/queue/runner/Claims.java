package com.awkhad.connector.queue.runner;

import com.awkhad.connector.base.db.Dialect;
import com.awkhad.connector.queue.channel.ChannelPlanner;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/** The claim the tests drive by hand: plan for idle units and apply the writes, in the caller's transaction. */
final class Claims {
  private Claims() {}

  static Claimer.Result claim(Connection c, Claimer claimer, List<String> idleUnits) throws SQLException {
    Claimer.Result r = claimer.plan(c, idleUnits.stream().map(u -> new ChannelPlanner.Unit(u, false)).toList());
    RunnerSql.of(Dialect.fromUrl(c.getMetaData().getURL())).applyWrites(c, r.writes());
    return r;
  }
}
