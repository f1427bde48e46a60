package com.awkhad.shop.domain;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

/** An order of one product by a customer (table {@code shop_order}; {@code order} is an SQL word). */
@Entity
@Table(name = "shop_order")
public class ShopOrder {
  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;
  private String reference;
  @ManyToOne(optional = false)
  private Customer customer;
  @ManyToOne(optional = false)
  private Product product;
  private int quantity;
  private double total;

  protected ShopOrder() {}

  public ShopOrder(String reference, Customer customer, Product product, int quantity) {
    this.reference = reference;
    this.customer = customer;
    this.product = product;
    this.quantity = quantity;
    this.total = product.getPrice() * quantity;
  }

  public Long getId() {
    return id;
  }

  public String getReference() {
    return reference;
  }

  public Customer getCustomer() {
    return customer;
  }

  public Product getProduct() {
    return product;
  }

  public int getQuantity() {
    return quantity;
  }

  public double getTotal() {
    return total;
  }
}
