package com.awkhad.connector.framework.mapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.awkhad.connector.component.ComponentRegistry;
import com.awkhad.connector.component.ComponentSpec;
import com.awkhad.connector.component.WorkContext;
import com.awkhad.connector.framework.core.ConnectorComponent;
import com.awkhad.connector.framework.exception.MappingError;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Mappers without a database: direct mappings, modifiers, @Mapping methods, children. */
class MapperTest {

  /** An order from a shop: {"ref", "total", "paid", "day", "note", "lines": [...]} to local values. */
  @ComponentSpec(name = "shop.order.import.mapper", collection = "shop.backend", applyOn = "shop.order")
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

    @Override
    protected List<Child> children() {
      return List.of(new Child("lines", "line_ids", "shop.order.line"));
    }

    @Mapping(changedBy = {"first", "last"})
    public Map<String, Object> customer(Map<String, Object> record) {
      return Map.of("customer", record.get("first") + " " + record.get("last"));
    }

    @Mapping(onlyCreate = true)
    public Map<String, Object> origin(Map<String, Object> record) {
      return Map.of("origin", "shop");
    }

    @Mapping
    public Map<String, Object> nothing(Map<String, Object> record) {
      return null;
    }

    @Override
    protected Map<String, Object> finalizeValues(MapRecord record, Map<String, Object> values) {
      if (values.containsKey("line_ids")) {
        values.put("line_count", ((List<?>) values.get("line_ids")).size());
      }
      return values;
    }
  }

  @ComponentSpec(name = "shop.order.line.import.mapper", collection = "shop.backend", applyOn = "shop.order.line")
  public static class LineImportMapper extends ImportMapper {
    @Override
    protected List<Direct> direct() {
      return List.of(direct("sku", "product_code"), direct(convert("qty", Long.class), "quantity"));
    }

    @Mapping
    public Map<String, Object> order(Map<String, Object> record) {
      return Map.of("order_name", "?"); // replaced below: shows children see their parent
    }

    @Override
    protected boolean skipItem(MapRecord item) {
      return "SHIPPING".equals(item.source().get("sku"));
    }

    @Override
    protected Map<String, Object> finalizeValues(MapRecord record, Map<String, Object> values) {
      values.put("order_name", record.parent().source().get("ref"));
      return values;
    }
  }

  /** A later addon extends the customer mapping: its changedBy adds to the inherited one. */
  @ComponentSpec(name = "shop.order.import.mapper")
  public static class TitledOrderImportMapper extends OrderImportMapper {
    @Override
    @Mapping(changedBy = "title")
    public Map<String, Object> customer(Map<String, Object> record) {
      Map<String, Object> values = new HashMap<>(super.customer(record));
      values.put("customer", record.get("title") + " " + values.get("customer"));
      return values;
    }
  }

  @ComponentSpec(name = "shop.partner.export.mapper", collection = "shop.backend", applyOn = "res.partner")
  public static class PartnerExportMapper extends ExportMapper {
    @Override
    protected List<Direct> direct() {
      return List.of(direct("name", "fullname"), direct("emial", "email"));
    }
  }

  @ComponentSpec(name = "shop.bad.mapper", collection = "shop.backend", applyOn = "shop.bad")
  public static class BadSignatureMapper extends ImportMapper {
    @Mapping
    public String name(Map<String, Object> record) {
      return "no";
    }
  }

  @ComponentSpec(name = "shop.hidden.mapper", collection = "shop.backend", applyOn = "shop.hidden")
  public static class HiddenMappingMapper extends ImportMapper {
    @Mapping
    Map<String, Object> name(Map<String, Object> record) {
      return Map.of();
    }
  }

  private static final ComponentRegistry REGISTRY = ComponentRegistry.of(ConnectorComponent.class, Mapper.class, MapChild.class, ImportMapChild.class, ExportMapChild.class,
      ImportMapper.class, ExportMapper.class, OrderImportMapper.class, LineImportMapper.class, PartnerExportMapper.class,
      BadSignatureMapper.class, HiddenMappingMapper.class);

  private static <T> T mapper(ComponentRegistry registry, Class<T> type, String usage, String model) {
    return WorkContext.builder(registry).collection("shop.backend").model(model).build().component(type, usage);
  }

  private static Map<String, Object> order() {
    Map<String, Object> order = new LinkedHashMap<>();
    order.put("ref", "SO042");
    order.put("total", "12.50");
    order.put("paid", "1");
    order.put("day", "2026-11-28");
    order.put("at", "2026-11-28T10:15:30+01:00");
    order.put("note", "");
    order.put("first", "Ada");
    order.put("last", "Lovelace");
    order.put("title", "Lady");
    order.put("lines", List.of(Map.of("sku", "ESP", "qty", 2), Map.of("sku", "SHIPPING", "qty", 1), Map.of("sku", "LAT", "qty", "3")));
    return order;
  }

  @Test
  void mapsEverythingForACreate() {
    ImportMapper mapper = mapper(REGISTRY, ImportMapper.class, "import.mapper", "shop.order");

    Map<String, Object> values = mapper.mapRecord(order()).values(true, null);

    assertThat(values).containsExactly(
        Map.entry("name", "SO042"),
        Map.entry("amount", new BigDecimal("12.50")),
        Map.entry("is_paid", true),
        Map.entry("date_order", LocalDate.of(2026, 11, 28)),
        Map.entry("date_done", Instant.parse("2026-11-28T09:15:30Z")),
        new java.util.AbstractMap.SimpleEntry<>("note", null),
        Map.entry("customer", "Ada Lovelace"),
        Map.entry("origin", "shop"),
        Map.entry("line_ids", List.of(
            Map.of("product_code", "ESP", "quantity", 2L, "order_name", "SO042"),
            Map.of("product_code", "LAT", "quantity", 3L, "order_name", "SO042"))),
        Map.entry("line_count", 2));
  }

  @Test
  void anUpdateOfSomeFieldsMapsOnlyWhatTheyChangeAndForcedValuesWin() {
    ImportMapper mapper = mapper(REGISTRY, ImportMapper.class, "import.mapper", "shop.order");

    assertThat(mapper.mapRecord(order()).values(false, Set.of("ref", "last")))
        .containsExactly(Map.entry("name", "SO042"), Map.entry("customer", "Ada Lovelace"));
    assertThat(mapper.mapRecord(order()).values(false, Set.of("total")))
        .containsExactly(Map.entry("amount", new BigDecimal("12.50")));
    assertThat(mapper.mapRecord(order()).update(Map.of("name", "forced")).values(false, Set.of("ref")))
        .containsExactly(Map.entry("name", "forced"));
    assertThat(mapper.mapRecord(order()).values()).doesNotContainKey("origin").containsKey("line_ids");
    assertThat(mapper.changedByFields())
        .containsExactlyInAnyOrder("ref", "total", "paid", "day", "at", "note", "first", "last", "lines");
  }

  @Test
  void anExtensionInPlaceUnitesChangedBy() {
    ComponentRegistry extended = ComponentRegistry.builder()
        .components("shop", ConnectorComponent.class, Mapper.class, ImportMapper.class, OrderImportMapper.class, LineImportMapper.class)
        .components("shop_titles", TitledOrderImportMapper.class)
        .build();
    ImportMapper mapper = mapper(extended, ImportMapper.class, "import.mapper", "shop.order");

    assertThat(mapper).isInstanceOf(TitledOrderImportMapper.class);
    assertThat(mapper.changedByFields()).contains("first", "last", "title");
    assertThat(mapper.mapRecord(order()).values(false, Set.of("title"))).containsExactly(Map.entry("customer", "Lady Ada Lovelace"));
  }

  @Test
  void mistakesAreClearMappingErrors() {
    ImportMapper orders = mapper(REGISTRY, ImportMapper.class, "import.mapper", "shop.order");
    Map<String, Object> badTotal = new HashMap<>(order());
    badTotal.put("total", "twelve");
    assertThatThrownBy(() -> orders.mapRecord(badTotal).values(false, Set.of("total")))
        .isInstanceOf(MappingError.class)
        .hasMessage("Mapper shop.order.import.mapper (OrderImportMapper) on shop.order: cannot convert field 'total' value"
            + " 'twelve' (String) to BigDecimal: fix the value at its source, or map it with a @Mapping method");
    Map<String, Object> badLines = new HashMap<>(order());
    badLines.put("lines", "ESP x2");
    assertThatThrownBy(() -> orders.mapRecord(badLines).values(false, Set.of("lines")))
        .hasMessage("Mapper shop.order.import.mapper (OrderImportMapper) on shop.order: children field 'lines' should hold a list"
            + " of records, got String 'ESP x2'");

    ExportMapper partners = mapper(REGISTRY, ExportMapper.class, "export.mapper", "res.partner");
    Map<String, Object> partner = new LinkedHashMap<>();
    partner.put("id", 1L);
    partner.put("name", "Ada");
    partner.put("email", "ada@example.com");
    assertThatThrownBy(() -> partners.mapRecord(partner).values(true, null))
        .hasMessage("Mapper shop.partner.export.mapper (PartnerExportMapper) on res.partner: the local record has no field"
            + " 'emial'. Its fields: [id, name, email]. Fix the source of the mapping");

    Mapper bad = mapper(REGISTRY, Mapper.class, "import.mapper", "shop.bad");
    assertThatThrownBy(() -> bad.mapRecord(Map.of()).values())
        .hasMessage("@Mapping method " + BadSignatureMapper.class.getName() + ".name has the wrong signature: declare it"
            + " 'public Map<String, Object> name(Map<String, Object> record)' (an instance method)");
    Mapper hidden = mapper(REGISTRY, Mapper.class, "import.mapper", "shop.hidden");
    assertThatThrownBy(hidden::changedByFields)
        .hasMessage("@Mapping method " + HiddenMappingMapper.class.getName() + ".name is not public: declare it"
            + " 'public Map<String, Object> name(Map<String, Object> record)'");
  }
}
