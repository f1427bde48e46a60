package com.awkhad.connector.framework;

import static com.awkhad.connector.framework.testconnector.TestConnectorAddon.PRODUCT;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import com.awkhad.connector.component.WorkContext;
import com.awkhad.connector.framework.backend.Backend;
import com.awkhad.connector.framework.backend.Backends;
import com.awkhad.connector.framework.backend.Secret;
import com.awkhad.connector.framework.binder.Binder;
import com.awkhad.connector.framework.binding.Binding;
import com.awkhad.connector.framework.testconnector.ConnectorFixture;
import com.awkhad.connector.framework.testconnector.FakeShop;
import com.awkhad.connector.framework.testconnector.TestConnectorAddon;
import com.awkhad.connector.queue.exec.Outcome;
import com.awkhad.connector.queue.job.JobHandle;
import com.awkhad.connector.queue.job.JobOptions;
import com.awkhad.connector.testkit.DbTest;
import com.awkhad.connector.testkit.TestDb;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * The backend's secret never reaches logs (at DEBUG), job rows (arguments, results, errors, traces)
 * or {@code toString}, through successful, retried and failed jobs.
 */
class SecretNeverLeaksTest {

  @DbTest
  void theSecretStaysOutOfLogsJobsAndToString(TestDb db) {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    Level level = root.getLevel();
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    root.addAppender(logs);
    root.setLevel(Level.DEBUG);
    try (ConnectorFixture f = ConnectorFixture.start(db)) {
      f.shop.put("categories", "7", Map.of("title", "Coffee"));
      f.shop.put("products", "42", Map.of("name", "Espresso", "price", "2.50", "category", "7"));
      FakeShop closed = FakeShop.start(null);
      closed.close();
      Backend down = Backends.of(f.env).newBackend("Down", TestConnectorAddon.BACKEND).location(closed.url())
          .secret(Secret.of(ConnectorFixture.TOKEN)).create();
      Backend wrong = Backends.of(f.env).newBackend("Wrong", TestConnectorAddon.BACKEND).location(f.shop.url())
          .secret(Secret.of(ConnectorFixture.TOKEN + "-old")).create();
      f.shop.failNext(1, 503, "{\"echo\":\"Bearer " + ConnectorFixture.TOKEN + "\"}", null);

      List<Outcome> outcomes = new ArrayList<>();
      for (JobHandle job : List.of(
          f.queue.enqueue(ConnectorJobs.class, JobOptions.defaults().model(PRODUCT), j -> j.importRecord(f.backend.id(), PRODUCT, "42", false)),  // 503: retry
          f.queue.enqueue(ConnectorJobs.class, JobOptions.defaults().model(PRODUCT), j -> j.importRecord(down.id(), PRODUCT, "42", false)),       // unreachable
          f.queue.enqueue(ConnectorJobs.class, JobOptions.defaults().model(PRODUCT), j -> j.importRecord(wrong.id(), PRODUCT, "42", false)))) {   // 401: failed
        outcomes.add(f.queue.executor().runNow(job.uuid()));
      }
      outcomes.add(f.queue.executor().runNow(
          f.queue.enqueue(ConnectorJobs.class, JobOptions.defaults().model(PRODUCT), j -> j.importRecord(f.backend.id(), PRODUCT, "42", false)).uuid()));
      long product = f.env.model("test.product").search(com.awkhad.connector.base.model.Domain.all()).get(0);
      Binding binding;
      try (WorkContext work = f.backend.workOn(PRODUCT)) {
        binding = work.component(Binder.class, Binder.USAGE).bindingOf(product).orElseThrow();
        assertThat(work.toString()).doesNotContain(ConnectorFixture.TOKEN);
      }
      f.env.model("test.product").write(product, Map.of("name", "Ristretto"));   // the listener enqueues an export
      outcomes.add(f.queue.executor().runNow(
          f.queue.enqueue(ConnectorJobs.class, JobOptions.defaults().model(PRODUCT), j -> j.exportRecord(binding.id(), List.of("name"))).uuid()));

      assertThat(outcomes).extracting(o -> o.getClass().getSimpleName())
          .containsExactly("Retry", "Retry", "Failed", "Done", "Done");
      List<String> jobRows = f.env.tx().inTransaction(c -> {
        List<String> rows = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT * FROM queue_job"); ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            StringBuilder row = new StringBuilder();
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
              row.append(rs.getString(i)).append('|');
            }
            rows.add(row.toString());
          }
        }
        return rows;
      });
      assertThat(jobRows).hasSize(6).allSatisfy(row -> assertThat(row).doesNotContain(ConnectorFixture.TOKEN));
      assertThat(String.join("\n", jobRows)).contains("exportRecord").contains("HTTP 401").contains("\"echo\":\"Bearer ***\"");
      assertThat(f.backend.toString()).doesNotContain(ConnectorFixture.TOKEN);
      assertThat(f.env.model("connector.backend").read(f.backend.id()).toString()).doesNotContain(ConnectorFixture.TOKEN);
    } finally {
      root.detachAppender(logs);
      root.setLevel(level);
    }
    assertThat(logs.list).isNotEmpty().allSatisfy(e -> {
      assertThat(e.getFormattedMessage()).doesNotContain(ConnectorFixture.TOKEN);
      if (e.getThrowableProxy() != null) {
        assertThat(ThrowableProxyUtil.asString(e.getThrowableProxy())).doesNotContain(ConnectorFixture.TOKEN);
      }
    });
    assertThat(logs.list).anySatisfy(e -> assertThat(e.getFormattedMessage()).contains("GET /products/42 on backend 'Test shop'"));
  }
}
