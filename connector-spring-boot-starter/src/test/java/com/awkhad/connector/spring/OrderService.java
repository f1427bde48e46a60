package com.awkhad.connector.spring;

import com.awkhad.connector.base.env.Environment;
import com.awkhad.connector.queue.Queue;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.annotation.Transactional;

/** An application service: writes its own row with Spring's JDBC and enqueues the export, in one transaction. */
public class OrderService {
  private final JdbcTemplate jdbc;
  private final Queue queue;
  private final Environment env;

  public OrderService(JdbcTemplate jdbc, Queue queue, Environment env) {
    this.jdbc = jdbc;
    this.queue = queue;
    this.env = env;
  }

  /** Writes its row, then a block of the connector fails and the method swallows the failure. */
  @Transactional
  public void placeSwallowingAConnectorFailure(long id) {
    jdbc.update("INSERT INTO shop_order (id) VALUES (?)", id);
    try {
      env.tx().run(c -> {
        throw new IllegalStateException("the connector's block failed");
      });
    } catch (IllegalStateException swallowed) {
      // the Spring transaction is rollback-only all the same
    }
  }

  /** Writes its row; the connector's block asks for actions before and after the Spring commit. */
  @Transactional
  public void placeNoting(long id, java.util.function.Consumer<String> note) {
    jdbc.update("INSERT INTO shop_order (id) VALUES (?)", id);
    env.tx().run(c -> {
      env.tx().beforeCommit(() -> note.accept("before commit"));
      env.tx().afterCommit(() -> note.accept("after commit"));
    });
    note.accept("method done");
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
