package com.awkhad.connector.base.event;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The environment's record-event bus. Events published before the environment finished starting
 * (while migrations and addon start hooks run) are dropped, as in the original, so that data
 * loading does not trigger synchronizations.
 *
 * <pre>{@code
 * env.recordEvents().subscribe(e -> log.info("{} {} {}", e.kind(), e.model(), e.id()));
 * }</pre>
 */
public final class RecordEvents {
  private static final Logger log = LoggerFactory.getLogger(RecordEvents.class);
  private final List<RecordObserver> observers = new CopyOnWriteArrayList<>();
  private volatile boolean ready;

  public void subscribe(RecordObserver observer) {
    observers.add(observer);
  }

  public void unsubscribe(RecordObserver observer) {
    observers.remove(observer);
  }

  /** Delivers {@code event} to every observer, in subscription order, if the bus is ready. */
  public void publish(RecordEvent event) {
    if (!ready) {
      log.debug("Dropped {} on {}#{}: environment not ready", event.kind(), event.model(), event.id());
      return;
    }
    for (RecordObserver o : observers) {
      o.onRecordEvent(event);
    }
  }

  public boolean ready() {
    return ready;
  }

  /** Called by the environment once start-up is complete. */
  public void markReady() {
    this.ready = true;
  }
}
