package com.awkhad.connector.framework.circuit;

import static com.awkhad.connector.framework.testconnector.TestConnectorAddon.PRODUCT;
import static org.assertj.core.api.Assertions.assertThat;

import com.awkhad.connector.framework.ConnectorJobs;
import com.awkhad.connector.framework.testconnector.ConnectorFixture;
import com.awkhad.connector.queue.exec.Outcome;
import com.awkhad.connector.queue.job.JobHandle;
import com.awkhad.connector.queue.job.JobOptions;
import com.awkhad.connector.queue.notify.Digest;
import com.awkhad.connector.queue.notify.Notifier;
import com.awkhad.connector.testkit.DbTest;
import com.awkhad.connector.testkit.TestDb;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** A real circuit opened by 503s and closed by a probe, told to operators through a notifier. */
class CircuitNoticesTest {

  /** Opens the test shop's circuit with three 503s, then closes it with a probe that gets an answer. */
  private static void outage(ConnectorFixture f) {
    List<JobHandle> jobs = new ArrayList<>();
    for (int i = 1; i <= 4; i++) {
      String id = "p" + i;
      f.shop.put("products", id, Map.of("name", "Product " + i));
      jobs.add(f.queue.enqueue(ConnectorJobs.class, JobOptions.defaults().model(PRODUCT),
          j -> j.importRecord(f.backend.id(), PRODUCT, id, false)));
    }
    f.shop.failNext(3, 503, "{\"error\":\"maintenance\"}", null);
    for (int i = 0; i < 3; i++) {
      assertThat(f.queue.executor().runNow(jobs.get(i).uuid())).isInstanceOf(Outcome.Retry.class);
    }
    assertThat(Circuits.of(f.env).state(f.backend.id()).orElseThrow().open()).isTrue();
    f.env.tx().run(c -> {
      try (PreparedStatement ps = c.prepareStatement("UPDATE connector_circuit SET probe_at = ? WHERE backend_id = ?")) {
        ps.setObject(1, OffsetDateTime.now(ZoneOffset.UTC).minusSeconds(1));
        ps.setLong(2, f.backend.id());
        ps.executeUpdate();
      }
    });
    assertThat(f.queue.executor().runNow(jobs.get(3).uuid())).isInstanceOf(Outcome.Done.class);
    assertThat(Circuits.of(f.env).state(f.backend.id()).orElseThrow().open()).isFalse();
  }

  @DbTest
  void anOutageWithinTheWindowIsOneMessageSayingItOpenedAndClosed(TestDb db) {
    List<Digest> sent = new CopyOnWriteArrayList<>();
    try (ConnectorFixture f = ConnectorFixture.start(db);
        Notifier notifier = new Notifier(Duration.ofHours(1), 5, "runner-test", sent::add)) {
      Circuits.of(f.env).addListener(new CircuitNotices(notifier));
      outage(f);
      assertThat(sent).isEmpty(); // still grouped
      notifier.flush();
      assertThat(sent).singleElement().satisfies(d -> {
        assertThat(d.count()).isEqualTo(2);
        assertThat(d.group()).isEqualTo("backend.circuit " + f.backend.id());
        assertThat(d.samples()).extracting(n -> n.kind()).containsExactly(CircuitNotices.OPENED, CircuitNotices.CLOSED);
        assertThat(d.samples().get(0).title()).isEqualTo("Backend 'Test shop' unreachable: its jobs wait for a probe");
        assertThat(d.samples().get(0).text()).startsWith("GET /products/p3 on backend 'Test shop' answered HTTP 503");
        assertThat(d.samples().get(0).fields()).containsEntry("network errors in a row", "3");
        assertThat(d.samples().get(1).title()).startsWith("Backend 'Test shop' answers again after ")
            .endsWith(": 0 waiting job(s) released");
        assertThat(d.samples().get(1).fields()).containsEntry("backend", "Test shop (id " + f.backend.id() + ")");
        assertThat(d.toJson().toString()).doesNotContain(ConnectorFixture.TOKEN);
      });
    }
  }
}
