package com.awkhad.connector.coffee.component;

import static com.awkhad.connector.coffee.CoffeeAddon.BACKEND;
import static com.awkhad.connector.coffee.CoffeeAddon.BEVERAGE_BINDING;
import static com.awkhad.connector.coffee.CoffeeAddon.ORDER_BINDING;

import com.awkhad.connector.coffee.CoffeeAddon;
import com.awkhad.connector.coffee.CoffeeBackends;
import com.awkhad.connector.component.AbstractComponent;
import com.awkhad.connector.component.ComponentSpec;
import com.awkhad.connector.component.event.NoExport;
import com.awkhad.connector.framework.adapter.HttpJsonAdapter;
import com.awkhad.connector.framework.binder.Binder;
import com.awkhad.connector.framework.binding.Binding;
import com.awkhad.connector.framework.exporter.RecordExporter;
import com.awkhad.connector.framework.importer.DelayedBatchImporter;
import com.awkhad.connector.framework.importer.RecordImporter;
import com.awkhad.connector.framework.listener.ExportListener;
import com.awkhad.connector.framework.mapper.Direct;
import com.awkhad.connector.framework.mapper.ExportMapper;
import com.awkhad.connector.framework.mapper.ImportMapper;
import com.awkhad.connector.queue.job.JobOptions;
import java.util.List;
import java.util.Map;

/**
 * The components of the coffee connector, one small class each, all in the collection
 * {@code coffee.backend}: binder, adapters, mappers, batch importer, exporter and export listener.
 * Beverages use the connector layer's generic record importer.
 */
public final class CoffeeComponents {
  private CoffeeComponents() {}

  /** The seed's abstract {@code coffee.binding}: one binder for every coffee binding model. */
  @ComponentSpec(name = "coffee.binder", collection = BACKEND, applyOn = {BEVERAGE_BINDING, ORDER_BINDING})
  public static class CoffeeBinder extends Binder {}

  /** The menu: {@code GET /beverages[?updated_since=...]}, {@code GET /beverages/{id}}. */
  @ComponentSpec(name = "coffee.beverage.adapter", collection = BACKEND, applyOn = BEVERAGE_BINDING)
  public static class BeverageAdapter extends HttpJsonAdapter {
    @Override
    protected String resourcePath() {
      return "/beverages";
    }
  }

  /** The brews: {@code POST /orders}, {@code PUT /orders/{id}}, {@code GET /orders/{id}}. */
  @ComponentSpec(name = "coffee.order.adapter", collection = BACKEND, applyOn = ORDER_BINDING)
  public static class OrderAdapter extends HttpJsonAdapter {
    @Override
    protected String resourcePath() {
      return "/orders";
    }
  }

  /** A machine beverage {"name", "price", "caffeine_mg", "updated_at"} to coffee.beverage. */
  @ComponentSpec(name = "coffee.beverage.import.mapper", collection = BACKEND, applyOn = BEVERAGE_BINDING)
  public static class BeverageImportMapper extends ImportMapper {
    @Override
    protected List<Direct> direct() {
      return List.of(
          direct("name", "name"),
          direct(convert("price", Double.class), "price"),
          direct(convert("caffeine_mg", Integer.class), "caffeine_mg"));
    }
  }

  /** A machine order {"beverage", "quantity", "customer", "status"} to coffee.order (its state follows the brew). */
  @ComponentSpec(name = "coffee.order.import.mapper", collection = BACKEND, applyOn = ORDER_BINDING)
  public static class OrderImportMapper extends ImportMapper {
    @Override
    protected List<Direct> direct() {
      return List.of(
          direct(externalToM2o("beverage", BEVERAGE_BINDING), "beverage_id"),
          direct(convert("quantity", Integer.class), "quantity"),
          direct("customer", "customer"),
          direct("status", "state"));
    }
  }

  /** Imports a machine order (its status), importing its beverage first when it is not on the local menu yet. */
  @ComponentSpec(name = "coffee.order.importer", collection = BACKEND, applyOn = ORDER_BINDING)
  public static class OrderImporter extends RecordImporter {
    @Override
    protected void importDependencies(Map<String, Object> remote) {
      Object beverage = remote.get("beverage");
      importDependency(beverage == null ? null : beverage.toString(), BEVERAGE_BINDING);
    }
  }

  /** A coffee.order to the machine's order {"beverage": machine id, "quantity", "customer"}. */
  @ComponentSpec(name = "coffee.order.export.mapper", collection = BACKEND, applyOn = ORDER_BINDING)
  public static class OrderExportMapper extends ExportMapper {
    @Override
    protected List<Direct> direct() {
      return List.of(
          direct(m2oToExternal("beverage_id", BEVERAGE_BINDING), "beverage"),
          direct("quantity", "quantity"),
          direct("customer", "customer"));
    }
  }

  /** Imports the menu: one {@code importRecord} job per beverage, in channel {@code root.coffee}. */
  @ComponentSpec(name = "coffee.beverage.batch.importer", collection = BACKEND, applyOn = BEVERAGE_BINDING)
  public static class BeverageBatchImporter extends DelayedBatchImporter {
    @Override
    protected JobOptions jobOptions() {
      return JobOptions.defaults().identityExact().channel(CoffeeAddon.CHANNEL);
    }

    /** The menu's mark, shared by {@code CoffeeJobs.importMenu}, {@code ./connector import} and schedules. */
    @Override
    public String markSetting() {
      return CoffeeBackends.MENU_MARK;
    }
  }

  /** Sends an order to the machine; once sent, the local order's state becomes {@code sent}. */
  @ComponentSpec(name = "coffee.order.exporter", collection = BACKEND, applyOn = ORDER_BINDING)
  public static class OrderExporter extends RecordExporter {
    @Override
    protected void afterExport(Binding binding) {
      try (NoExport.Scope s = NoExport.scope()) {
        env().model(CoffeeAddon.ORDER).write(binding.localId(), Map.of("state", "sent"));
      }
    }
  }

  /** Exports the changes of bound orders, in channel {@code root.coffee}. */
  @ComponentSpec(name = "coffee.order.export.listener", collection = BACKEND, applyOn = CoffeeAddon.ORDER)
  public static class OrderExportListener extends ExportListener {
    @Override
    protected JobOptions exportOptions(Binding binding) {
      return JobOptions.defaults().identityExact().channel(CoffeeAddon.CHANNEL);
    }
  }

  /** Every component of the connector, for {@code CoffeeAddon.components()}. */
  public static final List<Class<? extends AbstractComponent>> ALL = List.of(
      CoffeeBinder.class, BeverageAdapter.class, OrderAdapter.class, BeverageImportMapper.class,
      OrderImportMapper.class, OrderImporter.class, OrderExportMapper.class, BeverageBatchImporter.class, OrderExporter.class, OrderExportListener.class);
}
