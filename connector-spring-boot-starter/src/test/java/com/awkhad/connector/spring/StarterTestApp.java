package com.awkhad.connector.spring;

import com.awkhad.connector.queue.Queue;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;

/** The smallest application using the starter: a data source (from properties), a service and a job bean. */
@SpringBootConfiguration
@EnableAutoConfiguration
public class StarterTestApp {
  @Bean
  OrderExporter orderExporter() {
    return new OrderExporter();
  }

  @Bean
  OrderService orderService(JdbcTemplate jdbc, Queue queue, com.awkhad.connector.base.env.Environment env) {
    jdbc.execute("CREATE TABLE IF NOT EXISTS shop_order (id BIGINT PRIMARY KEY)");
    return new OrderService(jdbc, queue, env);
  }

  @Bean
  MeterRegistry meterRegistry() {
    return new SimpleMeterRegistry();
  }
}
