package com.awkhad.connector.framework.exporter;

import com.awkhad.connector.component.ComponentSpec;
import com.awkhad.connector.framework.core.ConnectorComponent;
import com.awkhad.connector.framework.adapter.BackendAdapter;
import com.awkhad.connector.framework.exception.IDMissingInBackend;

/**
 * Deletes an external record (usage {@code record.exporter.deleter}), typically after its local
 * record was deleted; a record already gone counts as deleted.
 *
 * <pre>{@code
 * work.component(Deleter.class, "record.exporter.deleter").run("42");   // "Deleted coffee.product '42' ..."
 * }</pre>
 */
@ComponentSpec(name = "base.record.deleter", usage = Deleter.USAGE)
public class Deleter extends ConnectorComponent {
  public static final String USAGE = "record.exporter.deleter";

  public Deleter() {}

  /** Deletes external record {@code externalId}; returns what was done. */
  public String run(String externalId) {
    String what = modelName() + " '" + externalId + "' on backend '" + backend().name() + "'";
    try {
      component(BackendAdapter.class, BackendAdapter.USAGE).delete(externalId);
    } catch (IDMissingInBackend e) {
      return "Already deleted: " + what;
    }
    return "Deleted " + what;
  }
}
