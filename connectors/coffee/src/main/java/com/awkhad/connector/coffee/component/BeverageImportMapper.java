package com.awkhad.connector.coffee.component;

import static com.awkhad.connector.coffee.component.CoffeeNames.BACKEND;
import static com.awkhad.connector.coffee.component.CoffeeNames.BEVERAGE_BINDING;

import com.awkhad.connector.component.ComponentSpec;
import com.awkhad.connector.framework.mapper.Direct;
import com.awkhad.connector.framework.mapper.ImportMapper;
import java.util.List;

/** A machine beverage {"name", "price", "caffeine_mg", "updated_at"} to coffee.beverage. */
@ComponentSpec(name = "coffee.beverage.import.mapper", collection = BACKEND, applyOn = BEVERAGE_BINDING)
public class BeverageImportMapper extends ImportMapper {
  @Override
  protected List<Direct> direct() {
    return List.of(
        direct("name", "name"),
        direct(convert("price", Double.class), "price"),
        direct(convert("caffeine_mg", Integer.class), "caffeine_mg"));
  }
}
