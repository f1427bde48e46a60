package com.awkhad.connector.spring;

import jakarta.persistence.EntityTransaction;
import org.springframework.orm.jpa.EntityManagerHolder;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/** Marks the thread's JPA transactions rollback-only (loaded only when Spring's JPA support is present). */
final class JpaRollbackOnly {
  private JpaRollbackOnly() {}

  static void mark() {
    for (Object resource : TransactionSynchronizationManager.getResourceMap().values()) {
      if (resource instanceof EntityManagerHolder holder) {
        EntityTransaction tx = holder.getEntityManager().getTransaction();
        if (tx.isActive()) {
          tx.setRollbackOnly();
        }
      }
    }
  }
}
