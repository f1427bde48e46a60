package com.awkhad.connector.coffee.component;

import static com.awkhad.connector.coffee.component.CoffeeNames.BACKEND;
import static com.awkhad.connector.coffee.component.CoffeeNames.BEVERAGE_BINDING;
import static com.awkhad.connector.coffee.component.CoffeeNames.ORDER_BINDING;

import com.awkhad.connector.component.ComponentSpec;
import com.awkhad.connector.framework.importer.RecordImporter;
import java.util.Map;

/** Imports a machine order (its status), importing its beverage first when it is not on the local menu yet. */
@ComponentSpec(name = "coffee.order.importer", collection = BACKEND, applyOn = ORDER_BINDING)
public class OrderImporter extends RecordImporter {
  @Override
  protected void importDependencies(Map<String, Object> remote) {
    Object beverage = remote.get("beverage");
    importDependency(beverage == null ? null : beverage.toString(), BEVERAGE_BINDING);
  }
}
