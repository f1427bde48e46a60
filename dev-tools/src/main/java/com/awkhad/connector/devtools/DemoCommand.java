package com.awkhad.connector.devtools;

import com.awkhad.connector.devtools.demo.Demo;
import com.awkhad.connector.server.ConnectorCommand;
import com.awkhad.connector.server.HttpTokens;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "demo", mixinStandardHelpOptions = true, description = "Run the coffee machine demo with nothing"
    + " installed: an embedded H2 database under ./var/demo/ (fresh each run), a coffee machine simulator on"
    + " 127.0.0.1, a coffee backend and an in-process runner. It imports the machine's menu, places orders exported"
    + " as jobs (some meet injected 503s and are retried), asks the machine about the orders being brewed, prints"
    + " each job state change it sees and a final summary. The web dashboard runs on http://127.0.0.1:8069/"
    + " meanwhile.")
final class DemoCommand implements Callable<Integer> {
  @Option(names = "--duration", paramLabel = "SECONDS",
      description = "Stop after this many seconds (default: run until Ctrl-C).")
  Integer durationSeconds;

  @Option(names = "--port", paramLabel = "PORT", defaultValue = "0",
      description = "Port of the coffee machine simulator on 127.0.0.1 (default: any free port).")
  int port;

  @Option(names = "--orders", paramLabel = "N", defaultValue = "5",
      description = "Orders placed right after the menu import; then one every 5 s (default: ${DEFAULT-VALUE}).")
  int orders;

  @Option(names = "--fail-every", paramLabel = "N", defaultValue = "4",
      description = "The machine answers every Nth request with 503 and Retry-After: 1; 0 never (default: ${DEFAULT-VALUE}).")
  int failEvery;

  @Option(names = "--latency", paramLabel = "MILLIS", defaultValue = "50",
      description = "The machine's delay per request (default: ${DEFAULT-VALUE}).")
  int latencyMillis;

  @Option(names = "--channels", paramLabel = "SPEC", defaultValue = "root:4,root.coffee:1",
      description = "Channels of the in-process runner (default: ${DEFAULT-VALUE}).")
  String channels;

  @Option(names = "--dir", paramLabel = "DIR", defaultValue = "var/demo",
      description = "Directory of the demo's H2 database (demo.mv.db, replaced each run; a demo running on it holds"
          + " demo.lock there, and a second one stops without touching it; default: ${DEFAULT-VALUE}).")
  Path dir;

  @Option(names = "--http-port", paramLabel = "PORT", defaultValue = "8069",
      description = "Port of the web dashboard on 127.0.0.1 (default: ${DEFAULT-VALUE}; 0 picks a free one).")
  int httpPort;

  @Option(names = "--no-http", description = "Do not start the web dashboard.")
  boolean noHttp;

  @Mixin HttpTokens httpTokens;

  @picocli.CommandLine.ParentCommand ConnectorCommand parent;

  @Override
  public Integer call() throws Exception {
    if (parent != null && parent.databaseOptionsGiven()) {
      throw new IllegalArgumentException("The demo always runs on its own embedded H2 database (under --dir):"
          + " leave out --db and --config. To run jobs on your database, use ./connector run");
    }
    if (durationSeconds != null && durationSeconds < 1) {
      throw new IllegalArgumentException("--duration must be at least 1 second, got " + durationSeconds
          + "; leave it out to run until Ctrl-C");
    }
    if (orders < 0 || failEvery < 0 || latencyMillis < 0) {
      throw new IllegalArgumentException("--orders, --fail-every and --latency cannot be negative");
    }
    String token = httpTokens.token(System.getenv());
    String readToken = httpTokens.readToken(System.getenv());
    com.awkhad.connector.server.web.WebSettings.loopback(0).withToken(token).withReadToken(readToken); // checked now
    Demo demo = new Demo(Demo.Settings.defaults().dir(dir)
        .duration(durationSeconds == null ? null : Duration.ofSeconds(durationSeconds))
        .port(port).orders(orders).failEvery(failEvery).latency(Duration.ofMillis(latencyMillis)).channels(channels)
        .httpPort(noHttp ? null : httpPort)
        .httpTokens(token, readToken),
        System.out);
    CountDownLatch finished = new CountDownLatch(1);
    Thread hook = new Thread(() -> {
      demo.stop();
      try {
        finished.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "demo-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    if (durationSeconds == null) {
      System.out.println("Running until Ctrl-C (or use --duration SECONDS).");
    }
    try {
      demo.run();
    } finally {
      finished.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the JVM is already stopping (Ctrl-C): the hook is waiting for us, nothing to remove
      }
    }
    return 0;
  }
}
