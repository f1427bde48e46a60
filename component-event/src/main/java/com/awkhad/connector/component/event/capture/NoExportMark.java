package com.awkhad.connector.component.event.capture;

import com.awkhad.connector.base.db.Dialect;
import com.awkhad.connector.base.model.CapturedWrites;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Marks the record layer's writes to captured tables made inside a no-export scope ({@link ExportScope}; an
 * importer's): the trigger reads the mark and records the change with {@code no_export}, so the
 * reader publishes it with export listeners silent. The mark is set just before the statement and
 * cleared just after it, so that a later write of the same transaction outside the scope is not
 * marked. Other writers set it themselves with {@link #SQL_PG} / {@link #SQL_H2}.
 */
final class NoExportMark implements CapturedWrites {
  /** PostgreSQL: a transaction-local setting. */
  static final String SQL_PG = "SELECT set_config('awkhad.no_export', '1', true)";
  static final String CLEAR_PG = "SELECT set_config('awkhad.no_export', '', true)";
  /** H2: a session variable (cleared after the statement). */
  static final String SQL_H2 = "SET @awkhad_no_export = '1'";
  static final String CLEAR_H2 = "SET @awkhad_no_export = NULL";

  private final boolean pg;
  private final ExportScope scope;

  NoExportMark(Dialect dialect, ExportScope scope) {
    this.pg = dialect == Dialect.POSTGRESQL;
    this.scope = scope;
  }

  @Override
  public void before(Connection c) throws SQLException {
    if (scope.suppressed()) {
      run(c, pg ? SQL_PG : SQL_H2);
    }
  }

  @Override
  public void after(Connection c) throws SQLException {
    if (scope.suppressed()) {
      try {
        run(c, pg ? CLEAR_PG : CLEAR_H2);
      } catch (SQLException e) {
        // the write failed and PostgreSQL aborted the transaction: the mark ends with it; the
        // write's own error is the one to report
      }
    }
  }

  private static void run(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }
}
