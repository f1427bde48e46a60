package com.awkhad.connector.base.tx;

import java.sql.Connection;

/** A block of database work run by {@link Transactions} with the transaction's connection. */
@FunctionalInterface
public interface TxWork<T> {
  T run(Connection connection) throws Exception;
}
