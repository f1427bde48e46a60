package com.awkhad.connector.base.model;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Runs around each statement the record layer sends to the table of a {@link Model#captured()
 * captured} model, on that statement's connection. The {@code component_event} addon installs
 * one that marks the writes made inside a no-export scope, so that the capture trigger records
 * them as imports (no export echoed back). Without it nothing runs.
 *
 * <pre>{@code
 * models.capturedWrites(new CapturedWrites() {
 *   public void before(Connection c) throws SQLException { ...set a transaction-local mark... }
 *   public void after(Connection c) throws SQLException { ...clear it... }
 * });
 * }</pre>
 */
public interface CapturedWrites {
  CapturedWrites NONE = new CapturedWrites() {
    @Override
    public void before(Connection c) {}

    @Override
    public void after(Connection c) {}
  };

  /** Before the INSERT, UPDATE or DELETE. */
  void before(Connection c) throws SQLException;

  /** After it, also when it failed. */
  void after(Connection c) throws SQLException;
}
