package com.awkhad.connector.queue.runner;

import com.awkhad.connector.queue.channel.ChannelConfig;
import java.time.Duration;

/**
 * A runner in a process of its own, for the multi-process tests: {@code url user password
 * channels workers maxBatch leaseMillis}. Runs until SIGTERM (graceful) or SIGKILL, or at most
 * five minutes.
 */
public final class RunnerProcessMain {
  private RunnerProcessMain() {}

  public static void main(String[] args) throws Exception {
    RunnerFixture f = new RunnerFixture(args[0], args[1], args[2]);
    ChannelConfig channels = ChannelConfig.parse(args[3]);
    long lease = Long.parseLong(args[6]);
    Runner runner = Runner.start(f.env, RunnerOptions.of(channels).withWorkers(Integer.parseInt(args[4]))
        .withMaxBatch(Integer.parseInt(args[5])).withLease(Duration.ofMillis(lease / 5), Duration.ofMillis(lease))
        .withShutdownGrace(Duration.ofSeconds(10)));
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      runner.close();
      f.close();
    }));
    System.out.println("runner-started " + runner.workerId());
    Thread.sleep(Duration.ofMinutes(5).toMillis());
    System.exit(0);
  }
}
