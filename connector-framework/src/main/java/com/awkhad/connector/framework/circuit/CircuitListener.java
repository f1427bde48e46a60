package com.awkhad.connector.framework.circuit;

/**
 * Told when a backend's circuit opens (its requests fail with network errors; its jobs now wait)
 * and when it closes (a probe succeeded; the waiting jobs were made due). Each change is told once,
 * in the process whose transaction made it, after that transaction committed; several runners on
 * one database therefore tell each change once between them. Register it when your addon starts:
 *
 * <pre>{@code
 * Circuits.of(env).addListener(new CircuitListener() {
 *   public void opened(CircuitOpened e) {
 *     alert("Backend " + e.backendName() + " unreachable: " + e.reason());
 *   }
 *   public void closed(CircuitClosed e) {
 *     alert("Backend " + e.backendName() + " back after " + e.openFor().toSeconds() + " s");
 *   }
 * });
 * }</pre>
 *
 * <p>Calls run on the thread that made the change (a runner's worker): keep them short, and hand
 * slow work (mail, webhooks) to a job or a thread of your own. An exception is logged and ignored.
 */
public interface CircuitListener {
  /** The circuit of {@code event.backendId()} opened. */
  default void opened(CircuitOpened event) {}

  /** The circuit of {@code event.backendId()} closed. */
  default void closed(CircuitClosed event) {}
}
