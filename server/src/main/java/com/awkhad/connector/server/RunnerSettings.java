package com.awkhad.connector.server;

import com.awkhad.connector.queue.channel.ChannelConfig;
import com.awkhad.connector.queue.channel.ChannelConfigException;
import com.awkhad.connector.queue.runner.RunnerOptions;
import picocli.CommandLine.Option;

/** The options {@code run} and {@code bench} (module dev-tools) share: channels and worker threads. */
public final class RunnerSettings {
  @Option(names = "--channels", paramLabel = "SPEC",
      description = "Channels and capacities, e.g. 'root:8,coffee:1:sequential,coffee.import:2:throttle=5'"
          + " (default: $CONNECTOR_CHANNELS, else root:<workers>).")
  String channels;

  @Option(names = "--workers", paramLabel = "N",
      description = "Worker threads of this process, 1 to " + RunnerOptions.MAX_WORKERS
          + " (default: the root channel's capacity, else 4).")
  Integer workers;

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
