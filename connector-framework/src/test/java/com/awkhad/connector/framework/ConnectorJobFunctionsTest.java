package com.awkhad.connector.framework;

import static com.awkhad.connector.framework.testconnector.TestConnectorAddon.CATEGORY;
import static com.awkhad.connector.framework.testconnector.TestConnectorAddon.PRODUCT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.awkhad.connector.base.addon.Addon;
import com.awkhad.connector.base.addon.Manifest;
import com.awkhad.connector.framework.backend.Backend;
import com.awkhad.connector.framework.backend.Backends;
import com.awkhad.connector.framework.backend.Secret;
import com.awkhad.connector.framework.testconnector.ConnectorFixture;
import com.awkhad.connector.framework.testconnector.FakeShop;
import com.awkhad.connector.framework.testconnector.TestConnectorAddon;
import com.awkhad.connector.queue.exec.Outcome;
import com.awkhad.connector.queue.function.JobFunctionProvider;
import com.awkhad.connector.queue.job.JobFunction;
import com.awkhad.connector.queue.job.JobHandle;
import com.awkhad.connector.queue.job.JobOptions;
import com.awkhad.connector.queue.job.JobRecord;
import com.awkhad.connector.queue.job.RetryPattern;
import com.awkhad.connector.testkit.DbTest;
import com.awkhad.connector.testkit.TestDb;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** ConnectorJobs' functions are per binding model: two connectors' imports keep their own retry settings. */
class ConnectorJobFunctionsTest {

  /** Stands for a connector addon declaring the settings of one binding model's imports. */
  record Settings(String name, String bindingModel, int firstDelay, int maxRetries) implements Addon, JobFunctionProvider {
    @Override
    public Manifest manifest() {
      return Manifest.of(name, "1.0").depends("connector").build();
    }

    @Override
    public List<JobFunction> jobFunctions() {
      return ConnectorJobs.importFunctions(bindingModel, f -> f.withChannel("root." + name)
          .withRetryPattern(RetryPattern.of(Map.of(1, firstDelay))).withMaxRetries(maxRetries));
    }
  }

  @DbTest
  void eachBindingModelsImportsRetryWithTheirOwnSettings(TestDb db) {
    try (ConnectorFixture f = ConnectorFixture.start(db, List.of(new Settings("shop_a", PRODUCT, 7, 3),
        new Settings("shop_b", CATEGORY, 300, 8)))) {
      FakeShop closed = FakeShop.start(null);
      closed.close();
      Backend down = Backends.of(f.env).newBackend("Down", TestConnectorAddon.BACKEND).location(closed.url())
          .secret(Secret.of(ConnectorFixture.TOKEN)).create();
      JobHandle product = f.queue.enqueue(ConnectorJobs.class, JobOptions.defaults().model(PRODUCT),
          j -> j.importRecord(down.id(), PRODUCT, "42", false));
      JobHandle category = f.queue.enqueue(ConnectorJobs.class, JobOptions.defaults().model(CATEGORY),
          j -> j.importRecord(down.id(), CATEGORY, "7", false));

      JobRecord p = f.queue.job(product.uuid()).orElseThrow();
      JobRecord c = f.queue.job(category.uuid()).orElseThrow();
      assertThat(p.funcName()).isEqualTo("<" + PRODUCT + ">.importRecord");
      assertThat(List.of(p.channel(), c.channel())).containsExactly("root.shop_a", "root.shop_b");
      assertThat(List.of(p.maxRetries(), c.maxRetries())).containsExactly(3, 8);
      assertThat(retryDelay(f, product)).as("network error, shop_a's pattern").isBetween(6L, 60L);
      assertThat(retryDelay(f, category)).as("network error, shop_b's pattern").isBetween(299L, 360L);

      assertThatThrownBy(() -> f.queue.delay(ConnectorJobs.class).importRecord(down.id(), PRODUCT, "42", false))
          .hasMessageContaining("without a model");
    }
  }

  private static long retryDelay(ConnectorFixture f, JobHandle job) {
    Instant before = Instant.now();
    Outcome outcome = f.queue.executor().runNow(job.uuid());
    assertThat(outcome).isInstanceOf(Outcome.Retry.class);
    return Duration.between(before, ((Outcome.Retry) outcome).eta()).toSeconds();
  }
}
