package com.awkhad.connector.framework.backend;

import static org.assertj.core.api.Assertions.assertThat;

import com.awkhad.connector.testkit.TableOwnership;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The backends' table is read and written only by connector-framework: the CLI, the REST API and
 * the dashboard go through {@link Backends} (and {@code BackendAdmin}), which never hands out a
 * secret where a listing is enough ({@link Backends#summaries}).
 */
class BackendTableStaysHomeTest {
  @Test
  void noOtherModuleNamesTheBackendTableInItsMainSources() {
    Path root = TableOwnership.projectRoot();
    assertThat(TableOwnership.tablesCreatedBy(root.resolve("connector-framework"))).contains("connector_backend");
    List<String> found = TableOwnership.namedOutside(root, "connector-framework", Set.of("connector_backend"));
    assertThat(found)
        .withFailMessage(() -> "connector_backend is named outside connector-framework; read backends through"
            + " Backends (summaries() for listings) or BackendAdmin instead:\n  " + String.join("\n  ", found))
        .isEmpty();
  }
}
