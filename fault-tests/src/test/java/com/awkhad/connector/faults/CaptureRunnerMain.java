package com.awkhad.connector.faults;

import com.awkhad.connector.base.db.DatabaseConfig;
import com.awkhad.connector.base.env.Environment;
import com.awkhad.connector.queue.channel.ChannelConfig;
import com.awkhad.connector.queue.runner.Runner;
import com.awkhad.connector.queue.runner.RunnerOptions;
import java.time.Duration;

/**
 * {@link FaultRunnerMain} for the capture fault test: a runner process with the capture
 * application's addon, so that it runs the change reader (a runner service) and the listener.
 */
public final class CaptureRunnerMain {
  private CaptureRunnerMain() {}

  public static void main(String[] args) throws Exception {
    String password = args[2].equals("-") ? "" : args[2];
    int workers = Integer.parseInt(args[4]);
    long lease = Long.parseLong(args[5]);
    long maxMinutes = Long.parseLong(args[6]);
    Environment env = CaptureWorld.start(DatabaseConfig.of(args[0], args[1], password).withPoolSize(workers + 6));
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
