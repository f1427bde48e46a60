package com.awkhad.connector.spring;

import com.awkhad.connector.base.tx.OuterTransactions;
import java.sql.Connection;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.ConnectionHolder;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.transaction.NoTransactionException;
import org.springframework.transaction.interceptor.TransactionAspectSupport;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Spring-managed transactions as {@link OuterTransactions}: when a Spring transaction
 * ({@code @Transactional}, {@code TransactionTemplate}; JDBC or JPA transaction manager) holds a
 * connection of the connector's {@code DataSource} on the thread, the connector's blocks run on
 * that connection and commit or roll back with it.
 *
 * <p>A Spring transaction on another resource (no connection of this {@code DataSource} bound)
 * is not joined: the connector's block then runs in a transaction of its own.
 *
 * <pre>{@code
 * Environment.start(Database.of(dataSource, 10), addons, new SpringOuterTransactions(dataSource));
 * }</pre>
 */
public final class SpringOuterTransactions implements OuterTransactions {
  private final DataSource dataSource;

  public SpringOuterTransactions(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  @Override
  public Outer current() {
    if (!TransactionSynchronizationManager.isActualTransactionActive()
        || !TransactionSynchronizationManager.isSynchronizationActive()
        || !(TransactionSynchronizationManager.getResource(dataSource) instanceof ConnectionHolder holder)) {
      return null;
    }
    Connection connection = DataSourceUtils.getConnection(dataSource);
    return new Joined(connection, holder);
  }

  private final class Joined implements Outer {
    private final Connection connection;
    private final ConnectionHolder holder;

    Joined(Connection connection, ConnectionHolder holder) {
      this.connection = connection;
      this.holder = holder;
    }

    @Override
    public Connection connection() {
      return connection;
    }

    @Override
    public void release() {
      DataSourceUtils.releaseConnection(connection, dataSource);
    }

    @Override
    public void setRollbackOnly(Throwable cause) {
      holder.setRollbackOnly(); // read by the JDBC transaction manager at commit
      try {
        TransactionAspectSupport.currentTransactionStatus().setRollbackOnly(); // @Transactional, whatever the manager
      } catch (NoTransactionException e) {
        // a TransactionTemplate: the exception reaching it rolls back
      }
    }

    @Override
    public void afterCommit(Runnable action) {
      TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
        @Override
        public void afterCommit() {
          action.run();
        }
      });
    }

    @Override
    public void afterRollback(Runnable action) {
      TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
        @Override
        public void afterCompletion(int status) {
          if (status == STATUS_ROLLED_BACK) {
            action.run();
          }
        }
      });
    }
  }
}
