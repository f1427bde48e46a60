package com.awkhad.connector.faults;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runner child processes ({@link FaultRunnerMain}, real JVMs on the test's class path) on one
 * database: start, SIGKILL, restart; their logs go to temporary files, shown on failure.
 */
final class RunnerProcesses implements AutoCloseable {
  private final String url;
  private final String user;
  private final String password;
  private final String channels;
  private final int workers;
  private final long leaseMillis;
  private final List<Process> live = new ArrayList<>();
  private final List<Path> logs = new ArrayList<>();
  private final java.util.Map<Process, String> runnerIds = new java.util.HashMap<>();
  private final java.util.Set<String> killed = new java.util.TreeSet<>();
  private int kills;
  private final Class<?> main;

  RunnerProcesses(String url, String user, String password, String channels, int workers, long leaseMillis) {
    this(FaultRunnerMain.class, url, user, password, channels, workers, leaseMillis);
  }

  /** Runner processes whose main class is {@code main} (same arguments as {@link FaultRunnerMain}). */
  RunnerProcesses(Class<?> main, String url, String user, String password, String channels, int workers, long leaseMillis) {
    this.main = main;
    this.url = url;
    this.user = user;
    this.password = password;
    this.channels = channels;
    this.workers = workers;
    this.leaseMillis = leaseMillis;
  }

  /** Starts one more runner process and waits until its runner runs. */
  Process start() throws IOException {
    return start(url);
  }

  /**
   * Starts one more runner process on {@code dbUrl} (the same database through another way, for
   * example a {@link TcpProxy}) and waits until its runner runs.
   */
  Process start(String dbUrl) throws IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    Path log = Files.createTempFile("fault-runner-", ".log");
    ProcessBuilder pb = new ProcessBuilder(java, "-Xmx192m", "-XX:TieredStopAtLevel=1", "-cp",
        System.getProperty("java.class.path"), main.getName(), dbUrl, user,
        password.isEmpty() ? "-" : password, channels, String.valueOf(workers), String.valueOf(leaseMillis), "60");
    pb.redirectErrorStream(true).redirectOutput(log.toFile());
    Process p = pb.start();
    live.add(p);
    logs.add(log);
    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100)).until(() -> {
      if (!p.isAlive()) {
        throw new IllegalStateException("Runner process " + p.pid() + " exited with " + p.exitValue() + ":\n" + tail(log));
      }
      return Files.readString(log, StandardCharsets.UTF_8).contains("runner-started ");
    });
    Matcher m = Pattern.compile("runner-started (\\S+)")
        .matcher(Files.readString(log, StandardCharsets.UTF_8));
    if (m.find()) {
      runnerIds.put(p, m.group(1));
    }
    return p;
  }

  /** SIGKILLs one live runner process chosen by {@code random}; returns its pid. */
  long killOne(Random random) throws InterruptedException {
    return kill(live.get(random.nextInt(live.size())));
  }

  /**
   * SIGKILLs a live runner process that holds jobs now (claimed, running or committing), chosen
   * by {@code random} among those (any live one when none does): a kill that hits nothing in
   * flight would test nothing. Returns its pid.
   */
  long killOneHolding(CoffeeWorld w, Random random) throws InterruptedException {
    List<Process> holding = new ArrayList<>();
    for (Process p : live) {
      String id = runnerIds.get(p);
      if (id != null && w.count("SELECT COUNT(*) FROM queue_job WHERE state IN ('enqueued', 'started')"
          + " AND worker_id LIKE '" + id + "/%'") > 0) {
        holding.add(p);
      }
    }
    return holding.isEmpty() ? killOne(random) : kill(holding.get(random.nextInt(holding.size())));
  }

  /** SIGKILLs {@code victim}, one of the live runner processes; returns its pid. */
  long kill(Process victim) throws InterruptedException {
    live.remove(victim);
    victim.destroyForcibly();
    victim.waitFor(10, TimeUnit.SECONDS);
    kills++;
    String id = runnerIds.get(victim);
    if (id != null) {
      killed.add(id);
    }
    return victim.pid();
  }

  int kills() {
    return kills;
  }

  /** The runner ids ({@code Runner#workerId()}) of the processes killed so far. */
  java.util.Set<String> killedRunners() {
    return java.util.Set.copyOf(killed);
  }

  /** The runner id of a live process. */
  String runnerId(Process p) {
    return runnerIds.get(p);
  }

  /** Everything runner process {@code p} has logged so far. */
  String log(Process p) throws IOException {
    return Files.readString(logs.get(live.indexOf(p)), StandardCharsets.UTF_8);
  }

  List<Process> live() {
    return List.copyOf(live);
  }

  /** The last lines of every runner log, for failure messages. */
  String logTails() {
    StringBuilder b = new StringBuilder();
    for (Path log : logs) {
      b.append("--- ").append(log).append('\n').append(tail(log));
    }
    return b.toString();
  }

  /**
   * What the worker and dispatcher threads of every live runner process are doing (jcmd
   * Thread.print, their top frames): a worker stuck on a lock or a socket shows here.
   */
  String threadDumps() {
    StringBuilder b = new StringBuilder();
    String jcmd = ProcessHandle.current().info().command().map(c -> Path.of(c).resolveSibling("jcmd").toString())
        .orElse("jcmd");
    for (Process p : live) {
      b.append("--- threads of runner ").append(runnerIds.get(p)).append(" (pid ").append(p.pid()).append(")\n");
      try {
        Process dump = new ProcessBuilder(jcmd, String.valueOf(p.pid()), "Thread.print").redirectErrorStream(true).start();
        String text = new String(dump.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        dump.waitFor(30, TimeUnit.SECONDS);
        b.append(runnerThreads(text));
      } catch (IOException e) {
        b.append("(jcmd failed: ").append(e.getMessage()).append(")\n");
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return b.toString();
      }
    }
    return b.toString();
  }

  /** Of a thread dump, the runner's threads (queue-job-*, connector-*) with their top 16 frames. */
  static String runnerThreads(String dump) {
    StringBuilder b = new StringBuilder();
    for (String thread : dump.split("\n\\s*\n")) {
      String first = thread.strip().lines().findFirst().orElse("");
      if (!first.startsWith("\"queue-job") && !first.startsWith("\"connector")) {
        continue;
      }
      List<String> lines = thread.strip().lines().toList();
      b.append(String.join("\n", lines.subList(0, Math.min(lines.size(), 18)))).append('\n');
    }
    return b.toString();
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size())) + "\n";
    } catch (IOException e) {
      return "(cannot read " + log + ": " + e.getMessage() + ")\n";
    }
  }

  @Override
  public void close() throws InterruptedException {
    for (Process p : live) {
      p.destroyForcibly();
      p.waitFor(10, TimeUnit.SECONDS);
    }
    live.clear();
    for (Path log : logs) {
      try {
        Files.deleteIfExists(log);
      } catch (IOException ignored) {
        // a temporary file
      }
    }
  }
}
