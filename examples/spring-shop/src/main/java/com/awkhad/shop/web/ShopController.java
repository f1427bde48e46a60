package com.awkhad.shop.web;

import com.awkhad.shop.connector.CatalogImporter;
import com.awkhad.shop.domain.Customer;
import com.awkhad.shop.domain.OrderService;
import com.awkhad.shop.domain.Product;
import com.awkhad.shop.domain.ProductRepository;
import com.awkhad.shop.domain.ShopOrder;
import com.awkhad.shop.domain.ShopOrderRepository;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The shop's REST API: {@code POST /customers}, {@code GET /products}, {@code POST /catalog/import},
 * {@code POST /orders}, {@code GET /orders/{id}}.
 */
@RestController
public class ShopController {
  private final OrderService service;
  private final ProductRepository products;
  private final ShopOrderRepository orders;
  private final CatalogImporter importer;

  public ShopController(OrderService service, ProductRepository products, ShopOrderRepository orders,
      CatalogImporter importer) {
    this.service = service;
    this.products = products;
    this.orders = orders;
    this.importer = importer;
  }

  public record NewCustomer(String name, String email) {}

  public record NewOrder(String reference, long customerId, String sku, int quantity) {}

  public record OrderView(long id, String reference, long customerId, String sku, int quantity, double total) {
    static OrderView of(ShopOrder o) {
      return new OrderView(o.getId(), o.getReference(), o.getCustomer().getId(), o.getProduct().getSku(),
          o.getQuantity(), o.getTotal());
    }
  }

  public record ProductView(long id, String sku, String name, double price) {
    static ProductView of(Product p) {
      return new ProductView(p.getId(), p.getSku(), p.getName(), p.getPrice());
    }
  }

  @PostMapping("/customers")
  public Map<String, Object> customer(@RequestBody NewCustomer body) {
    Customer c = service.register(body.name(), body.email());
    return Map.of("id", c.getId(), "name", c.getName());
  }

  @GetMapping("/products")
  public List<ProductView> products() {
    return products.findAll().stream().map(ProductView::of).toList();
  }

  @PostMapping("/catalog/import")
  public Map<String, Object> importCatalog() {
    return Map.of("imported", importer.importCatalog());
  }

  @PostMapping("/orders")
  public ResponseEntity<OrderView> order(@RequestBody NewOrder body) {
    ShopOrder o = service.place(body.reference(), body.customerId(), body.sku(), body.quantity());
    return ResponseEntity.status(HttpStatus.CREATED).body(OrderView.of(o));
  }

  @GetMapping("/orders/{id}")
  public ResponseEntity<OrderView> order(@PathVariable long id) {
    return orders.findById(id).map(OrderView::of).map(ResponseEntity::ok).orElse(ResponseEntity.notFound().build());
  }

  @ExceptionHandler(IllegalArgumentException.class)
  public ResponseEntity<Map<String, String>> badRequest(IllegalArgumentException e) {
    return ResponseEntity.badRequest().body(Map.of("error", e.getMessage()));
  }
}
