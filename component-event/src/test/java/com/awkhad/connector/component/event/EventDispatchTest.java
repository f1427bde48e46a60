package com.awkhad.connector.component.event;

import static com.awkhad.connector.component.event.Listeners.CALLS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.awkhad.connector.base.event.RecordEvent;
import com.awkhad.connector.base.event.RecordEvent.Kind;
import com.awkhad.connector.component.ComponentException;
import com.awkhad.connector.component.ComponentRegistry;
import com.awkhad.connector.component.RecordRef;
import com.awkhad.connector.component.event.Listeners.AuditListener;
import com.awkhad.connector.component.event.Listeners.BadEventName;
import com.awkhad.connector.component.event.Listeners.CoffeeInvoiceListener;
import com.awkhad.connector.component.event.Listeners.FailingListener;
import com.awkhad.connector.component.event.Listeners.NotAListener;
import com.awkhad.connector.component.event.Listeners.PartnerExportListener;
import com.awkhad.connector.component.event.Listeners.PartnerExportListenerExt;
import com.awkhad.connector.component.event.Listeners.PartnerListener;
import com.awkhad.connector.component.event.Listeners.TeaInvoiceListener;
import com.awkhad.connector.component.event.Listeners.TwoHandlers;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EventDispatchTest {
  final ComponentRegistry registry = ComponentRegistry.builder()
      .addons(new ComponentEventAddon())
      .components("test", PartnerListener.class, AuditListener.class, CoffeeInvoiceListener.class,
          TeaInvoiceListener.class, PartnerExportListener.class, FailingListener.class)
      .build();
  final ComponentEvents events = ComponentEvents.of(registry);
  final RecordRef partner = new RecordRef("res.partner", 7);

  @BeforeEach
  void clear() {
    CALLS.clear();
  }

  @Test
  void recordEventsReachTheListenersOfTheirModel() {
    events.onRecordEvent(new RecordEvent(Kind.CREATE, "res.partner", 7, Set.of("name", "email")));
    events.onRecordEvent(new RecordEvent(Kind.WRITE, "res.partner", 7, Set.of("email")));
    events.onRecordEvent(new RecordEvent(Kind.UNLINK, "res.partner", 7, Set.of()));
    assertThat(CALLS).containsExactly(
        "partner.listener created res.partner#7 [email, name]",
        "partner.exporter.listener export new res.partner#7",
        "partner.listener wrote res.partner#7 [email]",
        "audit.listener audit res.partner#7",
        "partner.exporter.listener export res.partner#7",
        "partner.listener unlinked res.partner#7");

    CALLS.clear();
    events.onRecordEvent(new RecordEvent(Kind.WRITE, "res.country", 1, Set.of("name")));
    assertThat(CALLS).containsExactly("audit.listener audit res.country#1");
  }

  @Test
  void anEventWithoutCollectionReachesEveryCollectionsListeners() {
    events.notify("on_invoice_paid", "account.invoice", new RecordRef("account.invoice", 3), 12.5);
    assertThat(CALLS).containsExactly(
        "coffee.invoice.listener paid account.invoice#3 12.5 [coffee.backend]",
        "tea.invoice.listener paid account.invoice#3 [tea.backend]");
  }

  @Test
  void anEventWithACollectionReachesThatCollectionsListenersAndCollectionLessOnes() {
    events.forCollection(new RecordRef("coffee.backend", 2))
        .notify("on_invoice_paid", "account.invoice", new RecordRef("account.invoice", 3), 12.5);
    assertThat(CALLS).containsExactly("coffee.invoice.listener paid account.invoice#3 12.5 backend 2 [coffee.backend]");

    CALLS.clear();
    events.forCollection("coffee.backend").notify("on_record_write", "res.partner", partner, Set.of("name"));
    assertThat(CALLS).containsExactly(
        "partner.listener wrote res.partner#7 [name] [coffee.backend]",
        "audit.listener audit res.partner#7 [coffee.backend]",
        "partner.exporter.listener export res.partner#7 [coffee.backend]");

    CALLS.clear();
    events.forCollection("juice.backend").notify("on_invoice_paid", "account.invoice", new RecordRef("account.invoice", 3), 1.0);
    assertThat(CALLS).isEmpty();
  }

  @Test
  void skipIfConditionsSkipOneMethod() {
    events.notify("on_record_write", "res.partner", partner, Set.of("write_date"));
    assertThat(CALLS).containsExactly(
        "partner.listener wrote res.partner#7 [write_date]",
        "audit.listener audit res.partner#7");
  }

  @Test
  void theNoExportScopeSilencesExportListenersOnThisThreadOnly() throws Exception {
    try (NoExport.Scope outer = NoExport.scope()) {
      try (NoExport.Scope inner = NoExport.scope()) {
        events.notify("on_record_write", "res.partner", partner, Set.of("name"));
      }
      assertThat(NoExport.active()).isTrue();
      // another thread is not in the scope
      CompletableFuture.runAsync(() -> events.notify("on_record_create", "res.partner", partner, Set.of("name"))).get();
      events.notify("on_record_create", "res.partner", partner, Set.of("name"));
    }
    assertThat(NoExport.active()).isFalse();
    assertThat(CALLS).containsExactly(
        "partner.listener wrote res.partner#7 [name]",
        "audit.listener audit res.partner#7",
        "partner.listener created res.partner#7 [name]",
        "partner.exporter.listener export new res.partner#7",
        "partner.listener created res.partner#7 [name]");

    CALLS.clear();
    events.notify("on_record_write", "res.partner", partner, Set.of("name"));
    assertThat(CALLS).contains("partner.exporter.listener export res.partner#7");
  }

  @Test
  void anExtensionInPlaceKeepsTheSkipConditionsOfTheMethodItOverrides() {
    ComponentRegistry extended = ComponentRegistry.builder()
        .addons(new ComponentEventAddon())
        .components("test", PartnerExportListener.class)
        .components("test_ext", PartnerExportListenerExt.class)
        .build();
    ComponentEvents ev = ComponentEvents.of(extended);
    ev.notify("on_record_write", "res.partner", partner, Set.of("write_date"));
    try (NoExport.Scope s = NoExport.scope()) {
      ev.notify("on_record_write", "res.partner", partner, Set.of("name"));
    }
    assertThat(CALLS).isEmpty();
    ev.notify("on_record_write", "res.partner", partner, Set.of("name"));
    assertThat(CALLS).containsExactly("partner.exporter.listener export+ res.partner#7");
  }

  @Test
  void eventNamesAndArgumentsAreChecked() {
    assertThatThrownBy(() -> events.notify("invoice_paid", "account.invoice"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Event name 'invoice_paid' is invalid: event names start with 'on_'");
    assertThatThrownBy(() -> events.notify("on_invoice_paid", "account.invoice", new RecordRef("account.invoice", 3)))
        .isInstanceOf(ComponentException.class)
        .hasMessageContaining("Event 'on_invoice_paid' was published with arguments (RecordRef) but coffee.invoice.listener"
            + " handles it with CoffeeInvoiceListener.paid(RecordRef, double)");
    assertThatThrownBy(() -> ComponentEvents.of(ComponentRegistry.builder()
            .addons(new ComponentEventAddon()).components("test", BadEventName.class).build()))
        .isInstanceOf(ComponentException.class)
        .hasMessageContaining("Listener 'bad.listener' (BadEventName.paid(RecordRef)): Event name 'invoice_paid' is invalid");
    assertThatThrownBy(() -> ComponentEvents.of(ComponentRegistry.builder()
            .addons(new ComponentEventAddon()).components("test", TwoHandlers.class).build()))
        .isInstanceOf(ComponentException.class)
        .hasMessageContaining("Listener 'twice.listener' has two methods for event 'on_record_create'");
    assertThatThrownBy(() -> ComponentEvents.of(ComponentRegistry.builder()
            .addons(new ComponentEventAddon()).components("test", NotAListener.class).build()))
        .isInstanceOf(ComponentException.class)
        .hasMessageContaining("Component 'not.a.listener'")
        .hasMessageContaining("does not extend " + EventListener.class.getName());
  }

  @Test
  void aListenerExceptionReachesThePublisher() {
    assertThatThrownBy(() -> events.notify("on_partner_blocked", "res.partner", partner))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("partner 7 cannot be blocked");
  }
}
