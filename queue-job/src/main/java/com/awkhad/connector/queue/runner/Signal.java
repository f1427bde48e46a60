package com.awkhad.connector.queue.runner;

import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/** A coalescing wake-up: any number of signals before a wait count as one. */
final class Signal {
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition raised = lock.newCondition();
  private boolean signaled;

  void raise() {
    lock.lock();
    try {
      signaled = true;
      raised.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Waits until raised or {@code nanos} elapse; clears the signal; true when it was raised. */
  boolean await(long nanos) throws InterruptedException {
    lock.lock();
    try {
      long left = nanos;
      while (!signaled && left > 0) {
        left = raised.awaitNanos(left);
      }
      boolean was = signaled;
      signaled = false;
      return was;
    } finally {
      lock.unlock();
    }
  }
}
