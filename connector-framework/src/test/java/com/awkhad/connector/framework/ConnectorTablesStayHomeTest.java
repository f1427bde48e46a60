package com.awkhad.connector.framework;

import static org.assertj.core.api.Assertions.assertThat;

import com.awkhad.connector.testkit.TableOwnership;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The connector's tables (backends, bindings, locks, circuits) are read and written only by
 * connector-framework: the CLI, the REST API, the dashboard and the benches go through
 * {@code Backends} (its {@code summaries()} never read a secret), {@code BackendAdmin} and
 * {@code Bindings}.
 */
class ConnectorTablesStayHomeTest {
  @Test
  void noOtherModuleNamesAConnectorTableInItsMainSources() {
    Path root = TableOwnership.projectRoot();
    Set<String> tables = TableOwnership.tablesCreatedBy(root.resolve("connector-framework"));
    assertThat(tables).contains("connector_backend", "connector_binding");
    List<String> found = TableOwnership.namedOutside(root, "connector-framework", tables);
    assertThat(found)
        .withFailMessage(() -> "Connector tables " + tables + " are named outside connector-framework; read backends"
            + " through Backends (summaries() for listings) or BackendAdmin, bindings through Bindings:\n  "
            + String.join("\n  ", found))
        .isEmpty();
  }
}
