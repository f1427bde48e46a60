package com.awkhad.shop.oms;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A loopback order-management system (OMS) to try the shop against, and the tests' fake: a product
 * catalog ({@code GET /products}), orders received ({@code POST /orders}) and price updates
 * ({@code PUT /products/SKU/price}), kept in memory and printed.
 *
 * <pre>
 * java -cp ... com.awkhad.shop.oms.OmsFake 8070     # listens on 127.0.0.1:8070
 * </pre>
 */
public final class OmsFake implements AutoCloseable {
  private final HttpServer server;
  private final ObjectMapper json = new ObjectMapper();
  private final boolean print;
  public final Map<String, Map<String, Object>> catalog = new ConcurrentHashMap<>();
  public final List<Map<String, Object>> orders = new CopyOnWriteArrayList<>();
  public final List<String> priceUpdates = new CopyOnWriteArrayList<>();

  /** Runs the OMS on 127.0.0.1 and the port given (default 8070) until the process is stopped. */
  public static void main(String[] args) throws IOException {
    OmsFake oms = new OmsFake(args.length > 0 ? Integer.parseInt(args[0]) : 8070, true);
    System.out.println("OMS fake on " + oms.url() + " with " + oms.catalog.size() + " products");
    try {
      Thread.currentThread().join();
    } catch (InterruptedException e) {
      oms.close();
    }
  }

  static {
    // The JDK's HttpServer writes headers and body in two writes with Nagle's algorithm on, and the
    // client's delayed ACK then holds each answer ~40 ms; the switch is read once, at the JVM's
    // first HttpServer.create (CoffeeMachineSimulator's LoopbackHttp explains it).
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  /** An OMS on a free loopback port, silent. */
  public OmsFake() throws IOException {
    this(0, false);
  }

  public OmsFake(int port, boolean print) throws IOException {
    this.print = print;
    put("ESP-1", "Espresso beans 1 kg", 21.5);
    put("LUN-2", "Lungo beans 1 kg", 18.0);
    put("DEC-3", "Decaf beans 500 g", 12.25);
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    server.setExecutor(Executors.newFixedThreadPool(4, r -> {
      Thread t = new Thread(r, "oms-fake");
      t.setDaemon(true);
      return t;
    }));
    server.createContext("/", this::handle);
    server.start();
  }

  public void put(String sku, String name, double price) {
    catalog.put(sku, Map.of("sku", sku, "name", name, "price", price));
  }

  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
  }

  public long ordersWithReference(String reference) {
    return orders.stream().filter(o -> reference.equals(o.get("reference"))).count();
  }

  private void handle(HttpExchange ex) throws IOException {
    String path = ex.getRequestURI().getPath();
    String method = ex.getRequestMethod();
    byte[] in = ex.getRequestBody().readAllBytes();
    if (method.equals("GET") && path.equals("/products")) {
      reply(ex, 200, json.writeValueAsString(new ArrayList<>(catalog.values())));
    } else if (method.equals("POST") && path.equals("/orders")) {
      Map<String, Object> order = json.readValue(in, new TypeReference<Map<String, Object>>() {});
      orders.add(order);
      if (print) {
        System.out.println("OMS received order " + order);
      }
      reply(ex, 201, "{}");
    } else if (method.equals("PUT") && path.startsWith("/products/") && path.endsWith("/price")) {
      String sku = path.substring("/products/".length(), path.length() - "/price".length());
      Map<String, Object> body = json.readValue(in, new TypeReference<Map<String, Object>>() {});
      priceUpdates.add(sku + "=" + body.get("price"));
      if (print) {
        System.out.println("OMS received price " + sku + " = " + body.get("price"));
      }
      reply(ex, 200, "{}");
    } else {
      reply(ex, 404, "{\"error\":\"no route " + method + " " + path + "\"}");
    }
  }

  private static void reply(HttpExchange ex, int status, String body) throws IOException {
    byte[] out = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(status, out.length);
    ex.getResponseBody().write(out);
    ex.close();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
