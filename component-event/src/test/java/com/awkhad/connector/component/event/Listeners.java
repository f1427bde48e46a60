package com.awkhad.connector.component.event;

import com.awkhad.connector.component.ComponentSpec;
import com.awkhad.connector.component.RecordRef;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/** Listener components used by the event tests; each call is written to {@link #CALLS}. */
final class Listeners {
  static final List<String> CALLS = new CopyOnWriteArrayList<>();

  private Listeners() {}

  static void record(EventListener l, String what) {
    CALLS.add(l.descriptor().name() + " " + what
        + (l.collectionName() == null ? "" : " [" + l.collectionName() + "]"));
  }

  @ComponentSpec(name = "partner.listener", applyOn = "res.partner")
  static class PartnerListener extends EventListener {
    @Override
    public void onRecordCreate(RecordRef record, Set<String> fields) {
      record(this, "created " + record + " " + fields.stream().sorted().toList());
    }

    @Override
    public void onRecordWrite(RecordRef record, Set<String> fields) {
      record(this, "wrote " + record + " " + fields.stream().sorted().toList());
    }

    @Override
    public void onRecordUnlink(RecordRef record) {
      record(this, "unlinked " + record);
    }
  }

  /** Listens to writes on every model. */
  @ComponentSpec(name = "audit.listener")
  static class AuditListener extends EventListener {
    @Override
    public void onRecordWrite(RecordRef record, Set<String> fields) {
      record(this, "audit " + record);
    }
  }

  @ComponentSpec(name = "coffee.invoice.listener", collection = "coffee.backend", applyOn = "account.invoice")
  static class CoffeeInvoiceListener extends EventListener {
    @OnEvent("on_invoice_paid")
    public void paid(RecordRef invoice, double amount) {
      record(this, "paid " + invoice + " " + amount
          + collectionRecord().map(r -> " backend " + r.id()).orElse(""));
    }
  }

  @ComponentSpec(name = "tea.invoice.listener", collection = "tea.backend", applyOn = "account.invoice")
  static class TeaInvoiceListener extends EventListener {
    @OnEvent("on_invoice_paid")
    void paid(RecordRef invoice, Double amount) {
      record(this, "paid " + invoice);
    }
  }

  /** Exports partners unless in a no-export scope or only technical fields changed. */
  @ComponentSpec(name = "partner.exporter.listener", applyOn = "res.partner")
  static class PartnerExportListener extends EventListener {
    @Override
    @SkipIf({NoExport.class, OnlyTechnicalFields.class})
    public void onRecordWrite(RecordRef record, Set<String> fields) {
      record(this, "export " + record);
    }

    @Override
    @SkipIf(NoExport.class)
    public void onRecordCreate(RecordRef record, Set<String> fields) {
      record(this, "export new " + record);
    }
  }

  /** Skips writes that touched nothing but {@code write_date}. */
  static final class OnlyTechnicalFields implements SkipCondition {
    @Override
    public boolean skip(EventListener listener, Event event) {
      return Set.of("write_date").containsAll(event.fields());
    }
  }

  /** Extends the export listener: inherits its skip conditions and adds a handler. */
  @ComponentSpec(name = "partner.exporter.listener")
  static class PartnerExportListenerExt extends PartnerExportListener {
    @Override
    public void onRecordWrite(RecordRef record, Set<String> fields) {
      record(this, "export+ " + record);
    }
  }

  @ComponentSpec(name = "bad.listener")
  static class BadEventName extends EventListener {
    @OnEvent("invoice_paid")
    public void paid(RecordRef invoice) {}
  }

  @ComponentSpec(name = "twice.listener")
  static class TwoHandlers extends EventListener {
    @OnEvent("on_record_create")
    public void created(RecordRef r, Set<String> fields) {}

    @Override
    public void onRecordCreate(RecordRef record, Set<String> fields) {}
  }

  @ComponentSpec(name = "not.a.listener", usage = EventListener.USAGE)
  static class NotAListener extends com.awkhad.connector.component.AbstractComponent {}

  @ComponentSpec(name = "failing.listener", applyOn = "res.partner")
  static class FailingListener extends EventListener {
    @OnEvent("on_partner_blocked")
    public void blocked(RecordRef partner) {
      throw new IllegalStateException("partner " + partner.id() + " cannot be blocked");
    }
  }
}
