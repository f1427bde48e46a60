package com.awkhad.connector.queue.recurring;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

/**
 * When a recurring job is due: a cron expression (five fields, minute to day of week, as in
 * crontab, parsed by cron-utils) in a time zone, or a fixed interval.
 *
 * <pre>{@code
 * Schedule.cron("*&#47;15 * * * *");                        // every quarter hour, UTC
 * Schedule.cron("0 2 * * 1-5", ZoneId.of("Europe/Paris"));  // 02:00 on weekdays, Paris time
 * Schedule.every(Duration.ofMinutes(5));
 * }</pre>
 */
public sealed interface Schedule {
  CronParser PARSER = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

  /** The first due time strictly after {@code after}. */
  Instant next(Instant after);

  /** The schedule as shown to people: the cron expression, or {@code every 300s}. */
  String describe();

  static Schedule cron(String expression) {
    return cron(expression, ZoneId.of("UTC"));
  }

  /**
   * @throws IllegalArgumentException saying what is wrong with the expression
   */
  static Schedule cron(String expression, ZoneId zone) {
    return new CronSchedule(expression, zone);
  }

  /**
   * @throws IllegalArgumentException when the interval is shorter than one second
   */
  static Schedule every(Duration interval) {
    return new Every(interval);
  }

  /** A cron schedule. */
  record CronSchedule(String expression, ZoneId zone) implements Schedule {
    public CronSchedule {
      try {
        PARSER.parse(expression).validate();
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("Invalid cron expression '" + expression + "': " + e.getMessage()
            + ". Use five fields: minute hour day-of-month month day-of-week, e.g. '*/15 * * * *'", e);
      }
    }

    @Override
    public Instant next(Instant after) {
      Cron cron = PARSER.parse(expression);
      return ExecutionTime.forCron(cron).nextExecution(after.atZone(zone))
          .orElseThrow(() -> new DateTimeException("Cron expression '" + expression + "' has no time after " + after))
          .toInstant();
    }

    @Override
    public String describe() {
      return expression + ("UTC".equals(zone.getId()) ? "" : " (" + zone.getId() + ")");
    }
  }

  /** A fixed interval, anchored on the previous due time. */
  record Every(Duration interval) implements Schedule {
    public Every {
      if (interval.compareTo(Duration.ofSeconds(1)) < 0) {
        throw new IllegalArgumentException("A recurring interval must be at least 1 second, got " + interval);
      }
    }

    @Override
    public Instant next(Instant after) {
      return after.plus(interval);
    }

    /** The first time {@code anchor + k * interval} strictly after {@code now}. */
    Instant nextFrom(Instant anchor, Instant now) {
      if (anchor.isAfter(now)) {
        return anchor;
      }
      long periods = Duration.between(anchor, now).toMillis() / interval.toMillis() + 1;
      return anchor.plus(interval.multipliedBy(periods));
    }

    @Override
    public String describe() {
      return "every " + interval.toSeconds() + "s";
    }
  }
}
