package com.awkhad.connector.coffee.simulator;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A coffee machine on loopback speaking HTTP/JSON, the external system of the coffee connector's
 * tests and of {@code ./connector demo}. It serves on 127.0.0.1 only.
 *
 * <pre>{@code
 * try (CoffeeMachineSimulator machine = CoffeeMachineSimulator.builder().token("s3cret").failEvery(4).start()) {
 *   machine.url();                        // http://127.0.0.1:<port>
 *   machine.putBeverage("7", "Cortado", 2.6, 70);
 * }
 * }</pre>
 *
 * <p>API (every request needs {@code Authorization: Bearer <token>}, else 401):
 * <ul>
 *   <li>{@code GET /beverages[?updated_since=ISO instant]}: JSON array of beverage ids (the menu);
 *   <li>{@code GET /beverages/{id}}: {@code {"id","name","price","caffeine_mg","updated_at"}};
 *   <li>{@code POST /orders} with {@code {"beverage": id, "quantity": n, "customer": text}}: starts a
 *       brew, answers 201 with the order ({@code "status": "brewing"}); an unknown beverage or a
 *       quantity below 1 answers 422;
 *   <li>{@code GET /orders}, {@code GET /orders/{id}}: the status is {@code brewing}, then
 *       {@code ready} once the brew time has passed (its {@code updated_at} then becomes its
 *       {@code ready_at}); {@code PUT /orders/{id}} changes an order.
 * </ul>
 *
 * <p>An order's answers carry an {@code ETag} (its revision, and whether it is ready yet); a
 * {@code PUT} with an {@code If-Match} that is not the order's ETag now changes nothing and answers
 * {@code 412}.
 *
 * <p>A {@code POST /orders} carrying an {@code Idempotency-Key} header creates at most one order
 * per key: a repeated POST with the same key answers {@code 200} with the order the first one
 * created (a client retrying after a lost answer brews once).
 *
 * <p>Fault injection: {@link Builder#failEvery(int)} answers every Nth authorised request with
 * {@code 503} and {@code Retry-After: 1} (the machine is descaling); {@link Builder#latency(Duration)}
 * delays every answer; {@link #failNext(int)} fails the next requests. Both knobs can also be
 * changed while running. Network faults ({@link NetworkFault}: 503, connection closed without an
 * answer, answer lost after the write was applied, answer slower than the client's timeout) come
 * from a seeded {@link FaultPlan} ({@link #faults(FaultPlan)}) or one by one
 * ({@link #injectNext(NetworkFault, int)}).
 */
public final class CoffeeMachineSimulator implements AutoCloseable {
  static {
    LoopbackHttp.noDelay();
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  /** An order's revision, kept in its stored map and never answered (its ETag carries it). */
  private static final String REVISION = "_revision";
  private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {};

  private final HttpServer server;
  private final ExecutorService executor;
  private final String token;
  private final Duration brewTime;
  private final Map<String, Map<String, Object>> beverages = new ConcurrentHashMap<>();
  private final Map<String, Map<String, Object>> orders = new ConcurrentHashMap<>();
  private final Map<Integer, java.util.concurrent.atomic.LongAdder> ordersByQuantity = new ConcurrentHashMap<>();
  private final AtomicLong orderIds = new AtomicLong(1000);
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong authorised = new AtomicLong();
  private final AtomicLong injected = new AtomicLong();
  private final AtomicLong forcedFailures = new AtomicLong();
  private volatile int failEvery;
  private volatile Duration latency;
  private volatile FaultPlan faultPlan;
  private final boolean honourIdempotencyKeys;
  private final Map<String, String> ordersByKey = new ConcurrentHashMap<>();
  private final AtomicLong idempotentReplays = new AtomicLong();
  private final ConcurrentLinkedQueue<NetworkFault> forcedFaults = new ConcurrentLinkedQueue<>();
  private final Map<String, AtomicInteger> faultsPerRequest = new ConcurrentHashMap<>();
  private final Map<NetworkFault, AtomicLong> faultCounts = new ConcurrentHashMap<>();
  /** Set while the current request's answer must be lost (exchange attributes are shared per context). */
  private static final ThreadLocal<Boolean> LOSE_ANSWER = ThreadLocal.withInitial(() -> Boolean.FALSE);

  private CoffeeMachineSimulator(Builder b) throws IOException {
    this.token = b.token;
    this.brewTime = b.brewTime;
    this.failEvery = b.failEvery;
    this.latency = b.latency;
    this.honourIdempotencyKeys = b.honourIdempotencyKeys;
    for (NetworkFault f : NetworkFault.values()) {
      faultCounts.put(f, new AtomicLong());
    }
    if (b.standardMenu) {
      putBeverage("1", "Espresso", 2.00, 65);
      putBeverage("2", "Ristretto", 2.20, 60);
      putBeverage("3", "Lungo", 2.40, 80);
      putBeverage("4", "Cappuccino", 3.20, 65);
      putBeverage("5", "Latte macchiato", 3.50, 65);
      putBeverage("6", "Hot chocolate", 2.80, 0);
    }
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), b.port), 0);
    executor = Executors.newFixedThreadPool(16, r -> {
      Thread t = new Thread(r, "coffee-machine-http");
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  /** A builder: standard menu of six beverages, port 0 (any free port), no token, no faults, 2 s brews. */
  public static Builder builder() {
    return new Builder();
  }

  /** The base URL, {@code http://127.0.0.1:<port>}. */
  public String url() {
    return "http://127.0.0.1:" + port();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** Adds or changes a beverage of the menu (its {@code updated_at} becomes now). */
  public void putBeverage(String id, String name, double price, int caffeineMg) {
    Map<String, Object> b = new LinkedHashMap<>();
    b.put("id", id);
    b.put("name", name);
    b.put("price", price);
    b.put("caffeine_mg", caffeineMg);
    b.put("updated_at", Instant.now().toString());
    beverages.put(id, b);
  }

  /**
   * Takes a beverage off the menu: the machine no longer sells it, and an order for it answers
   * 422 ({@code unknown beverage}); {@link #putBeverage} sells it again.
   *
   * @return the beverage removed, or null when it was not on the menu
   */
  public Map<String, Object> removeBeverage(String id) {
    return beverages.remove(id);
  }

  /** Changes the price of a beverage of the menu (its {@code updated_at} becomes now). */
  public void setPrice(String id, double price) {
    Map<String, Object> b = beverage(id);
    if (b == null) {
      throw new IllegalArgumentException("No beverage '" + id + "' on the menu; known: " + new TreeMap<>(beverages).keySet());
    }
    putBeverage(id, (String) b.get("name"), price, ((Number) b.get("caffeine_mg")).intValue());
  }

  /** A copy of beverage {@code id}, or null. */
  public Map<String, Object> beverage(String id) {
    Map<String, Object> b = beverages.get(id);
    return b == null ? null : new LinkedHashMap<>(b);
  }

  /** The menu's beverage ids. */
  public List<String> beverageIds() {
    return List.copyOf(new TreeMap<>(beverages).keySet());
  }

  /** Copies of the orders received, by id, with their current status. */
  public Map<String, Map<String, Object>> orders() {
    Map<String, Map<String, Object>> out = new TreeMap<>();
    Instant now = Instant.now();
    orders.forEach((id, o) -> out.put(id, withStatus(o, now)));
    return out;
  }

  /** How many orders the machine has received (cheap: no copy, unlike {@link #orders()}). */
  public int orderCount() {
    return orders.size();
  }

  /**
   * How many orders have {@code quantity} cups (cheap: no copy, unlike {@link #orders()}); for a
   * caller that waits for changed orders to arrive.
   */
  public long orderCountWithQuantity(int quantity) {
    java.util.concurrent.atomic.LongAdder n = ordersByQuantity.get(quantity);
    return n == null ? 0 : n.sum(); // kept by counted(): bench-sync polls it every 50 ms, a scan took 5% of its CPU
  }

  /** Keeps the count by quantity true when {@code next} replaces {@code previous} (null: a new order). */
  private void counted(Map<String, Object> previous, Map<String, Object> next) {
    if (previous != null) {
      ordersByQuantity.get(((Number) previous.get("quantity")).intValue()).decrement();
    }
    ordersByQuantity.computeIfAbsent(((Number) next.get("quantity")).intValue(),
        q -> new java.util.concurrent.atomic.LongAdder()).increment();
  }

  /**
   * An order's {@code ETag}: its revision (each change adds one) and whether it is ready yet
   * (becoming ready changes the order, as its {@code updated_at} says).
   */
  private static String etag(Map<String, Object> order, Instant now) {
    return "\"" + order.get(REVISION) + (ready(order, now) ? "r" : "b") + "\"";
  }

  /** Whether {@code order}'s brew is over at {@code now}. */
  private static boolean ready(Map<String, Object> order, Instant now) {
    return !now.isBefore(stamp((String) order.get("ready_at")));
  }

  /** Answers the next {@code times} authorised requests with 503 (on top of {@code failEvery}). */
  public void failNext(int times) {
    forcedFailures.addAndGet(times);
  }

  /** Answers every {@code n}th authorised request with 503; 0 turns it off. */
  public void failEvery(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("failEvery must be 0 (off) or positive, got " + n);
    }
    this.failEvery = n;
  }

  /** Delays every answer by {@code value}. */
  public void latency(Duration value) {
    this.latency = Objects.requireNonNull(value, "latency");
  }

  /**
   * Injects network faults drawn from {@code plan} into the following authorised requests; null
   * turns them off.
   */
  public void faults(FaultPlan plan) {
    this.faultPlan = plan;
    faultsPerRequest.clear();
  }

  /** Injects {@code fault} into the next {@code times} authorised requests (before any {@link FaultPlan}). */
  public void injectNext(NetworkFault fault, int times) {
    Objects.requireNonNull(fault, "fault");
    for (int i = 0; i < times; i++) {
      forcedFaults.add(fault);
    }
  }

  /** How many times {@code fault} was injected. */
  public long faultCount(NetworkFault fault) {
    return faultCounts.get(fault).get();
  }

  /** The injected network faults by kind. */
  public Map<NetworkFault, Long> faultCounts() {
    Map<NetworkFault, Long> out = new java.util.EnumMap<>(NetworkFault.class);
    faultCounts.forEach((f, n) -> out.put(f, n.get()));
    return out;
  }

  /** POSTs answered with the order an earlier POST of the same {@code Idempotency-Key} created. */
  public long idempotentReplays() {
    return idempotentReplays.get();
  }

  /**
   * Places an order at the machine itself (not through the API), as a customer at its keypad
   * would; returns its id.
   */
  public String brew(String beverage, int quantity, String customer) {
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("beverage", beverage);
    values.put("quantity", quantity);
    values.put("customer", customer);
    String error = invalidOrder(values);
    if (error != null) {
      throw new IllegalArgumentException(error);
    }
    return (String) newOrder(values).get("id");
  }

  /** Requests received, authorised or not. */
  public long requestCount() {
    return requests.get();
  }

  /** Requests answered 503 by fault injection. */
  public long injectedFailures() {
    return injected.get();
  }

  private void handle(HttpExchange ex) {
    try (ex) {
      requests.incrementAndGet();
      sleep(latency);
      String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      if (token != null && !("Bearer " + token).equals(ex.getRequestHeaders().getFirst("Authorization"))) {
        reply(ex, 401, Map.of("error", "missing or wrong bearer token"));
        return;
      }
      long n = authorised.incrementAndGet();
      int every = failEvery;
      if (takeForcedFailure() || (every > 0 && n % every == 0)) {
        injected.incrementAndGet();
        unavailable(ex);
        return;
      }
      NetworkFault fault = nextFault(ex, body);
      if (fault != null) {
        faultCounts.get(fault).incrementAndGet();
        switch (fault) {
          case UNAVAILABLE -> {
            unavailable(ex);
            return;
          }
          case RESET -> {
            return; // closing the exchange without answering drops the connection
          }
          case SLOW -> sleep(faultPlan == null ? Duration.ofMillis(1500) : faultPlan.slowDelay());
          case LOST_RESPONSE -> LOSE_ANSWER.set(Boolean.TRUE);
        }
      }
      try {
        route(ex, body);
      } catch (RuntimeException e) {
        reply(ex, 500, Map.of("error", String.valueOf(e.getMessage())));
      }
    } catch (IOException | RuntimeException e) {
      // the client went away (or an injected fault cut the answer): nothing to answer
    } finally {
      LOSE_ANSWER.remove();
    }
  }

  private void unavailable(HttpExchange ex) throws IOException {
    ex.getResponseHeaders().add("Retry-After", "1");
    reply(ex, 503, Map.of("error", "the machine is descaling, try again in a second"));
  }

  /** The fault for this request: a forced one first, else a draw of the plan within its per-request bound. */
  private NetworkFault nextFault(HttpExchange ex, String body) {
    NetworkFault forced = forcedFaults.poll();
    if (forced != null) {
      return forced;
    }
    FaultPlan plan = faultPlan;
    if (plan == null) {
      return null;
    }
    NetworkFault drawn = plan.draw();
    if (drawn == null) {
      return null;
    }
    String request = ex.getRequestMethod() + " " + ex.getRequestURI() + " "
        + ex.getRequestHeaders().getFirst("Idempotency-Key") + " " + body;
    AtomicInteger times = faultsPerRequest.computeIfAbsent(request, k -> new AtomicInteger());
    return times.incrementAndGet() <= plan.maxPerRequest() ? drawn : null;
  }

  private boolean takeForcedFailure() {
    return forcedFailures.getAndUpdate(v -> v > 0 ? v - 1 : 0) > 0;
  }

  private void route(HttpExchange ex, String body) throws IOException {
    String[] parts = ex.getRequestURI().getPath().split("/");
    String resource = parts.length > 1 ? parts[1] : "";
    String id = parts.length > 2 ? URLDecoder.decode(parts[2], StandardCharsets.UTF_8) : null;
    String method = ex.getRequestMethod();
    switch (resource) {
      case "beverages" -> {
        if (!"GET".equals(method)) {
          reply(ex, 405, Map.of("error", "the menu is read-only: GET /beverages or /beverages/{id}"));
        } else if (id == null) {
          String since = query(ex, "updated_since");
          try {
            reply(ex, 200, listBeverages(since == null ? null : Instant.parse(since)));
          } catch (DateTimeParseException e) {
            reply(ex, 400, Map.of("error", "updated_since must be an ISO instant such as 2026-11-28T10:00:00Z, got '"
                + since + "'"));
          }
        } else {
          Map<String, Object> b = beverages.get(id);
          reply(ex, b == null ? 404 : 200, b == null ? Map.of("error", "no beverage " + id) : b);
        }
      }
      case "orders" -> orders(ex, method, id, body);
      default -> reply(ex, 404, Map.of("error", "unknown resource '/" + resource + "': use /beverages or /orders"));
    }
  }

  private List<String> listBeverages(Instant from) {
    List<String> ids = new ArrayList<>();
    new TreeMap<>(beverages).forEach((key, b) -> {
      if (from == null || !stamp((String) b.get("updated_at")).isBefore(from)) {
        ids.add(key);
      }
    });
    return ids;
  }

  private void orders(HttpExchange ex, String method, String id, String body) throws IOException {
    if ("GET".equals(method) && id == null) {
      reply(ex, 200, new ArrayList<>(new TreeMap<>(orders).keySet()));
      return;
    }
    if ("GET".equals(method)) {
      Map<String, Object> o = orders.get(id);
      if (o == null) {
        reply(ex, 404, Map.of("error", "no order " + id));
      } else {
        replyOrder(ex, 200, o);
      }
      return;
    }
    if ("POST".equals(method) && id == null) {
      Map<String, Object> values = JSON.readValue(body, MAP);
      String error = invalidOrder(values);
      if (error != null) {
        reply(ex, 422, Map.of("error", error));
        return;
      }
      String key = honourIdempotencyKeys ? ex.getRequestHeaders().getFirst("Idempotency-Key") : null;
      if (key == null) {
        replyOrder(ex, 201, newOrder(values));
        return;
      }
      boolean[] created = {false};
      String orderId = ordersByKey.computeIfAbsent(key, k -> {
        created[0] = true;
        return (String) newOrder(values).get("id");
      });
      if (!created[0]) {
        idempotentReplays.incrementAndGet();
      }
      replyOrder(ex, created[0] ? 201 : 200, orders.get(orderId));
      return;
    }
    if ("PUT".equals(method) && id != null) {
      Map<String, Object> values = JSON.readValue(body, MAP);
      String ifMatch = ex.getRequestHeaders().getFirst("If-Match");
      int[] status = {200};
      String[] refusal = {null};
      // atomic per order: the If-Match check and the change cannot interleave with another change
      Map<String, Object> changed = orders.computeIfPresent(id, (k, order) -> {
        String current = etag(order, Instant.now());
        if (ifMatch != null && !ifMatch.equals(current)) {
          status[0] = 412;
          refusal[0] = "order " + id + " changed since " + ifMatch + ": its ETag is " + current;
          return order;
        }
        Map<String, Object> merged = new LinkedHashMap<>(order);
        merged.putAll(values);
        String error = invalidOrder(merged);
        if (error != null) {
          status[0] = 422;
          refusal[0] = error;
          return order;
        }
        merged.put("id", id);
        merged.put("beverage", String.valueOf(merged.get("beverage")));
        merged.put("updated_at", Instant.now().toString());
        merged.put(REVISION, ((Number) order.get(REVISION)).longValue() + 1);
        counted(order, merged);
        return merged;
      });
      if (changed == null) {
        reply(ex, 404, Map.of("error", "no order " + id));
      } else if (status[0] != 200) {
        reply(ex, status[0], Map.of("error", refusal[0]));
      } else {
        replyOrder(ex, 200, changed);
      }
      return;
    }
    reply(ex, 405, Map.of("error", method + " is not allowed on /orders" + (id == null ? "" : "/" + id)));
  }

  private Map<String, Object> newOrder(Map<String, Object> values) {
    String newId = String.valueOf(orderIds.incrementAndGet());
    Map<String, Object> order = new LinkedHashMap<>();
    order.put("id", newId);
    order.put("beverage", String.valueOf(values.get("beverage")));
    order.put("quantity", ((Number) values.get("quantity")).intValue());
    order.put("customer", values.get("customer"));
    Instant now = Instant.now();
    order.put("created_at", now.toString());
    order.put("ready_at", now.plus(brewTime).toString());
    order.put("updated_at", now.toString());
    order.put(REVISION, 1L);
    orders.put(newId, order);
    counted(null, order);
    return order;
  }

  private String invalidOrder(Map<String, Object> values) {
    Object beverage = values.get("beverage");
    if (beverage == null || !beverages.containsKey(String.valueOf(beverage))) {
      return "unknown beverage '" + beverage + "': pick one of GET /beverages";
    }
    Object quantity = values.get("quantity");
    if (!(quantity instanceof Number q) || q.intValue() < 1) {
      return "quantity must be a whole number of cups, at least 1, got '" + quantity + "'";
    }
    return null;
  }

  /** {@code order} as answered at {@code now}: its status, and its {@code updated_at} once ready. */
  private static Map<String, Object> withStatus(Map<String, Object> order, Instant now) {
    Map<String, Object> out = new LinkedHashMap<>(order);
    out.remove(REVISION); // the ETag header's, not a field
    Instant readyAt = stamp((String) order.get("ready_at"));
    boolean ready = !now.isBefore(readyAt);
    out.put("status", ready ? "ready" : "brewing");
    if (ready && readyAt.isAfter(stamp((String) order.get("updated_at")))) {
      out.put("updated_at", readyAt.toString()); // becoming ready is a change of the order
    }
    return out;
  }

  /**
   * A stamp this simulator wrote ({@code Instant.toString()}, such as {@code 2026-12-05T03:35:12.123456Z}),
   * read without {@code Instant.parse}'s formatter, which took a sixth of the simulator's CPU in
   * {@code bench-sync} (each order's answer reads two); any other shape goes through {@code Instant.parse}.
   */
  static Instant stamp(String s) {
    int n = s.length();
    boolean shape = (n == 20 || (n >= 22 && n <= 30 && s.charAt(19) == '.' && digits(s, 20, n - 1)))
        && digits(s, 0, 4) && s.charAt(4) == '-' && digits(s, 5, 7) && s.charAt(7) == '-' && digits(s, 8, 10)
        && s.charAt(10) == 'T' && digits(s, 11, 13) && s.charAt(13) == ':' && digits(s, 14, 16) && s.charAt(16) == ':'
        && digits(s, 17, 19) && s.charAt(n - 1) == 'Z';
    if (shape) {
      int hour = Integer.parseInt(s, 11, 13, 10);
      int minute = Integer.parseInt(s, 14, 16, 10);
      int second = Integer.parseInt(s, 17, 19, 10);
      if (hour < 24 && minute < 60 && second < 60) {
        try {
          long day = java.time.LocalDate.of(Integer.parseInt(s, 0, 4, 10), Integer.parseInt(s, 5, 7, 10),
              Integer.parseInt(s, 8, 10, 10)).toEpochDay();
          int nanos = n == 20 ? 0 : Integer.parseInt(s, 20, n - 1, 10);
          for (int d = n == 20 ? 9 : n - 21; d < 9; d++) {
            nanos *= 10;
          }
          return Instant.ofEpochSecond(day * 86_400 + hour * 3_600L + minute * 60L + second, nanos);
        } catch (java.time.DateTimeException e) {
          // no such day: the formatter says what is wrong
        }
      }
    }
    return Instant.parse(s);
  }

  private static boolean digits(String s, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  private static String query(HttpExchange ex, String name) {
    String q = ex.getRequestURI().getRawQuery();
    if (q == null) {
      return null;
    }
    for (String pair : q.split("&")) {
      String[] kv = pair.split("=", 2);
      if (kv[0].equals(name) && kv.length == 2) {
        return URLDecoder.decode(kv[1], StandardCharsets.UTF_8);
      }
    }
    return null;
  }

  /** Answers {@code order} with its {@code ETag}, both as of one instant (status and ETag agree). */
  private static void replyOrder(HttpExchange ex, int status, Map<String, Object> order) throws IOException {
    Instant now = Instant.now();
    ex.getResponseHeaders().add("ETag", etag(order, now));
    reply(ex, status, withStatus(order, now));
  }

  private static void reply(HttpExchange ex, int status, Object body) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
    ex.getResponseHeaders().add("Content-Type", "application/json");
    ex.sendResponseHeaders(status, bytes.length);
    OutputStream out = ex.getResponseBody();
    if (LOSE_ANSWER.get()) {
      // the write is applied; half the body, then closing the exchange short of its Content-Length
      // makes the server drop the connection (closing the stream itself would keep it open)
      out.write(bytes, 0, bytes.length / 2);
      out.flush();
      return;
    }
    try (out) {
      out.write(bytes);
    }
  }

  private static void sleep(Duration d) {
    if (d.isZero()) {
      return;
    }
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  /** Settings of a simulator; {@link #start()} binds the port. */
  public static final class Builder {
    private String token;
    private int port;
    private int failEvery;
    private Duration latency = Duration.ZERO;
    private Duration brewTime = Duration.ofSeconds(2);
    private boolean standardMenu = true;
    private boolean honourIdempotencyKeys = true;

    private Builder() {}

    /** The bearer token requests must carry (the coffee backend's secret); null accepts any request. */
    public Builder token(String value) {
      this.token = value;
      return this;
    }

    /** The port on 127.0.0.1; 0 (the default) takes a free one. */
    public Builder port(int value) {
      if (value < 0 || value > 65535) {
        throw new IllegalArgumentException("port must be 0 (any free port) to 65535, got " + value);
      }
      this.port = value;
      return this;
    }

    /** Answers every {@code n}th authorised request with 503 and {@code Retry-After: 1}; 0 (default) never. */
    public Builder failEvery(int n) {
      if (n < 0) {
        throw new IllegalArgumentException("failEvery must be 0 (off) or positive, got " + n);
      }
      this.failEvery = n;
      return this;
    }

    /** Delays every answer (a slow machine). */
    public Builder latency(Duration value) {
      this.latency = Objects.requireNonNull(value, "latency");
      return this;
    }

    /** How long an order brews before its status is {@code ready} (default 2 s). */
    public Builder brewTime(Duration value) {
      this.brewTime = Objects.requireNonNull(value, "brewTime");
      return this;
    }

    /**
     * Ignores the {@code Idempotency-Key} header of {@code POST /orders} (a machine without
     * de-duplication: a create retried after a lost answer brews twice).
     */
    public Builder ignoreIdempotencyKeys() {
      this.honourIdempotencyKeys = false;
      return this;
    }

    /** Starts with an empty menu instead of the standard six beverages. */
    public Builder emptyMenu() {
      this.standardMenu = false;
      return this;
    }

    /** Binds 127.0.0.1 and starts serving. */
    public CoffeeMachineSimulator start() {
      try {
        return new CoffeeMachineSimulator(this);
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot start the coffee machine simulator on 127.0.0.1:" + port
            + " (" + e.getMessage() + "): pick another port, or 0 for any free one", e);
      }
    }
  }
}
