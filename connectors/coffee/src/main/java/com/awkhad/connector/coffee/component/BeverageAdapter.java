package com.awkhad.connector.coffee.component;

import static com.awkhad.connector.coffee.component.CoffeeNames.BACKEND;
import static com.awkhad.connector.coffee.component.CoffeeNames.BEVERAGE_BINDING;

import com.awkhad.connector.component.ComponentSpec;
import com.awkhad.connector.framework.adapter.HttpJsonAdapter;

/** The menu: {@code GET /beverages[?updated_since=...]}, {@code GET /beverages/{id}}. */
@ComponentSpec(name = "coffee.beverage.adapter", collection = BACKEND, applyOn = BEVERAGE_BINDING)
public class BeverageAdapter extends HttpJsonAdapter {
  @Override
  protected String resourcePath() {
    return "/beverages";
  }
}
