package com.awkhad.connector.server;

import com.awkhad.connector.queue.channel.ChannelConfig;
import com.awkhad.connector.queue.channel.ChannelConfigException;
import picocli.CommandLine.Option;

/** The options {@code run} and {@code bench} share: channels and worker threads. */
final class RunnerSettings {
  @Option(names = "--channels", paramLabel = "SPEC",
      description = "Channels and capacities, e.g. 'root:8,coffee:1:sequential,coffee.import:2:throttle=5'"
          + " (default: $CONNECTOR_CHANNELS, else root:<workers>).")
  String channels;

  @Option(names = "--workers", paramLabel = "N",
      description = "Worker threads of this process (default: the root channel's capacity, else 4).")
  Integer workers;

  /** The channel tree from --channels, $CONNECTOR_CHANNELS, else {@code root:<workers>}. */
  ChannelConfig channelConfig() {
    String spec = channels != null ? channels : System.getenv("CONNECTOR_CHANNELS");
    try {
      return ChannelConfig.parse(spec == null ? "" : spec, workers == null ? 4 : workers);
    } catch (ChannelConfigException e) {
      throw new IllegalArgumentException(e.getMessage()
          + (channels != null ? " (from --channels)" : " (from CONNECTOR_CHANNELS)"), e);
    }
  }

  int workerCount(ChannelConfig config) {
    return workers != null ? workers : config.root().capacity();
  }
}
