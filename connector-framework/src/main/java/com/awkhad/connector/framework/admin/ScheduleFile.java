package com.awkhad.connector.framework.admin;

import com.awkhad.connector.base.text.ControlChars;
import com.awkhad.connector.queue.recurring.Schedule;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Scheduled imports written in a properties file, one block per schedule, for
 * {@code ./connector backends schedule --file FILE} (a deploy applies the same file each time:
 * defining a schedule again keeps its next run when it did not change).
 *
 * <pre>
 * # schedules.properties
 * schedule.menu.backend = Kitchen machine
 * schedule.menu.model   = coffee.beverage.binding
 * schedule.menu.every   = 5m
 *
 * schedule.orders.backend = Kitchen machine
 * schedule.orders.model   = coffee.order.binding
 * schedule.orders.cron    = 0 2 * * *
 * schedule.orders.zone    = Europe/Paris
 * </pre>
 *
 * <p>Each block needs {@code backend}, {@code model} and one of {@code every} or {@code cron}
 * ({@code zone} goes with {@code cron}); an unknown key, a block without its backend or a second
 * block for the same backend and model is refused with what to fix.
 */
public final class ScheduleFile {
  static final Set<String> KEYS = Set.of("backend", "model", "every", "cron", "zone");
  private static final Pattern KEY = Pattern.compile("schedule\\.([A-Za-z0-9_-]+)\\.([a-z]+)");

  private ScheduleFile() {}

  /** One block of the file: the scheduled import of {@code model} of {@code backend}. */
  public record Entry(String label, String backend, String model, Schedule schedule) {}

  /**
   * The blocks of {@code file}, by label.
   *
   * @throws AdminRefusal INVALID naming the file, the block and what is wrong
   */
  public static List<Entry> read(Path file) {
    Properties props = new Properties();
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      props.load(in);
    } catch (IOException | IllegalArgumentException e) {
      throw new AdminRefusal(AdminRefusal.Reason.INVALID, "Cannot read the schedule file " + file + ": "
          + e.getMessage() + ". It is a properties file: schedule.<label>.backend=..., .model=..., .every=5m or .cron=...");
    }
    return parse(props, file.toString());
  }

  static List<Entry> parse(Properties props, String source) {
    Map<String, Map<String, String>> blocks = new TreeMap<>();
    for (String key : props.stringPropertyNames()) {
      Matcher m = KEY.matcher(key);
      if (!m.matches() || !KEYS.contains(m.group(2))) {
        throw new AdminRefusal(AdminRefusal.Reason.INVALID, source + ": unknown key '" + ControlChars.escape(key)
            + "'. Keys are schedule.<label>.<backend|model|every|cron|zone>, e.g. schedule.menu.every=5m");
      }
      blocks.computeIfAbsent(m.group(1), k -> new TreeMap<>()).put(m.group(2), props.getProperty(key).trim());
    }
    if (blocks.isEmpty()) {
      throw new AdminRefusal(AdminRefusal.Reason.INVALID, source + " holds no schedule: write blocks such as"
          + " schedule.menu.backend=Kitchen machine, schedule.menu.model=coffee.beverage.binding, schedule.menu.every=5m");
    }
    List<Entry> out = new ArrayList<>();
    Set<String> seen = new java.util.HashSet<>();
    for (Map.Entry<String, Map<String, String>> block : blocks.entrySet()) {
      String label = block.getKey();
      Map<String, String> v = block.getValue();
      for (String required : List.of("backend", "model")) {
        if (v.get(required) == null || v.get(required).isEmpty()) {
          throw new AdminRefusal(AdminRefusal.Reason.INVALID, source + ": schedule '" + label + "' has no " + required
              + ": add schedule." + label + "." + required + "=...");
        }
      }
      Schedule schedule;
      try {
        schedule = BackendAdmin.schedule(v.get("every"), v.get("cron"), v.get("zone"));
      } catch (AdminRefusal e) {
        throw new AdminRefusal(AdminRefusal.Reason.INVALID, source + ": schedule '" + label + "': "
            + e.getMessage().replace("--every", "every").replace("--cron", "cron"));
      }
      if (!seen.add(v.get("backend") + "\u0000" + v.get("model"))) {
        throw new AdminRefusal(AdminRefusal.Reason.INVALID, source + ": schedule '" + label + "' repeats backend '"
            + ControlChars.escape(v.get("backend")) + "' and model " + v.get("model") + ": keep one block for them");
      }
      out.add(new Entry(label, v.get("backend"), v.get("model"), schedule));
    }
    return out;
  }
}
