package com.awkhad.connector.spring;

import com.awkhad.connector.base.tx.OuterTransactions;
import java.sql.Connection;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.ConnectionHolder;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.util.ClassUtils;

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
  private static final boolean JPA = ClassUtils.isPresent("org.springframework.orm.jpa.EntityManagerHolder",
      SpringOuterTransactions.class.getClassLoader());
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

    /**
     * Marks the transaction rollback-only globally, as a failing inner {@code @Transactional}
     * method would: its commit then rolls back and throws {@code UnexpectedRollbackException},
     * even when the caller caught our exception.
     */
    @Override
    public void setRollbackOnly(Throwable cause) {
      holder.setRollbackOnly(); // read by the JDBC transaction manager at commit
      if (JPA) {
        JpaRollbackOnly.mark(); // the JPA transaction manager reads the EntityManager's transaction instead
      }
    }

    @Override
    public void beforeCommit(Runnable action) {
      TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
        @Override
        public void beforeCommit(boolean readOnly) {
          action.run();
        }
      });
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
