package com.awkhad.connector.coffee.component;

import static com.awkhad.connector.coffee.component.CoffeeNames.BACKEND;
import static com.awkhad.connector.coffee.component.CoffeeNames.ORDER_BINDING;

import com.awkhad.connector.component.ComponentSpec;
import com.awkhad.connector.framework.adapter.HttpJsonAdapter;

/** The brews: {@code POST /orders}, {@code PUT /orders/{id}}, {@code GET /orders/{id}}. */
@ComponentSpec(name = "coffee.order.adapter", collection = BACKEND, applyOn = ORDER_BINDING)
public class OrderAdapter extends HttpJsonAdapter {
  @Override
  protected String resourcePath() {
    return "/orders";
  }
}
