package com.awkhad.connector.coffee.component;

import static com.awkhad.connector.coffee.component.CoffeeNames.BACKEND;
import static com.awkhad.connector.coffee.component.CoffeeNames.ORDER_BINDING;

import com.awkhad.connector.component.ComponentSpec;
import com.awkhad.connector.framework.adapter.HttpJsonAdapter;

/**
 * The brews: {@code POST /orders}, {@code PUT /orders/{id}}, {@code GET /orders/{id}}. The machine
 * answers an order with its {@code ETag} and refuses a {@code PUT} whose {@code If-Match} is stale
 * ({@code 412}): an order's update is one conditional write, read only when refused.
 */
@ComponentSpec(name = "coffee.order.adapter", collection = BACKEND, applyOn = ORDER_BINDING)
public class OrderAdapter extends HttpJsonAdapter {
  @Override
  protected String resourcePath() {
    return "/orders";
  }

  /** The machine's ETag, as the order's version tag (next to its {@code updated_at}). */
  @Override
  protected String etagField() {
    return "_etag";
  }

  @Override
  protected boolean ifMatchWrites() {
    return true;
  }
}
