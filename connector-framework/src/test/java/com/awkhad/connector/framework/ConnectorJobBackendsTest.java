package com.awkhad.connector.framework;

import static org.assertj.core.api.Assertions.assertThat;

import com.awkhad.connector.framework.backend.Backend;
import com.awkhad.connector.framework.backend.Backends;
import com.awkhad.connector.framework.binding.Binding;
import com.awkhad.connector.framework.binding.Bindings;
import com.awkhad.connector.framework.testconnector.ConnectorFixture;
import com.awkhad.connector.framework.testconnector.TestConnectorAddon;
import com.awkhad.connector.queue.admin.AdminResult;
import com.awkhad.connector.queue.job.JobHandle;
import com.awkhad.connector.queue.job.JobOptions;
import com.awkhad.connector.testkit.DbTest;
import com.awkhad.connector.testkit.TestDb;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Connector jobs record their backend, so that an operator can run one backend's waiting jobs now. */
class ConnectorJobBackendsTest {

  private static Long backendOf(ConnectorFixture f, String uuid) {
    return f.env.tx().inTransaction(c -> {
      try (var ps = c.prepareStatement("SELECT backend_id FROM queue_job WHERE uuid = ?")) {
        ps.setString(1, uuid);
        try (var rs = ps.executeQuery()) {
          rs.next();
          long id = rs.getLong(1);
          return rs.wasNull() ? null : id;
        }
      }
    });
  }

  @DbTest
  void importsRecordTheirBackendArgumentExportsTheirBindingsBackendAndRunNowSelectsByIt(TestDb db) {
    try (ConnectorFixture f = ConnectorFixture.start(db)) {
      Backend other = Backends.of(f.env).newBackend("Other shop", TestConnectorAddon.BACKEND)
          .location(f.shop.url()).version("1").create();
      JobOptions later = JobOptions.defaults().eta(Duration.ofHours(1));
      JobHandle imported = f.queue.enqueue(ConnectorJobs.class, later.model(TestConnectorAddon.PRODUCT),
          j -> j.importRecord(f.backend.id(), TestConnectorAddon.PRODUCT, "42", false));
      JobHandle batch = f.queue.enqueue(ConnectorJobs.class, later.model(TestConnectorAddon.PRODUCT),
          j -> j.importBatch(other.id(), TestConnectorAddon.PRODUCT, Map.of()));
      // a binding created in the same transaction as its export job is seen by the resolver
      JobHandle exported = f.env.tx().inTransaction(c -> {
        long product = f.env.model("test.product").create(Map.of("name", "Espresso"));
        Binding b = Bindings.of(f.env).create(other.id(), TestConnectorAddon.PRODUCT, "test.product", product, null,
            null, Map.of());
        return f.queue.enqueue(ConnectorJobs.class, later.model(TestConnectorAddon.PRODUCT), j -> j.exportRecord(b.id(), null));
      });
      JobHandle gone = f.queue.enqueue(ConnectorJobs.class, later.model(TestConnectorAddon.PRODUCT), j -> j.exportRecord(999_999L, null));

      assertThat(backendOf(f, imported.uuid())).isEqualTo(f.backend.id());
      assertThat(backendOf(f, batch.uuid())).isEqualTo(other.id());
      assertThat(backendOf(f, exported.uuid())).isEqualTo(other.id());
      assertThat(backendOf(f, gone.uuid())).as("a binding that does not exist has no backend").isNull();

      assertThat(f.queue.admin().runNowWaiting(null, other.id())).extracting(AdminResult::uuid)
          .containsExactly(batch.uuid(), exported.uuid());
    }
  }
}
