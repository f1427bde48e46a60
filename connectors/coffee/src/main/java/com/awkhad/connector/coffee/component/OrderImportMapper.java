package com.awkhad.connector.coffee.component;

import static com.awkhad.connector.coffee.component.CoffeeNames.BACKEND;
import static com.awkhad.connector.coffee.component.CoffeeNames.BEVERAGE_BINDING;
import static com.awkhad.connector.coffee.component.CoffeeNames.ORDER_BINDING;

import com.awkhad.connector.component.ComponentSpec;
import com.awkhad.connector.framework.mapper.Direct;
import com.awkhad.connector.framework.mapper.ImportMapper;
import java.util.List;

/** A machine order {"beverage", "quantity", "customer", "status"} to coffee.order (its state follows the brew). */
@ComponentSpec(name = "coffee.order.import.mapper", collection = BACKEND, applyOn = ORDER_BINDING)
public class OrderImportMapper extends ImportMapper {
  @Override
  protected List<Direct> direct() {
    return List.of(
        direct(externalToM2o("beverage", BEVERAGE_BINDING), "beverage_id"),
        direct(convert("quantity", Integer.class), "quantity"),
        direct("customer", "customer"),
        direct("status", "state"));
  }
}
