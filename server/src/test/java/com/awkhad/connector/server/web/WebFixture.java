package com.awkhad.connector.server.web;

import com.awkhad.connector.base.addon.AddonLoader;
import com.awkhad.connector.base.db.DatabaseConfig;
import com.awkhad.connector.base.env.Environment;
import com.awkhad.connector.queue.Queue;
import com.awkhad.connector.queue.job.JobHandle;
import com.awkhad.connector.queue.job.JobJson;
import com.awkhad.connector.queue.job.JobOptions;
import com.awkhad.connector.queue.runner.Runner;
import com.awkhad.connector.testkit.TestDb;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A started environment (every addon on the class path) with a dashboard on 127.0.0.1 and a free
 * port, an HTTP client for it, and job bodies that succeed or fail on demand.
 */
final class WebFixture implements AutoCloseable {
  /** The password the fixture's database is opened with (PostgreSQL's test server trusts, H2 takes it at creation). */
  static final String DB_PASSWORD = "db-pass-Zq81-never-shown";

  final Environment env;
  final Queue queue;
  final WebServer web;
  final String base;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private String token;

  private WebFixture(Environment env, WebServer web) {
    this.env = env;
    this.queue = env.service(Queue.class);
    this.web = web;
    this.base = "http://127.0.0.1:" + web.port();
  }

  static Environment environment(TestDb db) {
    String user = db.dialect().equals("h2") ? "sa" : db.user();
    return Environment.start(new DatabaseConfig(db.url(), user, DB_PASSWORD, 8), AddonLoader.resolve(AddonLoader.discover()));
  }

  static WebFixture start(TestDb db) {
    return start(db, WebSettings.loopback(0), null);
  }

  static WebFixture start(TestDb db, WebSettings settings, Runner runner) {
    Environment env = environment(db);
    try {
      return new WebFixture(env, WebServer.start(env, settings, runner));
    } catch (RuntimeException e) {
      env.close();
      throw e;
    }
  }

  static WebFixture on(Environment env, WebSettings settings, Runner runner) {
    return new WebFixture(env, WebServer.start(env, settings, runner));
  }

  WebFixture withToken(String value) {
    this.token = value;
    return this;
  }

  /** Job bodies for the tests; instantiated per execution. */
  public static class Jobs {
    public void fine(int n) {}

    public void boom(String what) {
      throw new IllegalStateException("Machine on fire: " + what + "\nsecond line of the message");
    }

    public void refuse(long id) {
      throw new IllegalArgumentException("No such order " + id);
    }

    static final java.util.Set<String> FLAKED = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** Asks for a retry the first time it runs for {@code key}, succeeds after. */
    public void flaky(String key) {
      if (FLAKED.add(key)) {
        throw new com.awkhad.connector.queue.job.RetryableJobError("Shop offline for " + key, 1);
      }
    }

    public void later(int n) {
      throw new com.awkhad.connector.queue.job.RetryableJobError("Shop offline, try again later", 600);
    }
  }

  /** Enqueues a job calling {@code Jobs.boom(what)} and runs it now: it fails. */
  String failed(String what) {
    JobHandle h = queue.enqueue(Jobs.class, JobOptions.defaults().channel("root.shop"), j -> j.boom(what));
    queue.executor().runNow(h.uuid());
    return h.uuid();
  }

  String failedRefuse(long id) {
    JobHandle h = queue.enqueue(Jobs.class, j -> j.refuse(id));
    queue.executor().runNow(h.uuid());
    return h.uuid();
  }

  String done(int n) {
    JobHandle h = queue.enqueue(Jobs.class, j -> j.fine(n));
    queue.executor().runNow(h.uuid());
    return h.uuid();
  }

  /** Enqueues a job whose try fails with a retryable error and runs it: pending again, retry 1. */
  String retrying(int n) {
    JobHandle h = queue.enqueue(Jobs.class, j -> j.later(n));
    queue.executor().runNow(h.uuid());
    return h.uuid();
  }

  String pending(int n) {
    return queue.enqueue(Jobs.class, j -> j.fine(n)).uuid();
  }

  record Reply(int status, String body, HttpResponse<String> raw) {
    JsonNode json() {
      try {
        return JobJson.mapper().readTree(body);
      } catch (IOException e) {
        throw new AssertionError("not JSON (" + status + "): " + body, e);
      }
    }
  }

  Reply get(String path) {
    return send(request(path).GET());
  }

  Reply post(String path, String json) {
    return send(request(path).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  HttpRequest.Builder request(String path) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return b;
  }

  Reply send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Reply(r.statusCode(), r.body(), r);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    env.close();
  }
}
