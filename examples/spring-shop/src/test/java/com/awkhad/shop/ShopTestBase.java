package com.awkhad.shop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.awkhad.connector.base.env.Environment;
import com.awkhad.connector.component.event.capture.ChangeCapture;
import com.awkhad.shop.connector.CatalogImporter;
import com.awkhad.shop.oms.OmsFake;
import com.awkhad.shop.domain.Customer;
import com.awkhad.shop.domain.OrderService;
import com.awkhad.shop.domain.ProductRepository;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.transaction.UnexpectedRollbackException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The shop end to end on one database (subclasses: H2, PostgreSQL): orders written through JPA
 * reach the loopback OMS through change capture, export jobs and the runner inside the
 * application, exactly once; a rolled-back order never; the imported catalog is not sent back.
 */
// closed after the class, while the suite's embedded PostgreSQL still runs (not by the JVM's shutdown hook)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
abstract class ShopTestBase {
  static OmsFake oms;

  static void properties(DynamicPropertyRegistry registry, String url, String user, String password) throws Exception {
    oms = new OmsFake();
    registry.add("shop.oms.url", oms::url);
    registry.add("spring.datasource.url", () -> url);
    registry.add("spring.datasource.username", () -> user);
    registry.add("spring.datasource.password", () -> password);
  }

  @AfterAll
  static void stopOms() {
    if (oms != null) {
      oms.close();
    }
  }

  @LocalServerPort int port;
  @Autowired OrderService service;
  @Autowired CatalogImporter importer;
  @Autowired ProductRepository products;
  @Autowired TransactionTemplate transactions;
  @Autowired JdbcTemplate jdbc;
  @Autowired Environment env;

  @BeforeEach
  void catalog() {
    importer.importCatalog();
  }

  /** Every captured change published and every job finished: nothing more will reach the OMS. */
  void awaitQuiet() {
    Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() ->
        ChangeCapture.of(env).backlog().pending() == 0
            && jdbc.queryForObject("SELECT count(*) FROM queue_job WHERE state NOT IN ('done', 'failed', 'cancelled')",
                Long.class) == 0);
    assertThat(jdbc.queryForObject("SELECT count(*) FROM queue_job WHERE state = 'failed'", Long.class))
        .as("failed jobs").isZero();
  }

  @Test
  void anOrderPlacedThroughTheRestApiAndJpaIsExportedOnce() throws Exception {
    Customer ada = service.register("Ada", "ada@example.com");
    HttpResponse<String> created = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + port + "/orders")).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"reference\":\"SO-REST-1\",\"customerId\":" + ada.getId()
            + ",\"sku\":\"ESP-1\",\"quantity\":2}")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);

    Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> oms.ordersWithReference("SO-REST-1") > 0);
    awaitQuiet();
    assertThat(oms.ordersWithReference("SO-REST-1")).isEqualTo(1);
    assertThat(oms.orders.stream().filter(o -> "SO-REST-1".equals(o.get("reference"))).findFirst().orElseThrow())
        .containsEntry("sku", "ESP-1").containsEntry("quantity", 2).containsEntry("total", 43.0);
  }

  @Test
  void aRolledBackOrderIsNotExported() {
    Customer bob = service.register("Bob", "bob@example.com");
    assertThatThrownBy(() -> transactions.executeWithoutResult(status -> {
      service.place("SO-ROLLBACK", bob.getId(), "LUN-2", 1);
      throw new IllegalStateException("payment refused");
    })).hasMessage("payment refused");
    service.place("SO-AFTER", bob.getId(), "LUN-2", 1);

    Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> oms.ordersWithReference("SO-AFTER") > 0);
    awaitQuiet();
    assertThat(oms.ordersWithReference("SO-ROLLBACK")).isZero();
    assertThat(oms.ordersWithReference("SO-AFTER")).isEqualTo(1);
  }

  @Test
  void aFailingConnectorBlockRollsBackTheJpaTransactionEvenWhenItsFailureIsCaught() {
    Customer eve = service.register("Eve", "eve@example.com");
    assertThatThrownBy(() -> transactions.executeWithoutResult(status -> {
      service.place("SO-SWALLOWED", eve.getId(), "ESP-1", 1);
      try {
        env.tx().run(c -> {
          throw new IllegalStateException("the connector's block failed");
        });
      } catch (IllegalStateException swallowed) {
        // caught: the transaction is rollback-only all the same
      }
    })).isInstanceOf(UnexpectedRollbackException.class);
    awaitQuiet();
    assertThat(jdbc.queryForObject("SELECT count(*) FROM shop_order WHERE reference = 'SO-SWALLOWED'", Long.class)).isZero();
    assertThat(oms.ordersWithReference("SO-SWALLOWED")).isZero();
  }

  @Test
  void anImportIsNotSentBackButAShopEditIs() {
    oms.put("DEC-3", "Decaf beans 500 g", 13.0); // the OMS changed a price: the next import writes it
    importer.importCatalog();
    awaitQuiet();
    assertThat(products.findBySku("DEC-3").orElseThrow().getPrice()).isEqualTo(13.0);
    assertThat(oms.priceUpdates).as("imports echoed back to the OMS").isEmpty();

    service.reprice("LUN-2", 19.5); // an edit in the shop, through JPA: exported
    Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> !oms.priceUpdates.isEmpty());
    awaitQuiet();
    assertThat(oms.priceUpdates).containsExactly("LUN-2=19.5");
  }
}
