package com.awkhad.connector.framework;

import com.awkhad.connector.base.env.Environment;
import com.awkhad.connector.framework.binding.Binding;
import com.awkhad.connector.framework.binding.Bindings;
import com.awkhad.connector.queue.store.BackendResolver;
import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;

/**
 * Which backend a {@link ConnectorJobs} job works for, recorded in {@code queue_job.backend_id}
 * when the job is stored (registered by the connector addon): the first argument of the import
 * and delete jobs, the backend of the binding for {@code exportRecord} (read in the transaction
 * that stores the job, so a binding created there counts). Operators then select a backend's
 * jobs: {@code ./connector jobs run-now --backend coffee-1}.
 *
 * <pre>{@code
 * queue.resolveBackends(ConnectorJobs.class, new ConnectorJobBackends(env));
 * }</pre>
 */
public final class ConnectorJobBackends implements BackendResolver {
  private final Environment env;

  public ConnectorJobBackends(Environment env) {
    this.env = env;
  }

  @Override
  public Long backendOf(Connection connection, String methodName, JsonNode args) {
    JsonNode first = args.path(0);
    if (!first.canConvertToLong()) {
      return null;
    }
    if (methodName.equals("exportRecord")) {
      return Bindings.of(env).find(first.asLong()).map(Binding::backendId).orElse(null);
    }
    return first.asLong(); // importRecord, importListedRecord, importBatch, importSince, deleteRecord: the backend id
  }
}
