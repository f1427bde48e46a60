package com.awkhad.connector.framework.mapper;

import static org.assertj.core.api.Assertions.assertThat;

import com.awkhad.connector.component.ComponentRegistry;
import com.awkhad.connector.component.ComponentSpec;
import com.awkhad.connector.component.WorkContext;
import com.awkhad.connector.framework.core.ConnectorComponent;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Mapper behaviours aligned with the original, found by porting its mapper tests: modifiers
 * compose ({@code none(convert(...))}), an empty list of fields means every field, and a child
 * item mapped to no value is dropped. No database is involved.
 */
class MapperParityTest {

  @ComponentSpec(name = "parity.order.import.mapper", collection = "parity.backend", applyOn = "parity.order")
  public static class OrderMapper extends ImportMapper {
    @Override
    protected List<Direct> direct() {
      return List.of(direct("ref", "name"), direct(convert("qty", Long.class), "quantity"),
          direct(none(convert("paid", Boolean.class)), "paid"), direct(convert(none("weight"), Double.class), "weight"));
    }

    @Override
    protected List<Child> children() {
      return List.of(new Child("lines", "line_ids", "parity.order.line"));
    }
  }

  @ComponentSpec(name = "parity.line.import.mapper", collection = "parity.backend", applyOn = "parity.order.line")
  public static class LineMapper extends ImportMapper {
    @Override
    protected List<Direct> direct() {
      return List.of(direct("sku", "product_code"));
    }
  }

  private static final ComponentRegistry REGISTRY = ComponentRegistry.of(ConnectorComponent.class, Mapper.class, MapChild.class, ImportMapChild.class, ExportMapChild.class,
      ImportMapper.class, OrderMapper.class, LineMapper.class);

  private static ImportMapper mapper() {
    return WorkContext.builder(REGISTRY).collection("parity.backend").model("parity.order").build()
        .component(ImportMapper.class, "import.mapper");
  }

  private static Map<String, Object> order(Object qty) {
    Map<String, Object> o = new HashMap<>();
    o.put("ref", "SO1");
    o.put("qty", qty);
    o.put("weight", "");
    o.put("paid", "0");
    // the second line has no sku key: on an update it maps to nothing at all
    o.put("lines", List.of(Map.of("sku", "ESP"), Map.of("comment", "gift wrap")));
    return o;
  }

  @Test
  void modifiersCompose() {
    Map<String, Object> values = mapper().mapRecord(order("3")).values(true, null);
    assertThat(values).as("none(convert(...)): \"0\" is false, then empty").containsEntry("paid", null);
    assertThat(values).as("convert(none(...)): \"\" is empty, so nothing to convert").containsEntry("weight", null);
    assertThat(values).containsEntry("quantity", 3L);
  }

  @Test
  void anEmptyListOfFieldsMeansEveryField() {
    Map<String, Object> all = mapper().mapRecord(order("3")).values(false, null);
    assertThat(mapper().mapRecord(order("3")).values(false, List.of())).isEqualTo(all).containsKeys("name", "quantity");
  }

  @Test
  void aChildItemMappedToNothingIsDropped() {
    assertThat(mapper().mapRecord(order("3")).values(false, null).get("line_ids"))
        .isEqualTo(List.of(Map.of("product_code", "ESP")));
  }
}
