package com.awkhad.shop;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * An example shop: customers, products and orders in JPA, a REST controller, and a connector that
 * exports the orders to an order-management system and imports its product catalog
 * (see {@code docs/spring.md}).
 */
@SpringBootApplication
public class ShopApplication {
  public static void main(String[] args) {
    SpringApplication.run(ShopApplication.class, args);
  }
}
