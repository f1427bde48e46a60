package com.awkhad.connector.component.event.capture;

import com.awkhad.connector.base.model.CapturedWrites;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Marks the record layer's writes to captured tables made inside a no-export scope ({@link ExportScope}; an
 * importer's): the trigger reads the mark and records the change with {@code no_export}, so the
 * reader publishes it with export listeners silent. The mark is set just before the statement and
 * cleared just after it, so that a later write of the same transaction outside the scope is not
 * marked. Other writers set it themselves with the statement of {@link CaptureDialect#markNoExportSql}.
 */
final class NoExportMark implements CapturedWrites {
  private final CaptureDialect dialect;

  private final ExportScope scope;

  NoExportMark(CaptureDialect dialect, ExportScope scope) {
    this.dialect = dialect;
    this.scope = scope;
  }

  @Override
  public void before(Connection c) throws SQLException {
    if (scope.suppressed()) {
      run(c, dialect.markNoExportSql());
    }
  }

  @Override
  public void after(Connection c) throws SQLException {
    if (scope.suppressed()) {
      try {
        run(c, dialect.clearNoExportSql());
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
