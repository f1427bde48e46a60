package com.awkhad.shop.connector;

import com.awkhad.connector.queue.job.RetryableJobError;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The order-management system's HTTP API: {@code GET /products} (the catalog),
 * {@code POST /orders}, {@code PUT /products/{sku}/price}. A network error or a 5xx is retried
 * by the job; a 4xx fails it with the OMS's answer.
 */
public class OmsClient {
  private final URI base;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final ObjectMapper json = new ObjectMapper();

  public OmsClient(URI base) {
    this.base = base;
  }

  public List<Map<String, Object>> catalog() {
    return json(send(HttpRequest.newBuilder(base.resolve("/products")).GET()), new TypeReference<>() {});
  }

  public void sendOrder(Map<String, Object> order) {
    send(HttpRequest.newBuilder(base.resolve("/orders")).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(write(order))));
  }

  public void sendPrice(String sku, double price) {
    send(HttpRequest.newBuilder(base.resolve("/products/" + sku + "/price")).header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString(write(Map.of("price", price)))));
  }

  private String send(HttpRequest.Builder request) {
    HttpResponse<String> response;
    try {
      response = http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new RetryableJobError("The OMS at " + base + " cannot be reached: " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RetryableJobError("Interrupted while calling the OMS at " + base);
    }
    if (response.statusCode() >= 500) {
      throw new RetryableJobError("The OMS answered " + response.statusCode() + ": " + response.body());
    }
    if (response.statusCode() >= 400) {
      throw new IllegalStateException("The OMS refused " + response.request().method() + " " + response.request().uri()
          + " with " + response.statusCode() + ": " + response.body());
    }
    return response.body();
  }

  private String write(Object value) {
    try {
      return json.writeValueAsString(value);
    } catch (IOException e) {
      throw new IllegalArgumentException("Cannot write " + value + " as JSON: " + e.getMessage(), e);
    }
  }

  private <T> T json(String body, TypeReference<T> type) {
    try {
      return json.readValue(body, type);
    } catch (IOException e) {
      throw new IllegalStateException("The OMS answered something that is not the expected JSON: " + e.getMessage(), e);
    }
  }
}
