package com.awkhad.connector.coffee.simulator;

/**
 * A network fault the {@link CoffeeMachineSimulator} can inject into one authorised request.
 *
 * <pre>{@code
 * machine.injectNext(NetworkFault.LOST_RESPONSE, 1);   // the next request is applied, its answer lost
 * machine.faults(FaultPlan.seeded(42).lostResponse(0.1).reset(0.05));
 * }</pre>
 */
public enum NetworkFault {
  /** Answers {@code 503} with {@code Retry-After: 1}; nothing is applied. */
  UNAVAILABLE,
  /** Closes the connection without any answer; nothing is applied (the request was lost). */
  RESET,
  /**
   * Applies the request, then closes the connection in the middle of the answer's body: the
   * client cannot tell whether the write happened (the duplicate trap of a retried create).
   */
  LOST_RESPONSE,
  /**
   * Waits {@link FaultPlan#slowDelay()} before applying the request and answering: beyond the
   * client's timeout, the write is applied after the client gave up.
   */
  SLOW
}
