package com.awkhad.connector.faults;

import com.awkhad.connector.base.db.DatabaseConfig;
import com.awkhad.connector.base.env.Environment;
import com.awkhad.connector.queue.channel.ChannelConfig;
import com.awkhad.connector.queue.runner.Runner;
import com.awkhad.connector.queue.runner.RunnerOptions;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * What {@code ./connector run} does, in a child JVM of the fault tests: an environment with the
 * coffee connector on {@code url user password}, a runner with {@code channels workers leaseMillis}.
 * Runs until SIGTERM (graceful), SIGKILL, or {@code maxMinutes}.
 */
public final class FaultRunnerMain {
  private FaultRunnerMain() {}

  public static void main(String[] args) throws Exception {
    run(args, env -> {});
  }

  /** Runs as {@link #main}, calling {@code beforeRunner} on the started environment before the runner starts. */
  static void run(String[] args, Consumer<Environment> beforeRunner) throws Exception {
    String password = args[2].equals("-") ? "" : args[2];
    int workers = Integer.parseInt(args[4]);
    long lease = Long.parseLong(args[5]);
    long maxMinutes = Long.parseLong(args[6]);
    Environment env = Environment.start(DatabaseConfig.of(args[0], args[1], password).withPoolSize(workers + 4),
        CoffeeWorld.addons());
    beforeRunner.accept(env);
    Runner runner = Runner.start(env, RunnerOptions.of(ChannelConfig.parse(args[3])).withWorkers(workers)
        .withLease(Duration.ofMillis(lease / 5), Duration.ofMillis(lease)).withShutdownGrace(Duration.ofSeconds(5)));
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      runner.close();
      env.close();
    }));
    System.out.println("runner-started " + runner.workerId());
    Thread.sleep(Duration.ofMinutes(maxMinutes).toMillis());
    System.exit(0);
  }
}
