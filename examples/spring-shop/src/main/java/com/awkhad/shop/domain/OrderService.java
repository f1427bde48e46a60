package com.awkhad.shop.domain;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The shop's business operations, written with JPA only: the connector learns of the orders
 * through change capture (a trigger on {@code shop_order}), not through a call here.
 */
@Service
public class OrderService {
  private final CustomerRepository customers;
  private final ProductRepository products;
  private final ShopOrderRepository orders;

  public OrderService(CustomerRepository customers, ProductRepository products, ShopOrderRepository orders) {
    this.customers = customers;
    this.products = products;
    this.orders = orders;
  }

  /**
   * Places an order; it is exported to the order-management system after the commit.
   *
   * @throws IllegalArgumentException when the customer or product does not exist, or the quantity is not positive
   */
  @Transactional
  public ShopOrder place(String reference, long customerId, String sku, int quantity) {
    if (quantity < 1) {
      throw new IllegalArgumentException("The quantity must be at least 1, got " + quantity);
    }
    Customer customer = customers.findById(customerId).orElseThrow(
        () -> new IllegalArgumentException("No customer " + customerId + ": create it first (POST /customers)"));
    Product product = products.findBySku(sku).orElseThrow(
        () -> new IllegalArgumentException("No product with SKU '" + sku + "': import the catalog first"));
    return orders.save(new ShopOrder(reference, customer, product, quantity));
  }

  /** Changes a product's price in the shop; the change is exported to the order-management system. */
  @Transactional
  public Product reprice(String sku, double price) {
    Product product = products.findBySku(sku).orElseThrow(
        () -> new IllegalArgumentException("No product with SKU '" + sku + "'"));
    product.setPrice(price);
    return product;
  }

  @Transactional
  public Customer register(String name, String email) {
    return customers.save(new Customer(name, email));
  }
}
