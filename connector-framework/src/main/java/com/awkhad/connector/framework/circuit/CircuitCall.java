package com.awkhad.connector.framework.circuit;

/**
 * Whether the backend answered during the job running on this thread: the circuit breaker's
 * evidence that a backend is reachable. {@code HttpJsonClient} calls {@link #answered()} on every
 * answer but 502, 503 and 504 (a 404 or a 401 still proves the system is there); an adapter that
 * talks to its system otherwise (SOAP, FTP, a database) calls it when the system answered.
 *
 * <pre>{@code
 * Reply reply = soap.call("GetProduct", id);   // throws NetworkRetryableError when unreachable
 * CircuitCall.answered();
 * }</pre>
 *
 * <p>Outside a job guarded by {@link Circuits#guard} the call does nothing.
 */
public final class CircuitCall {
  private static final ThreadLocal<CircuitCall> CURRENT = new ThreadLocal<>();

  private final CircuitCall previous;
  private int answers;

  private CircuitCall(CircuitCall previous) {
    this.previous = previous;
  }

  /** Notes that the backend answered a request of the current job. */
  public static void answered() {
    CircuitCall call = CURRENT.get();
    if (call != null) {
      call.answers++;
    }
  }

  static CircuitCall open() {
    CircuitCall call = new CircuitCall(CURRENT.get());
    CURRENT.set(call);
    return call;
  }

  boolean anyAnswer() {
    return answers > 0;
  }

  void close() {
    if (previous == null) {
      CURRENT.remove();
    } else {
      previous.answers += answers; // a guarded call inside another: the outer one saw the answers too
      CURRENT.set(previous);
    }
  }
}
