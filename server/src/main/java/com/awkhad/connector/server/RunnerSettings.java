package com.awkhad.connector.server;

import com.awkhad.connector.queue.channel.ChannelConfig;
import com.awkhad.connector.queue.channel.ChannelConfigException;
import com.awkhad.connector.queue.runner.RunnerOptions;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * The runner options {@code run} and {@code bench} (module dev-tools, which passes them on to the
 * {@code run} processes it starts) share: channels, worker threads and batches. The database
 * options ({@code --db}, {@code --config}) are the command line's own ({@link ConnectorCommand}).
 */
public final class RunnerSettings {
  @Option(names = "--channels", paramLabel = "SPEC",
      description = "Channels and capacities, e.g. 'root:8,coffee:1:sequential,coffee.import:2:throttle=5'"
          + " (default: $CONNECTOR_CHANNELS, else root:<workers>).")
  String channels;

  @Option(names = "--workers", paramLabel = "N",
      description = "Worker threads of this process, 1 to " + RunnerOptions.MAX_WORKERS
          + " (default: the root channel's capacity, else 4).")
  Integer workers;

  @Option(names = "--max-batch", paramLabel = "N", defaultValue = "32",
      description = "Most jobs a worker runs in one transaction, each behind its own savepoint (default: ${DEFAULT-VALUE}).")
  int maxBatch;

  @Option(names = "--batch-budget-ms", paramLabel = "MS", defaultValue = "${env:CONNECTOR_BATCH_BUDGET_MS:-100}",
      description = "How long a worker's batch may run: no job of the batch starts once it would end past this time,"
          + " and the batch's jobs not started go back to pending for the next claim; 0: one job per transaction"
          + " (default: $CONNECTOR_BATCH_BUDGET_MS, else 100).")
  int batchBudgetMs;

  /** --max-batch: the most jobs a worker runs in one transaction. */
  public int maxBatch() {
    return maxBatch;
  }

  /** --batch-budget-ms, else $CONNECTOR_BATCH_BUDGET_MS, else 100, in milliseconds. */
  public int batchBudgetMs() {
    return batchBudgetMs;
  }

  /** Refuses a --max-batch or --batch-budget-ms no runner can work with. */
  public void checkBatches() {
    if (maxBatch < 1 || maxBatch > 10_000) {
      throw new IllegalArgumentException("--max-batch must be between 1 and 10000, got " + maxBatch);
    }
    if (batchBudgetMs < 0) {
      throw new IllegalArgumentException("--batch-budget-ms (CONNECTOR_BATCH_BUDGET_MS) cannot be negative, got "
          + batchBudgetMs + "; use 0 to run one job per transaction, or the default 100");
    }
  }

  /** The runner options of these settings: channels, workers, batches. */
  public RunnerOptions runnerOptions(ChannelConfig channels, int workerCount) {
    return RunnerOptions.of(channels).withWorkers(workerCount).withMaxBatch(maxBatch)
        .withBatchBudget(Duration.ofMillis(batchBudgetMs));
  }

  /** The channel tree from --channels, $CONNECTOR_CHANNELS, else {@code root:<workers>}. */
  public ChannelConfig channelConfig() {
    if (workers != null && (workers < 1 || workers > RunnerOptions.MAX_WORKERS)) {
      throw new IllegalArgumentException("--workers must be between 1 and " + RunnerOptions.MAX_WORKERS + ", got "
          + workers);
    }
    String spec = channels != null ? channels : System.getenv("CONNECTOR_CHANNELS");
    try {
      return ChannelConfig.parse(spec == null ? "" : spec, workers == null ? 4 : workers);
    } catch (ChannelConfigException e) {
      throw new IllegalArgumentException(e.getMessage()
          + (channels != null ? " (from --channels)" : " (from CONNECTOR_CHANNELS)"), e);
    }
  }

  /** The worker threads: --workers, else the root channel's capacity. */
  public int workerCount(ChannelConfig config) {
    if (workers != null) {
      return workers;
    }
    int root = config.root().capacity();
    if (root > RunnerOptions.MAX_WORKERS) {
      throw new IllegalArgumentException("Without --workers, this process would run one worker thread per unit of the"
          + " root channel's capacity (" + root + ", from " + (channels != null ? "--channels" : "CONNECTOR_CHANNELS")
          + "), more than " + RunnerOptions.MAX_WORKERS + ". The root capacity is shared by every runner of the"
          + " database: give each process its share with --workers N (at most " + RunnerOptions.MAX_WORKERS + ").");
    }
    return root;
  }
}
