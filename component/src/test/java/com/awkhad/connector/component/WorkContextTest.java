package com.awkhad.connector.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.awkhad.connector.component.Binders.BaseBinder;
import com.awkhad.connector.component.Binders.CoffeeBinder;
import com.awkhad.connector.component.Binders.CoffeeImporter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class WorkContextTest {
  final ComponentRegistry registry = ComponentRegistry.of(BaseBinder.class, CoffeeBinder.class, CoffeeImporter.class);

  /** Stands for an HTTP client: counts how often it is opened and closed. */
  static final class FakeClient implements AutoCloseable {
    static final AtomicInteger opened = new AtomicInteger();
    final List<String> log;
    final String name;
    boolean closed;

    FakeClient(String name, List<String> log) {
      this.name = name;
      this.log = log;
      opened.incrementAndGet();
    }

    @Override
    public void close() {
      closed = true;
      log.add("closed " + name);
    }
  }

  /** How a backend wraps a unit of work: one client per work context, closed at the end. */
  static final class CoffeeBackend {
    final RecordRef record = new RecordRef("coffee.backend", 1);
    final ComponentRegistry registry;
    final List<String> log;

    CoffeeBackend(ComponentRegistry registry, List<String> log) {
      this.registry = registry;
      this.log = log;
    }

    WorkContext workOn(String model) {
      return WorkContext.builder(registry)
          .collection(record)
          .model(model)
          .attribute("url", "http://127.0.0.1:9/coffee")
          .lazyResource("client", () -> new FakeClient("client", log))
          .build();
    }
  }

  @Test
  void attributesPropagateToDerivedContextsAndFoundComponents() {
    WorkContext work = WorkContext.builder(registry)
        .collection(new RecordRef("coffee.backend", 9))
        .model("coffee.product")
        .attribute("lang", "fr")
        .attribute("limit", 50)
        .build();
    WorkContext onCategories = work.workOn("coffee.category");
    assertThat(onCategories.modelName()).isEqualTo("coffee.category");
    assertThat(onCategories.collectionName()).isEqualTo("coffee.backend");
    assertThat(onCategories.collectionRecord()).contains(new RecordRef("coffee.backend", 9));
    assertThat(onCategories.attribute("lang", String.class)).isEqualTo("fr");
    assertThat(onCategories.attribute("limit", Integer.class)).isEqualTo(50);
    assertThat(onCategories.attributeNames()).containsExactly("lang", "limit");
    assertThat(onCategories.registry()).isSameAs(registry);

    CoffeeBinder binder = work.component(CoffeeBinder.class, "binder", "coffee.category");
    assertThat(binder.work().attribute("lang", String.class)).isEqualTo("fr");
    assertThat(binder.collectionName()).isEqualTo("coffee.backend");

    assertThatThrownBy(() -> work.attribute("client", Object.class))
        .isInstanceOf(ComponentException.class)
        .hasMessageContaining("has no attribute 'client'")
        .hasMessageContaining("[lang, limit]");
    assertThatThrownBy(() -> work.attribute("lang", Integer.class))
        .isInstanceOf(ComponentException.class)
        .hasMessageContaining("'lang' is a java.lang.String, not a java.lang.Integer");
    assertThatThrownBy(() -> WorkContext.builder(registry).attribute("a", 1).attribute("a", 2))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'a' is given twice");
  }

  @Test
  void aBackendOpensItsClientOnceAndClosesItAtTheEnd() {
    List<String> log = new ArrayList<>();
    CoffeeBackend backend = new CoffeeBackend(registry, log);
    int openedBefore = FakeClient.opened.get();
    FakeClient seen;
    try (WorkContext work = backend.workOn("coffee.product")) {
      CoffeeImporter importer = work.component(CoffeeImporter.class, "record.importer");
      BaseBinder binder = importer.binderFor("coffee.category");
      seen = importer.work().attribute("client", FakeClient.class);
      // the derived context shares the same, single client
      assertThat(binder.work().attribute("client", FakeClient.class)).isSameAs(seen);
      try (WorkContext derived = work.workOn("coffee.origin")) {
        assertThat(derived.attribute("client", FakeClient.class)).isSameAs(seen);
      }
      // closing a derived context leaves the shared resources open
      assertThat(seen.closed).isFalse();
      assertThat(FakeClient.opened.get() - openedBefore).isEqualTo(1);
    }
    assertThat(seen.closed).isTrue();
    assertThat(log).containsExactly("closed client");

    // a context whose client was never used never opens it
    try (WorkContext work = backend.workOn("coffee.product")) {
      work.component(CoffeeBinder.class, "binder");
    }
    assertThat(FakeClient.opened.get() - openedBefore).isEqualTo(1);
  }

  @Test
  void resourcesCloseInReverseOrderOnceAndAClosedContextRefusesWork() {
    List<String> log = new ArrayList<>();
    WorkContext work = WorkContext.builder(registry)
        .collection("coffee.backend")
        .model("coffee.product")
        .resource("session", new FakeClient("session", log))
        .lazyResource("client", () -> new FakeClient("client", log))
        .build();
    work.attribute("client", FakeClient.class);
    work.close();
    work.close();
    assertThat(log).containsExactly("closed client", "closed session");
    assertThatThrownBy(() -> work.component("binder"))
        .isInstanceOf(ComponentException.class).hasMessageContaining("is closed");
  }

  @Test
  void aFailingCloseIsReportedAfterClosingTheOthers() {
    List<String> log = new ArrayList<>();
    WorkContext work = WorkContext.builder(registry)
        .model("coffee.product")
        .resource("session", new FakeClient("session", log))
        .resource("broken", () -> { throw new IllegalStateException("socket gone"); })
        .build();
    assertThatThrownBy(work::close)
        .isInstanceOf(ComponentException.class)
        .hasMessageContaining("socket gone");
    assertThat(log).containsExactly("closed session");
  }
}
