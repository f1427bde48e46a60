package com.awkhad.connector.queue.channel;

import java.util.Map;

/**
 * One configured channel.
 *
 * @param name complete dotted name, always starting with {@code root}
 * @param capacity how many workers may run jobs of this channel (and its sub-channels) at once;
 *     {@code null} means no limit of its own (channels created only as a path to a configured one)
 * @param sequential when true (capacity 1), jobs start in strict order and a failed job stops
 *     the channel until it is requeued, done or cancelled
 * @param throttleSeconds at least this many seconds between two starts in the channel; 0 = none
 * @param options every key given in the configuration entry, values as written ({@code "true"}
 *     for a key without value), including unknown keys (kept, like the original, for extensions)
 */
public record ChannelSpec(
    String name, Integer capacity, boolean sequential, int throttleSeconds, Map<String, String> options) {
  public ChannelSpec {
    options = Map.copyOf(options);
  }

  /** True when the channel limits concurrency itself. */
  public boolean limited() {
    return capacity != null;
  }
}
