package com.awkhad.connector.microbench;

import com.awkhad.connector.coffee.CoffeeAddon;
import com.awkhad.connector.component.ComponentRegistry;
import com.awkhad.connector.component.ComponentSpec;
import com.awkhad.connector.component.WorkContext;
import com.awkhad.connector.framework.mapper.Direct;
import com.awkhad.connector.framework.mapper.ImportMapper;
import com.awkhad.connector.framework.mapper.Mapping;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One external record mapped to local values by an import mapper, as every record import job does
 * once per record (and an export job with its export mapper): direct mappings with their
 * conversions, {@code @Mapping} methods, {@code finalizeValues}. In memory: the mappers below read
 * no other record (no many2one through a binder), so they need no environment.
 *
 * <ul>
 *   <li>{@code beverage}: the coffee connector's own {@code BeverageImportMapper} on a machine
 *       beverage (name, price to Double, caffeine to Integer), for a create;
 *   <li>{@code order}: a richer mapper of this module ({@link OrderImportMapper}): six direct
 *       mappings converting to BigDecimal, Boolean, LocalDate and Instant, and two {@code @Mapping}
 *       methods, for a create.
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RecordMappingBench {
  private ImportMapper beverageMapper;
  private ImportMapper orderMapper;
  private Map<String, Object> beverage;
  private Map<String, Object> order;

  /** A shop order {"ref", "total", "paid", "day", "at", "note", "first", "last"} to local values. */
  @ComponentSpec(name = "micro.order.import.mapper", collection = "micro.backend", applyOn = "micro.order")
  public static class OrderImportMapper extends ImportMapper {
    @Override
    protected List<Direct> direct() {
      return List.of(
          direct("ref", "name"),
          direct(convert("total", BigDecimal.class), "amount"),
          direct(convert("paid", Boolean.class), "is_paid"),
          direct(convert("day", LocalDate.class), "date_order"),
          direct(convert("at", Instant.class), "date_done"),
          direct(none("note"), "note"));
    }

    @Mapping(changedBy = {"first", "last"})
    public Map<String, Object> customer(Map<String, Object> record) {
      return Map.of("customer", record.get("first") + " " + record.get("last"));
    }

    @Mapping(onlyCreate = true)
    public Map<String, Object> origin(Map<String, Object> record) {
      return Map.of("origin", "shop");
    }
  }

  @Setup
  public void setup() {
    ComponentRegistry registry = CoffeeRegistry.build(OrderImportMapper.class);
    beverageMapper = WorkContext.builder(registry).collection(CoffeeAddon.BACKEND).model(CoffeeAddon.BEVERAGE_BINDING)
        .build().component(ImportMapper.class, ImportMapper.USAGE);
    orderMapper = WorkContext.builder(registry).collection("micro.backend").model("micro.order")
        .build().component(ImportMapper.class, ImportMapper.USAGE);

    beverage = new LinkedHashMap<>();
    beverage.put("id", "espresso");
    beverage.put("name", "Espresso");
    beverage.put("price", 2.5);
    beverage.put("caffeine_mg", 63);
    beverage.put("updated_at", "2026-12-04T10:15:30Z");

    order = new LinkedHashMap<>();
    order.put("ref", "SO042");
    order.put("total", "12.50");
    order.put("paid", "1");
    order.put("day", "2026-11-28");
    order.put("at", "2026-11-28T10:15:30+01:00");
    order.put("note", "");
    order.put("first", "Ada");
    order.put("last", "Lovelace");
  }

  @Benchmark
  public Map<String, Object> beverage() {
    return beverageMapper.mapRecord(beverage).values(true, null);
  }

  @Benchmark
  public Map<String, Object> order() {
    return orderMapper.mapRecord(order).values(true, null);
  }
}
