/**
 * The per-backend circuit breaker: once a backend's requests fail with network errors, its jobs
 * wait for a probe to succeed instead of each using a try, and run at once when one does. The state
 * lives in the database (table {@code connector_circuit}), so it holds across runner processes.
 * {@link com.awkhad.connector.framework.circuit.Circuits} is the service,
 * {@link com.awkhad.connector.framework.circuit.CircuitListener} is told when a circuit opens or
 * closes.
 */
package com.awkhad.connector.framework.circuit;
