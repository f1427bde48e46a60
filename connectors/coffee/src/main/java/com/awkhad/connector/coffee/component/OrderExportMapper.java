package com.awkhad.connector.coffee.component;

import static com.awkhad.connector.coffee.component.CoffeeNames.BACKEND;
import static com.awkhad.connector.coffee.component.CoffeeNames.BEVERAGE_BINDING;
import static com.awkhad.connector.coffee.component.CoffeeNames.ORDER_BINDING;

import com.awkhad.connector.component.ComponentSpec;
import com.awkhad.connector.framework.mapper.Direct;
import com.awkhad.connector.framework.mapper.ExportMapper;
import java.util.List;

/** A coffee.order to the machine's order {"beverage": machine id, "quantity", "customer"}. */
@ComponentSpec(name = "coffee.order.export.mapper", collection = BACKEND, applyOn = ORDER_BINDING)
public class OrderExportMapper extends ExportMapper {
  @Override
  protected List<Direct> direct() {
    return List.of(
        direct(m2oToExternal("beverage_id", BEVERAGE_BINDING), "beverage"),
        direct("quantity", "quantity"),
        direct("customer", "customer"));
  }
}
