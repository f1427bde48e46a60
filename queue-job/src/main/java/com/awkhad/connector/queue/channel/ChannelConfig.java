package com.awkhad.connector.queue.channel;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The channel tree a runner enforces, parsed from the original's configuration grammar.
 *
 * <p>Entries are separated by commas or new lines, each {@code name(.sub)*(:capacity(:key(=value)?)*)?}
 * with whitespace trimmed and empty entries dropped. {@code sub:2} means {@code root.sub:2}; an
 * entry without capacity has capacity 1; keys are {@code sequential} (capacity must be 1) and
 * {@code throttle=N} (at least N seconds between two starts in the channel). Other keys are kept
 * in {@link ChannelSpec#options()}. Refused, with a message quoting the entry: a channel configured
 * twice, a key given twice (including {@code name} and {@code capacity}, as in the original), and a
 * capacity of 0 (the original read it as "no limit"; pausing silently would be worse, so we ask for
 * a positive capacity or no entry).
 *
 * <pre>{@code
 * ChannelConfig channels = ChannelConfig.parse("root:8, coffee:1:sequential, coffee.import:2:throttle=5");
 * channels.resolve("root.coffee.import.orders"); // "root.coffee.import"
 * channels.resolve("shop");                       // "root": nearest configured ancestor
 * }</pre>
 *
 * <p>A job's channel that is not configured attaches to its nearest configured ancestor, by
 * complete name. The original rebuilt the name of such a channel under the configured one
 * ({@code root.sub.x.y} could show as {@code root.sub.sub.x.y}); we do not keep that quirk: it
 * only garbled names in logs, scheduling did not depend on it, and a job keeps its own channel
 * name here (the runner only maps it to the configured channel that limits it).
 */
public final class ChannelConfig {
  /** The root channel's name. */
  public static final String ROOT = "root";

  /**
   * The largest capacity a channel may have: the root capacity is shared by every runner of a
   * database, so it may exceed one process's {@link com.awkhad.connector.queue.runner.RunnerOptions#MAX_WORKERS}
   * workers, but a bigger number is a typo, not a plan.
   */
  public static final int MAX_CAPACITY = 10_000;

  private final Map<String, ChannelSpec> channels; // parents before children

  private ChannelConfig(Map<String, ChannelSpec> channels) {
    this.channels = channels;
  }

  /** Parses {@code spec}; {@code root} has capacity 1 unless the spec configures it. */
  public static ChannelConfig parse(String spec) {
    return parse(spec, 1);
  }

  /**
   * Parses {@code spec}; {@code root} gets {@code defaultRootCapacity} unless the spec configures
   * it.
   *
   * @throws ChannelConfigException quoting the faulty entry and saying what to write instead
   */
  public static ChannelConfig parse(String spec, int defaultRootCapacity) {
    if (defaultRootCapacity < 1 || defaultRootCapacity > MAX_CAPACITY) {
      throw new ChannelConfigException("The root channel needs a capacity between 1 and " + MAX_CAPACITY + ", got "
          + defaultRootCapacity);
    }
    Map<String, ChannelSpec> explicit = new LinkedHashMap<>();
    String text = spec == null ? "" : spec.replace('\n', ',').replace('\r', ',');
    for (String raw : text.split(",", -1)) {
      String entry = raw.strip();
      if (entry.isEmpty()) {
        continue;
      }
      ChannelSpec parsed = parseEntry(entry);
      if (!parsed.name().equals(ROOT) && parsed.capacity() == 0) {
        throw new ChannelConfigException("Invalid channel entry '" + entry + "': capacity 0 is not allowed for "
            + parsed.name() + ". The original read 0 as \"no limit\" and it would silently pause the channel here:"
            + " write a positive capacity, or leave the channel out so that its jobs share "
            + parentOf(parsed.name()) + "'s capacity (to stop a channel's jobs, cancel them or stop the runner)");
      }
      if (explicit.putIfAbsent(parsed.name(), parsed) != null) {
        throw new ChannelConfigException("Invalid channel entry '" + entry + "': channel " + parsed.name()
            + " is configured twice; keep one entry per channel");
      }
    }
    Map<String, ChannelSpec> all = new LinkedHashMap<>();
    all.put(ROOT, explicit.getOrDefault(ROOT, new ChannelSpec(ROOT, defaultRootCapacity, false, 0, Map.of())));
    if (all.get(ROOT).capacity() < 1) {
      throw new ChannelConfigException("Invalid channel entry for root: its capacity must be at least 1"
          + " (it is the number of jobs that may run at once), got " + all.get(ROOT).capacity());
    }
    List<String> names = new ArrayList<>(explicit.keySet());
    Collections.sort(names); // parents sort before their children
    for (String name : names) {
      String[] parts = name.split("\\.");
      StringBuilder path = new StringBuilder(ROOT);
      for (int i = 1; i < parts.length - 1; i++) {
        path.append('.').append(parts[i]);
        all.putIfAbsent(path.toString(), explicit.getOrDefault(path.toString(),
            new ChannelSpec(path.toString(), null, false, 0, Map.of())));
      }
      all.put(name, explicit.get(name));
    }
    return new ChannelConfig(Collections.unmodifiableMap(all));
  }

  private static ChannelSpec parseEntry(String entry) {
    String[] items = entry.split(":", -1);
    String name = items[0].strip();
    if (name.isEmpty()) {
      throw new ChannelConfigException("Invalid channel entry '" + entry + "': missing channel name;"
          + " write NAME[:CAPACITY[:KEY[=VALUE]]...], e.g. root.coffee:2");
    }
    String complete = normalize(name);
    for (String segment : complete.split("\\.", -1)) {
      if (segment.isBlank()) {
        throw new ChannelConfigException("Invalid channel entry '" + entry + "': channel name '" + name
            + "' has an empty part; write dotted names such as root.coffee.import");
      }
    }
    int capacity = 1;
    Map<String, String> options = new LinkedHashMap<>();
    if (items.length > 1) {
      String cap = items[1].strip();
      try {
        capacity = Integer.parseInt(cap);
      } catch (NumberFormatException e) {
        throw new ChannelConfigException("Invalid channel entry '" + entry + "': capacity '" + cap
            + "' is not an integer" + (cap.matches("\\d+") ? " up to " + MAX_CAPACITY : "") + "; write e.g. "
            + name + ":2");
      }
      if (capacity > MAX_CAPACITY) {
        throw new ChannelConfigException("Invalid channel entry '" + entry + "': capacity " + capacity
            + " is more than " + MAX_CAPACITY + ", the most a channel may have (the jobs it may run at once, over all"
            + " runners); write e.g. " + name + ":" + Math.min(capacity, 64));
      }
      if (capacity < 0) {
        throw new ChannelConfigException("Invalid channel entry '" + entry + "': capacity " + capacity
            + " is negative; write a positive number (the jobs the channel may run at once)");
      }
      for (int i = 2; i < items.length; i++) {
        String[] kv = items[i].split("=", -1);
        if (kv.length > 2) {
          throw new ChannelConfigException("Invalid channel entry '" + entry + "': option '" + items[i].strip()
              + "' has more than one '='; write KEY or KEY=VALUE");
        }
        String key = kv[0].strip();
        if (key.isEmpty()) {
          throw new ChannelConfigException("Invalid channel entry '" + entry + "': an option has no key;"
              + " write KEY or KEY=VALUE between the colons");
        }
        if (key.equals("name") || key.equals("capacity")) {
          // the original keeps name and capacity in the same dictionary as the options
          throw new ChannelConfigException("Invalid channel entry '" + entry + "': option '" + key
              + "' repeats the channel's " + key + ", given " + (key.equals("name") ? "first" : "after the first colon")
              + "; write NAME:CAPACITY[:KEY[=VALUE]]..., e.g. " + name + ":2");
        }
        String value = kv.length == 2 ? kv[1].strip() : "true";
        if (options.putIfAbsent(key, value) != null) {
          throw new ChannelConfigException("Invalid channel entry '" + entry + "': option '" + key
              + "' is given twice; keep one");
        }
      }
    }
    boolean sequential = options.containsKey("sequential") && !"false".equalsIgnoreCase(options.get("sequential"));
    if (sequential && capacity != 1) {
      throw new ChannelConfigException("Invalid channel entry '" + entry + "': a sequential channel must have"
          + " capacity 1, got " + capacity + "; write " + name + ":1:sequential");
    }
    int throttle = 0;
    if (options.containsKey("throttle")) {
      String t = options.get("throttle");
      try {
        throttle = Integer.parseInt(t);
      } catch (NumberFormatException e) {
        throw new ChannelConfigException("Invalid channel entry '" + entry + "': throttle '" + t
            + "' is not a whole number of seconds; write e.g. throttle=2");
      }
      if (throttle < 0) {
        throw new ChannelConfigException("Invalid channel entry '" + entry + "': throttle " + throttle
            + " is negative; give the number of seconds between two starts");
      }
    }
    return new ChannelSpec(complete, capacity, sequential, throttle, options);
  }

  private static String parentOf(String complete) {
    return complete.substring(0, complete.lastIndexOf('.'));
  }

  /**
   * The complete name of a channel as jobs may spell it: {@code null} or blank is {@code root},
   * a name not starting with {@code root.} is put under root.
   */
  public static String normalize(String channel) {
    if (channel == null || channel.isBlank()) {
      return ROOT;
    }
    String c = channel.strip();
    return c.equals(ROOT) || c.startsWith(ROOT + ".") ? c : ROOT + "." + c;
  }

  /** Every channel of the tree, parents before children (intermediate ones have no capacity). */
  public List<ChannelSpec> channels() {
    return List.copyOf(channels.values());
  }

  public ChannelSpec root() {
    return channels.get(ROOT);
  }

  /** The channel of this complete name, if it is in the tree. */
  public Optional<ChannelSpec> spec(String completeName) {
    return Optional.ofNullable(channels.get(normalize(completeName)));
  }

  /** The channel of the tree that governs jobs of {@code jobChannel}: itself or its nearest ancestor. */
  public String resolve(String jobChannel) {
    String name = normalize(jobChannel);
    while (!channels.containsKey(name)) {
      int dot = name.lastIndexOf('.');
      name = dot < 0 ? ROOT : name.substring(0, dot);
    }
    return name;
  }

  /** {@code channel} (a name of the tree) followed by its ancestors up to {@code root}. */
  public List<String> chain(String channel) {
    List<String> out = new ArrayList<>();
    String name = resolve(channel);
    out.add(name);
    while (!name.equals(ROOT)) {
      name = name.substring(0, name.lastIndexOf('.'));
      if (channels.containsKey(name)) {
        out.add(name);
      }
    }
    return out;
  }

  /** The channels of the tree directly below {@code channel}. */
  public List<String> children(String channel) {
    String prefix = resolve(channel) + ".";
    return channels.keySet().stream()
        .filter(n -> n.startsWith(prefix) && n.indexOf('.', prefix.length()) < 0)
        .toList();
  }

  /** The configuration in the grammar it was parsed from, one entry per configured channel. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    for (ChannelSpec c : channels.values()) {
      if (c.capacity() == null) {
        continue;
      }
      if (sb.length() > 0) {
        sb.append(',');
      }
      sb.append(c.name()).append(':').append(c.capacity());
      c.options().forEach((k, v) -> sb.append(':').append(k).append("true".equals(v) ? "" : "=" + v));
    }
    return sb.toString();
  }
}
