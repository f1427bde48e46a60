package com.awkhad.connector.queue.notify;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** A webhook receiver on 127.0.0.1: records each POST's body and answers with {@link #status}. */
final class LoopbackHook implements AutoCloseable {
  final HttpServer server;
  final BlockingQueue<String> bodies = new LinkedBlockingQueue<>();
  final AtomicInteger status = new AtomicInteger(200);
  final AtomicInteger posts = new AtomicInteger();

  LoopbackHook() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/hooks/T000/SECRETPATH", ex -> {
      String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      posts.incrementAndGet();
      int s = status.get();
      if (s == 200) {
        bodies.add(body);
      }
      byte[] answer = (s == 200 ? "ok" : "unavailable").getBytes(StandardCharsets.UTF_8);
      if (s == 503) {
        ex.getResponseHeaders().add("Retry-After", "7");
      }
      ex.sendResponseHeaders(s, answer.length);
      ex.getResponseBody().write(answer);
      ex.close();
    });
    server.start();
  }

  URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hooks/T000/SECRETPATH");
  }

  /** The next accepted body, waiting up to a minute. */
  String next() throws InterruptedException {
    String b = bodies.poll(60, TimeUnit.SECONDS);
    if (b == null) {
      throw new AssertionError("The webhook received nothing within 60 s");
    }
    return b;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
