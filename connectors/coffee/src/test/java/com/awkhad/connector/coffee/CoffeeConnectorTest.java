package com.awkhad.connector.coffee;

import static com.awkhad.connector.coffee.CoffeeAddon.BEVERAGE;
import static com.awkhad.connector.coffee.CoffeeAddon.BEVERAGE_BINDING;
import static com.awkhad.connector.coffee.CoffeeAddon.ORDER;
import static com.awkhad.connector.coffee.CoffeeAddon.ORDER_BINDING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.awkhad.connector.base.model.Domain;
import com.awkhad.connector.coffee.simulator.CoffeeMachineSimulator;
import com.awkhad.connector.coffee.simulator.NetworkFault;
import com.awkhad.connector.framework.ConnectorJobs;
import com.awkhad.connector.framework.binding.Binding;
import com.awkhad.connector.framework.binding.Bindings;
import com.awkhad.connector.framework.backend.Backend;
import com.awkhad.connector.framework.backend.Backends;
import com.awkhad.connector.framework.backend.Secret;
import com.awkhad.connector.queue.channel.ChannelConfig;
import com.awkhad.connector.queue.exec.Outcome;
import com.awkhad.connector.queue.job.JobHandle;
import com.awkhad.connector.queue.job.JobRecord;
import com.awkhad.connector.queue.job.JobState;
import com.awkhad.connector.queue.read.JobFilter;
import com.awkhad.connector.queue.runner.Runner;
import com.awkhad.connector.queue.runner.RunnerOptions;
import com.awkhad.connector.testkit.DbTest;
import com.awkhad.connector.testkit.TestDb;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The coffee connector against the simulator on loopback, on H2 and PostgreSQL, driven through its jobs. */
class CoffeeConnectorTest {

  private static Map<String, Object> beverageNamed(CoffeeFixture f, String name) {
    List<Map<String, Object>> rows = f.env.model(BEVERAGE).searchRead(Domain.of("name", "=", name), List.of());
    assertThat(rows).as("local beverage %s", name).hasSize(1);
    return rows.get(0);
  }

  private static void importMenu(CoffeeFixture f) {
    CoffeeJobs.of(f.env).importMenu(f.backend.id());
    assertThat(f.runPendingJobs()).allMatch(o -> o instanceof Outcome.Done);
  }

  @DbTest
  void importsTheMenuAsBeveragesWithTheirBindings(TestDb db) {
    try (CoffeeFixture f = CoffeeFixture.start(db)) {
      JobHandle batch = CoffeeJobs.of(f.env).importMenu(f.backend.id());

      List<Outcome> outcomes = f.runPendingJobs();

      assertThat(outcomes).hasSize(7).allMatch(o -> o instanceof Outcome.Done);
      JobRecord batchJob = f.queue.job(batch.uuid()).orElseThrow();
      assertThat(batchJob.channel()).isEqualTo("root.coffee");
      assertThat(batchJob.result()).contains("6 coffee.beverage.binding record(s)");
      assertThat(f.env.model(BEVERAGE).count(Domain.all())).isEqualTo(6);
      Map<String, Object> espresso = beverageNamed(f, "Espresso");
      assertThat(espresso).containsEntry("price", 2.0).containsEntry("caffeine_mg", 65L);
      Binding binding = Bindings.of(f.env).byExternal(f.backend.id(), BEVERAGE_BINDING, "1").orElseThrow();
      assertThat(binding.localId()).isEqualTo(espresso.get("id"));
      assertThat(binding.syncDate()).isNotNull();
      assertThat(f.machine.orders()).isEmpty();
    }
  }

  @DbTest
  void reImportingTheMenuCreatesNoDuplicateAndTakesNewPrices(TestDb db) {
    try (CoffeeFixture f = CoffeeFixture.start(db)) {
      importMenu(f);
      long espressoId = (Long) beverageNamed(f, "Espresso").get("id");
      f.machine.setPrice("1", 2.30);
      f.machine.putBeverage("7", "Cortado", 2.60, 70);

      importMenu(f);
      importMenu(f);

      assertThat(f.env.model(BEVERAGE).count(Domain.all())).isEqualTo(7);
      assertThat(Bindings.of(f.env).ofLocal(BEVERAGE, espressoId)).hasSize(1);
      assertThat(beverageNamed(f, "Espresso")).containsEntry("id", espressoId).containsEntry("price", 2.3);
      assertThat(beverageNamed(f, "Cortado")).containsEntry("price", 2.6);
      // the second run looked only at what changed since the first one's mark (minus its safety margin)
      assertThat(Backends.of(f.env).get(f.backend.id())
          .setting(CoffeeBackends.MENU_MARK, String.class)).isPresent();
    }
  }

  @DbTest
  void anOrderIsExportedToTheMachineAndMarkedSent(TestDb db) {
    try (CoffeeFixture f = CoffeeFixture.start(db)) {
      importMenu(f);
      long cappuccino = (Long) beverageNamed(f, "Cappuccino").get("id");

      long order = CoffeeJobs.of(f.env).placeOrder(f.backend.id(), cappuccino, 2, "Ada");
      List<Outcome> outcomes = f.runPendingJobs();

      assertThat(outcomes).singleElement().isInstanceOf(Outcome.Done.class);
      Binding binding = Bindings.of(f.env).ofLocal(ORDER, order).get(0);
      assertThat(binding.bindingModel()).isEqualTo(ORDER_BINDING);
      assertThat(binding.externalId()).isNotNull();
      Map<String, Object> remote = f.machine.orders().get(binding.externalId());
      assertThat(remote).containsEntry("beverage", "4").containsEntry("quantity", 2).containsEntry("customer", "Ada");
      assertThat(f.env.model(ORDER).read(order)).containsEntry("state", "sent");
    }
  }

  @DbTest
  void anExportAnsweredWith503IsRetriedAndBrewsOnce(TestDb db) {
    try (CoffeeFixture f = CoffeeFixture.start(db)) {
      importMenu(f);
      long espresso = (Long) beverageNamed(f, "Espresso").get("id");
      long order = CoffeeJobs.of(f.env).placeOrder(f.backend.id(), espresso, 1, "Grace");
      JobRecord export = f.queue.admin().list(JobFilter.all().state(JobState.PENDING))
          .get(0);
      f.machine.failNext(1);

      Outcome first = f.queue.executor().runNow(export.uuid());
      JobRecord afterFirst = f.queue.job(export.uuid()).orElseThrow();
      Outcome second = f.queue.executor().runNow(export.uuid());

      assertThat(first).isInstanceOfSatisfying(Outcome.Retry.class,
          r -> assertThat(r.message()).contains("503").doesNotContain(CoffeeFixture.TOKEN));
      assertThat(afterFirst.state()).isEqualTo(JobState.PENDING);
      assertThat(afterFirst.retry()).isEqualTo(1);
      assertThat(afterFirst.eta()).isNotNull();
      assertThat(second).isInstanceOf(Outcome.Done.class);
      assertThat(f.machine.injectedFailures()).isEqualTo(1);
      assertThat(f.machine.orders()).hasSize(1);
      assertThat(Bindings.of(f.env).ofLocal(ORDER, order).get(0).externalId())
          .isEqualTo(f.machine.orders().keySet().iterator().next());
    }
  }

  @DbTest
  void anExportWhoseAnswerIsLostAfterTheMachineBrewedIsRetriedWithoutASecondOrder(TestDb db) {
    try (CoffeeFixture f = CoffeeFixture.start(db)) {
      importMenu(f);
      long espresso = (Long) beverageNamed(f, "Espresso").get("id");
      long order = CoffeeJobs.of(f.env).placeOrder(f.backend.id(), espresso, 1, "Grace");
      JobRecord export = f.queue.admin().list(JobFilter.all().state(JobState.PENDING)).get(0);
      f.machine.injectNext(NetworkFault.LOST_RESPONSE, 1);

      Outcome first = f.queue.executor().runNow(export.uuid());
      int ordersAfterFirst = f.machine.orders().size();
      Outcome second = f.queue.executor().runNow(export.uuid());

      // the machine brewed on the first try, but the job could not know: it rolled back and retried
      assertThat(first).isInstanceOfSatisfying(Outcome.Retry.class,
          r -> assertThat(r.excName()).contains("NetworkRetryableError"));
      assertThat(ordersAfterFirst).isEqualTo(1);
      assertThat(second).isInstanceOf(Outcome.Done.class);
      assertThat(f.machine.orders()).hasSize(1);
      assertThat(f.machine.idempotentReplays()).isEqualTo(1);
      Binding binding = Bindings.of(f.env).ofLocal(ORDER, order).get(0);
      assertThat(binding.externalId()).isEqualTo(f.machine.orders().keySet().iterator().next());
      assertThat(binding.extra()).containsKey(com.awkhad.connector.framework.binder.Binder.EXPORT_KEY);
    }
  }

  @DbTest
  void withoutIdempotencyKeysALostAnswerBrewsTwice(TestDb db) {
    // why the exporter sends an idempotency key: a machine that ignores it brews the retried order again
    try (CoffeeFixture f = CoffeeFixture.start(db,
        CoffeeMachineSimulator.builder().token(CoffeeFixture.TOKEN).ignoreIdempotencyKeys())) {
      importMenu(f);
      long espresso = (Long) beverageNamed(f, "Espresso").get("id");
      CoffeeJobs.of(f.env).placeOrder(f.backend.id(), espresso, 1, "Grace");
      f.machine.injectNext(NetworkFault.LOST_RESPONSE, 1);

      List<Outcome> outcomes = f.runPendingJobs();

      assertThat(outcomes).hasSize(2);
      assertThat(outcomes.get(0)).isInstanceOf(Outcome.Retry.class);
      assertThat(outcomes.get(1)).isInstanceOf(Outcome.Done.class);
      assertThat(f.machine.orders()).hasSize(2);
    }
  }

  /**
   * Places four orders the machine can brew and, third of the five, one it cannot (a beverage it
   * does not know), then lets a runner with one worker take them: with exports sharing batches
   * ({@link ConnectorJobs#shareExportBatches}), all five in one batch. Returns the runner's
   * savepoint reruns once four are done and one failed.
   */
  private static long exportFiveOrdersInOneSharedBatch(CoffeeFixture f) {
    importMenu(f);
    ConnectorJobs.shareExportBatches(f.queue);
    long espresso = (Long) beverageNamed(f, "Espresso").get("id");
    long cappuccino = (Long) beverageNamed(f, "Cappuccino").get("id");
    long tea = f.env.model(BEVERAGE).create(Map.of("name", "Tea", "price", 1.5));
    CoffeeJobs coffee = CoffeeJobs.of(f.env);
    coffee.placeOrder(f.backend.id(), espresso, 1, "Ada");
    coffee.placeOrder(f.backend.id(), cappuccino, 1, "Grace");
    coffee.placeOrder(f.backend.id(), tea, 1, "Tea drinker");
    coffee.placeOrder(f.backend.id(), espresso, 2, "Linus");
    coffee.placeOrder(f.backend.id(), cappuccino, 2, "Barbara");
    long menuJobsDone = f.queue.admin().countByState().getOrDefault(JobState.DONE, 0L);
    // one worker, batches of up to 8 and a budget that never ends one: the five exports, one claim
    try (Runner runner = Runner.start(f.env, RunnerOptions.of(ChannelConfig.parse("root:1,root.coffee:1"))
        .withMaxBatch(8).withBatchBudget(Duration.ofSeconds(60)))) {
      await().atMost(Duration.ofSeconds(30)).until(() -> {
        Map<JobState, Long> states = f.queue.admin().countByState();
        return states.getOrDefault(JobState.DONE, 0L) == menuJobsDone + 4 && states.getOrDefault(JobState.FAILED, 0L) == 1;
      });
      return runner.stats().savepointReruns();
    }
  }

  @DbTest
  void exportsThatShareABatchWriteAgainWhenOneFailsAndTheIdempotencyKeysKeepEachOrderBrewedOnce(TestDb db) {
    try (CoffeeFixture f = CoffeeFixture.start(db)) {
      long reruns = exportFiveOrdersInOneSharedBatch(f);

      // the tea order failed in the batch's first pass: the batch ran again behind savepoints, and
      // the two exports before it sent their creates again, which the machine answered with the
      // orders it had brewed the first time
      assertThat(reruns).isEqualTo(1);
      assertThat(f.machine.idempotentReplays()).isEqualTo(2);
      assertThat(f.machine.orders().values()).extracting(o -> o.get("customer"))
          .containsExactlyInAnyOrder("Ada", "Grace", "Linus", "Barbara");
      List<Binding> bound = Bindings.of(f.env).list(f.backend.id(), ORDER_BINDING, 0).stream()
          .filter(Binding::isBound).toList();
      assertThat(bound).extracting(Binding::externalId).doesNotHaveDuplicates()
          .containsExactlyInAnyOrderElementsOf(f.machine.orders().keySet());
      assertThat(f.env.model(ORDER).searchRead(Domain.of("state", "=", "sent"), List.of("customer")))
          .extracting(o -> o.get("customer")).containsExactlyInAnyOrder("Ada", "Grace", "Linus", "Barbara");
      assertThat(f.queue.admin().list(JobFilter.all().state(JobState.FAILED))).singleElement()
          .satisfies(j -> assertThat(j.excMessage()).contains("beverage_id").contains("no external id"));
    }
  }

  @DbTest
  void exportsThatShareABatchBrewTwiceOnAMachineThatIgnoresIdempotencyKeys(TestDb db) {
    // why ConnectorJobs.shareExportBatches asks for adapters whose creates honour the key
    try (CoffeeFixture f = CoffeeFixture.start(db,
        CoffeeMachineSimulator.builder().token(CoffeeFixture.TOKEN).ignoreIdempotencyKeys())) {
      exportFiveOrdersInOneSharedBatch(f);

      assertThat(f.machine.orders().values()).extracting(o -> o.get("customer"))
          .containsExactlyInAnyOrder("Ada", "Ada", "Grace", "Grace", "Linus", "Barbara");
    }
  }

  @DbTest
  void changingASentOrderExportsTheChangedField(TestDb db) {
    try (CoffeeFixture f = CoffeeFixture.start(db)) {
      importMenu(f);
      long lungo = (Long) beverageNamed(f, "Lungo").get("id");
      long order = CoffeeJobs.of(f.env).placeOrder(f.backend.id(), lungo, 1, "Linus");
      f.runPendingJobs();

      f.env.model(ORDER).write(order, Map.of("quantity", 3));
      List<Outcome> outcomes = f.runPendingJobs();

      assertThat(outcomes).singleElement().isInstanceOfSatisfying(Outcome.Done.class,
          d -> assertThat(d.result()).contains("Updated coffee.order.binding"));
      assertThat(f.machine.orders().values()).singleElement().satisfies(o -> assertThat(o).containsEntry("quantity", 3));
    }
  }

  @DbTest
  void anOrderOfABeverageTheMachineDoesNotKnowFailsWithAClearMessage(TestDb db) {
    try (CoffeeFixture f = CoffeeFixture.start(db)) {
      long tea = f.env.model(BEVERAGE).create(Map.of("name", "Tea", "price", 1.5));

      CoffeeJobs.of(f.env).placeOrder(f.backend.id(), tea, 1, "Ada");
      List<Outcome> outcomes = f.runPendingJobs();

      assertThat(outcomes).singleElement().isInstanceOfSatisfying(Outcome.Failed.class,
          o -> assertThat(o.message()).contains("beverage_id").contains("no external id"));
      assertThat(f.machine.orders()).isEmpty();
    }
  }

  @DbTest
  void aWrongSecretIsRefusedWithoutLeakingIt(TestDb db) {
    try (CoffeeFixture f = CoffeeFixture.start(db)) {
      Backend wrong = CoffeeBackends.create(f.env, "Wrong token", f.machine.url(), "barista", Secret.of("not-the-token"));

      CoffeeJobs.of(f.env).importMenu(wrong.id());
      List<Outcome> outcomes = f.runPendingJobs();

      assertThat(outcomes).singleElement().isInstanceOfSatisfying(Outcome.Failed.class,
          o -> assertThat(o.message()).contains("401").contains("secret").doesNotContain("not-the-token"));
      assertThat(f.env.model(BEVERAGE).count(Domain.all())).isZero();
    }
  }

  @DbTest
  void refreshingOrdersBringsTheMachinesStatusIntoTheLocalOrder(TestDb db) {
    try (CoffeeFixture f = CoffeeFixture.start(db, Duration.ofMillis(300))) {
      importMenu(f);
      long ristretto = (Long) beverageNamed(f, "Ristretto").get("id");
      long order = CoffeeJobs.of(f.env).placeOrder(f.backend.id(), ristretto, 1, "Ada");
      f.runPendingJobs();
      String external = Bindings.of(f.env).ofLocal(ORDER, order).get(0).externalId();
      await().atMost(Duration.ofSeconds(5))
          .until(() -> "ready".equals(f.machine.orders().get(external).get("status")));

      assertThat(CoffeeJobs.of(f.env).refreshOrders(f.backend.id())).isEqualTo(1);
      List<Outcome> outcomes = f.runPendingJobs();

      assertThat(outcomes).singleElement().isInstanceOfSatisfying(Outcome.Done.class,
          d -> assertThat(d.result()).contains("Updated coffee.order #" + order));
      assertThat(f.env.model(ORDER).read(order)).containsEntry("state", "ready").containsEntry("quantity", 1L);
      assertThat(f.env.model(ORDER).count(Domain.all())).isEqualTo(1);
      assertThat(CoffeeJobs.of(f.env).refreshOrders(f.backend.id())).isZero();
    }
  }

  @DbTest
  void anOrderStillBrewingIsUpToDateAndStaysSent(TestDb db) {
    try (CoffeeFixture f = CoffeeFixture.start(db, Duration.ofMinutes(5))) {
      importMenu(f);
      long lungo = (Long) beverageNamed(f, "Lungo").get("id");
      long order = CoffeeJobs.of(f.env).placeOrder(f.backend.id(), lungo, 2, "Grace");
      f.runPendingJobs();

      assertThat(CoffeeJobs.of(f.env).refreshOrders(f.backend.id())).isEqualTo(1);
      List<Outcome> outcomes = f.runPendingJobs();

      // the machine's order has not changed since the export bound it: nothing to write
      assertThat(outcomes).singleElement().isInstanceOfSatisfying(Outcome.Done.class,
          d -> assertThat(d.result()).contains("Already up-to-date: coffee.order.binding"));
      assertThat(f.env.model(ORDER).read(order)).containsEntry("state", "sent");
      assertThat(CoffeeJobs.of(f.env).refreshOrders(f.backend.id())).isEqualTo(1);
    }
  }

  @DbTest
  void aMachineSlowerThanTheTimeoutIsRetriedLikeAnOutage(TestDb db) {
    try (CoffeeFixture f = CoffeeFixture.start(db)) {
      Backends.of(f.env).updateSettings(f.backend.id(), Map.of("http_timeout_seconds", 1));
      f.machine.latency(Duration.ofMillis(1500));
      JobHandle batch = CoffeeJobs.of(f.env).importMenu(f.backend.id());

      Outcome slow = f.queue.executor().runNow(batch.uuid());
      f.machine.latency(Duration.ZERO);
      List<Outcome> after = f.runPendingJobs();

      assertThat(slow).isInstanceOfSatisfying(Outcome.Retry.class,
          r -> assertThat(r.excName()).contains("NetworkRetryableError"));
      assertThat(after).hasSize(7).allMatch(o -> o instanceof Outcome.Done);
      assertThat(f.env.model(BEVERAGE).count(Domain.all())).isEqualTo(6);
    }
  }

  @DbTest
  void anOrderWithoutCupsIsRefusedAndNothingIsKept(TestDb db) {
    try (CoffeeFixture f = CoffeeFixture.start(db)) {
      importMenu(f);
      long espresso = (Long) beverageNamed(f, "Espresso").get("id");

      assertThatThrownBy(() -> CoffeeJobs.of(f.env).placeOrder(f.backend.id(), espresso, 0, "Ada"))
          .hasMessageContaining("at least 1 cup");

      assertThat(f.env.model(ORDER).count(Domain.all())).isZero();
      assertThat(f.runPendingJobs()).isEmpty();
    }
  }
}
