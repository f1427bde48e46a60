package com.awkhad.connector.queue.store;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Tells which connector backend a job of one class works for, from its method and its arguments
 * as stored (a JSON array), when the job is stored. The queue keeps the answer in
 * {@code queue_job.backend_id}, so that operators can select a backend's jobs
 * ({@code jobs run-now --backend NAME}) without the queue knowing what a backend is. Register one
 * per job class, in your addon's {@code start(env)}:
 *
 * <pre>{@code
 * queue.resolveBackends(ShopJobs.class, (c, method, args) ->
 *     method.equals("importOrder") ? args.get(0).asLong() : null);
 * }</pre>
 *
 * <p>It runs in the transaction that stores the job, on its connection: a read there (a binding's
 * backend) sees the caller's uncommitted writes. Return null when the job has no backend.
 */
@FunctionalInterface
public interface BackendResolver {
  Long backendOf(Connection connection, String methodName, JsonNode args) throws SQLException;
}
