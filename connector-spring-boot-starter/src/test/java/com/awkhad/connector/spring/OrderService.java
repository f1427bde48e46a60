package com.awkhad.connector.spring;

import com.awkhad.connector.queue.Queue;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.annotation.Transactional;

/** An application service: writes its own row with Spring's JDBC and enqueues the export, in one transaction. */
public class OrderService {
  private final JdbcTemplate jdbc;
  private final Queue queue;

  public OrderService(JdbcTemplate jdbc, Queue queue) {
    this.jdbc = jdbc;
    this.queue = queue;
  }

  @Transactional
  public void place(long id, boolean failAfterEnqueue) {
    jdbc.update("INSERT INTO shop_order (id) VALUES (?)", id);
    queue.delay(OrderExporter.class).export(id);
    if (failAfterEnqueue) {
      throw new IllegalStateException("payment refused for order " + id);
    }
  }
}
