package com.awkhad.connector.base.event;

/**
 * Receives every {@link RecordEvent} of an environment, synchronously, inside the transaction of
 * the change. An observer that throws aborts the change.
 */
@FunctionalInterface
public interface RecordObserver {
  void onRecordEvent(RecordEvent event);
}
