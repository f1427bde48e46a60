package com.awkhad.connector.queue.read;

import com.awkhad.connector.base.text.ErrorShape;
import com.awkhad.connector.base.text.Lines;
import com.awkhad.connector.queue.channel.ChannelConfig;
import com.awkhad.connector.queue.job.JobContext;
import com.awkhad.connector.queue.job.JobRecord;
import com.awkhad.connector.queue.job.JobState;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Which jobs a list, a page, a count or a bulk action is about: the one query model of the
 * queue's jobs, for the command line, the REST API and the dashboard. Every part is optional;
 * given parts must all match. Read from query parameters with {@link #of}, or built in Java:
 *
 * <pre>{@code
 * JobFilter.all().state(JobState.FAILED).channel("root.coffee");
 * JobFilter.all().backend(backend.id()).context(JobContext.USER, "alice");
 * JobFilter.of(Map.of("state", "failed,cancelled", "q", "timeout"));
 * }</pre>
 *
 * @param states any of these states (query {@code state=failed} or {@code state=failed,cancelled})
 * @param channel exactly this channel ({@code coffee} means {@code root.coffee})
 * @param function the job function {@code <class>.<method>}, or only the method's name
 * @param exc the exception's class name, exactly
 * @param error the first line of the error message, exactly (a failure group's line)
 * @param shape the first line's shape ({@link ErrorShape}): numbers, ids and quoted values in it
 *     match any (a failure group's key: the jobs of one outage)
 * @param failedAfter failed at or after this instant ({@code date_failed})
 * @param failedBefore failed before this instant
 * @param text words found (case-insensitive) in the description, function, error, arguments or uuid
 * @param backend the connector backend's name or id, as given (shown back by {@link #describe})
 * @param backendId that backend's id ({@link JobRecord#backendId}), once resolved ({@link #withBackendId});
 *     required when {@code backend} is given
 * @param waiting only pending jobs whose eta is in the future (what run-now takes by filter)
 * @param context job context values by key (query {@code user=alice}, {@code tenant=acme}: the
 *     {@link JobContext} the jobs were enqueued with)
 */
public record JobFilter(List<JobState> states, String channel, String function, String exc, String error, String text,
    String backend, Long backendId, boolean waiting, Map<String, String> context, String shape,
    java.time.Instant failedAfter, java.time.Instant failedBefore) {
  /**
   * The condition on the job's context matching one key and value; its parameter is
   * {@link JobContext#likePattern}.
   */
  private static final String CONTEXT_CONDITION = "context LIKE ? ESCAPE '!'";

  /** The query parameter names, in the order documented. */
  public static final List<String> KEYS = List.of("state", "channel", "function", "exc", "error", "q", "backend", "user",
      "tenant", "shape", "failedAfter", "failedBefore");

  public static final JobFilter NONE = new JobFilter(List.of(), null, null, null, null, null, null, null, false, Map.of(),
      null, null, null);

  public JobFilter {
    states = List.copyOf(states);
    context = Map.copyOf(context);
  }

  public JobFilter(List<JobState> states, String channel, String function, String exc, String error, String text,
      String backend, Long backendId, boolean waiting) {
    this(states, channel, function, exc, error, text, backend, backendId, waiting, Map.of(), null, null, null);
  }

  public boolean isEmpty() {
    return states.isEmpty() && channel == null && function == null && exc == null && error == null && text == null
        && backend == null && backendId == null && context.isEmpty() && shape == null && failedAfter == null && failedBefore == null;
  }

  /** Shortest {@code q} a bulk action takes: shorter text (like "-") matches nearly every job by its uuid. */
  public static final int MIN_BULK_TEXT = 3;

  /**
   * Whether the parts other than the state narrow the jobs down: a channel, function, exception,
   * a non-empty error line or a text of at least {@value #MIN_BULK_TEXT} characters. An empty
   * {@code error} alone means "no error": every job that has not failed.
   */
  public boolean narrowsBesidesState() {
    return channel != null || function != null || exc != null || backend != null || backendId != null || !context.isEmpty()
        || (error != null && !error.isEmpty())
        || (shape != null && !shape.isEmpty()) || failedAfter != null || failedBefore != null
        || (text != null && text.length() >= MIN_BULK_TEXT);
  }

  /** Whether it names states, fewer than all of them. */
  public boolean namesStates() {
    return !states.isEmpty() && new java.util.HashSet<>(states).size() < JobState.values().length;
  }

  public JobFilter withoutStates() {
    return new JobFilter(List.of(), channel, function, exc, error, text, backend, backendId, waiting, context, shape,
        failedAfter, failedBefore);
  }

  public JobFilter withStates(List<JobState> value) {
    return new JobFilter(value, channel, function, exc, error, text, backend, backendId, waiting, context, shape,
        failedAfter, failedBefore);
  }

  public JobFilter withBackendId(Long value) {
    return new JobFilter(states, channel, function, exc, error, text, backend, value, waiting, context, shape,
        failedAfter, failedBefore);
  }

  /** Only the pending jobs whose eta is in the future. */
  public JobFilter waitingOnly() {
    return new JobFilter(List.of(JobState.PENDING), channel, function, exc, error, text, backend, backendId, true,
        context, shape, failedAfter, failedBefore);
  }

  /** Every job: no part given. */
  public static JobFilter all() {
    return NONE;
  }

  /** Only jobs in {@code value}. */
  public JobFilter state(JobState value) {
    return withStates(List.of(value));
  }

  /** Only jobs of exactly this channel, as given ({@code root.coffee}). */
  public JobFilter channel(String value) {
    return new JobFilter(states, value, function, exc, error, text, backend, backendId, waiting, context, shape,
        failedAfter, failedBefore);
  }

  /** Only the jobs of the connector backend {@code id} (see {@code Queue.resolveBackends}). */
  public JobFilter backend(long id) {
    return new JobFilter(states, channel, function, exc, error, text, backend, id, waiting, context, shape,
        failedAfter, failedBefore);
  }

  /** Only jobs whose context has {@code key} = {@code value} (e.g. {@link JobContext#USER}). */
  public JobFilter context(String key, String value) {
    Map<String, String> m = new LinkedHashMap<>(context);
    m.put(key, value);
    return new JobFilter(states, channel, function, exc, error, text, backend, backendId, waiting, m, shape,
        failedAfter, failedBefore);
  }

  /**
   * Reads the filter from parameter values by name (absent or blank = not filtered on).
   *
   * @throws InvalidFilterException for an unknown state, a control character or a time it cannot read
   */
  public static JobFilter of(Map<String, String> values) {
    for (Map.Entry<String, String> e : values.entrySet()) {
      String v = e.getValue();
      for (int i = 0; v != null && i < v.length(); i++) {
        char c = v.charAt(i);
        if ((c < 0x20 && c != '\t') || c == 0x7f) {
          throw new InvalidFilterException("Filter '" + e.getKey() + "' holds a control character (U+"
              + String.format("%04X", (int) c) + "): filter values are text; remove it", KEYS);
        }
      }
    }
    List<JobState> states = new ArrayList<>();
    String state = blankToNull(values.get("state"));
    if (state != null) {
      for (String s : state.split(",")) {
        if (!s.isBlank()) {
          states.add(parseState(s));
        }
      }
    }
    String channel = blankToNull(values.get("channel"));
    String error = values.get("error");
    Map<String, String> context = new LinkedHashMap<>();
    for (String key : List.of(JobContext.USER, JobContext.TENANT)) {
      String v = blankToNull(values.get(key));
      if (v != null) {
        context.put(key, v.strip());
      }
    }
    return new JobFilter(states, channel == null ? null : ChannelConfig.normalize(channel),
        blankToNull(values.get("function")), blankToNull(values.get("exc")), error == null ? null : error.strip(),
        blankToNull(values.get("q")), blankToNull(values.get("backend")), null, false, context,
        blankToNull(values.get("shape")),
        instant(values, "failedAfter"), instant(values, "failedBefore"));
  }

  /** An instant ({@code 2026-12-03T21:00:00Z}), or a date and time without zone read as UTC ({@code 2026-12-03T21:00}). */
  private static java.time.Instant instant(Map<String, String> values, String key) {
    String v = blankToNull(values.get(key));
    if (v == null) {
      return null;
    }
    try {
      return java.time.Instant.parse(v);
    } catch (java.time.format.DateTimeParseException e) {
      try {
        return java.time.LocalDateTime.parse(v).toInstant(java.time.ZoneOffset.UTC);
      } catch (java.time.format.DateTimeParseException e2) {
        throw new InvalidFilterException("'" + key + "' must be a time such as 2026-12-03T21:00:00Z (or 2026-12-03T21:00,"
            + " read as UTC), got '" + v + "'", KEYS);
      }
    }
  }

  public static JobState parseState(String value) {
    try {
      return JobState.of(value);
    } catch (IllegalArgumentException e) {
      throw new InvalidFilterException("Unknown job state '" + value.strip() + "'", stateNames());
    }
  }

  public static List<String> stateNames() {
    return Arrays.stream(JobState.values()).map(JobState::dbValue).toList();
  }

  /** Appends {@code AND ...} conditions on the job table's columns and their parameters. */
  void appendSql(StringBuilder where, List<Object> params) {
    if (!states.isEmpty()) {
      where.append(" AND state IN (").append(String.join(", ", java.util.Collections.nCopies(states.size(), "?")))
          .append(')');
      states.forEach(s -> params.add(s.dbValue()));
    }
    if (channel != null) {
      where.append(" AND channel = ?");
      params.add(channel);
    }
    if (function != null) {
      where.append(" AND (func_name = ? OR method_name = ?)");
      params.add(function);
      params.add(function);
    }
    if (exc != null) {
      where.append(" AND exc_name = ?");
      params.add(exc);
    }
    if (error != null) {
      // the first line equals `error`: the whole message, or the message up to its first line break;
      // a retried job's line may also end with when it runs again ("; retry 2 of 5 at ...", see groupLine)
      String e = escapeLike(error);
      where.append(" AND (exc_message LIKE ? ESCAPE '!' OR exc_message LIKE ? ESCAPE '!' OR exc_message LIKE ? ESCAPE '!'")
          .append(" OR exc_message LIKE ? ESCAPE '!' OR exc_message LIKE ? ESCAPE '!'")
          .append(error.isEmpty() ? " OR exc_message IS NULL)" : ")");
      params.add(e);
      params.add(e + "\n%");
      params.add(e + "\r\n%");
      params.add(e + "; retry %");
      params.add(e + "; again at %");
    }
    if (shape != null) {
      // the lines of this shape: each placeholder matches anything (a superset at worst, never fewer)
      String e = ErrorShape.likePattern(shape);
      where.append(" AND (exc_message LIKE ? ESCAPE '!' OR exc_message LIKE ? ESCAPE '!' OR exc_message LIKE ? ESCAPE '!'")
          .append(" OR exc_message LIKE ? ESCAPE '!' OR exc_message LIKE ? ESCAPE '!')");
      params.add(e);
      params.add(e + "\n%");
      params.add(e + "\r\n%");
      params.add(e + "; retry %");
      params.add(e + "; again at %");
    }
    if (failedAfter != null) {
      where.append(" AND date_failed >= ?");
      params.add(failedAfter);
    }
    if (failedBefore != null) {
      where.append(" AND date_failed < ?");
      params.add(failedBefore);
    }
    if (backend != null && backendId == null) {
      throw new IllegalStateException("backend '" + backend + "' was not resolved to an id");
    }
    if (backendId != null) {
      where.append(" AND backend_id = ?");
      params.add(backendId);
    }
    context.forEach((key, value) -> {
      where.append(" AND ").append(CONTEXT_CONDITION);
      params.add(JobContext.likePattern(key, value));
    });
    if (waiting) {
      where.append(" AND state = 'pending' AND eta > ?");
      params.add(java.time.Instant.now());
    }
    if (text != null) {
      String t = "%" + escapeLike(text.toLowerCase(Locale.ROOT)) + "%";
      where.append(" AND (LOWER(description) LIKE ? ESCAPE '!' OR LOWER(func_name) LIKE ? ESCAPE '!'"
          + " OR LOWER(exc_name) LIKE ? ESCAPE '!' OR LOWER(exc_message) LIKE ? ESCAPE '!'"
          + " OR LOWER(args) LIKE ? ESCAPE '!' OR uuid LIKE ? ESCAPE '!')");
      for (int i = 0; i < 6; i++) {
        params.add(t);
      }
    }
  }

  /** The filter as JSON-ready values (what the API echoes back). */
  public Map<String, Object> describe() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("state", states.stream().map(JobState::dbValue).toList());
    m.put("channel", channel);
    m.put("function", function);
    m.put("exc", exc);
    m.put("error", error);
    m.put("q", text);
    if (backend != null) {
      m.put("backend", backend);
    }
    context.forEach(m::put);
    if (waiting) {
      m.put("waiting", true);
    }
    if (shape != null) {
      m.put("shape", shape);
    }
    if (failedAfter != null) {
      m.put("failedAfter", failedAfter);
    }
    if (failedBefore != null) {
      m.put("failedBefore", failedBefore);
    }
    return m;
  }

  private static final java.util.regex.Pattern WHEN = java.util.regex.Pattern.compile(
      "; (retry \\d+ (of \\d+|\\(no limit\\)) at |again at ).*$");

  /**
   * The line a failure group is keyed by: the error's first line without the note saying when the
   * job runs again ({@code ; retry 2 of 5 at 14:22:05Z (in 30 s)}), so that a retried error's jobs
   * make one group whatever their retry times.
   */
  public static String groupLine(String message) {
    return WHEN.matcher(firstLine(message)).replaceFirst("");
  }

  /** The key of a failure group: the shape of its {@link #groupLine} (see {@link ErrorShape}). */
  public static String groupShape(String message) {
    return ErrorShape.of(groupLine(message));
  }

  /** The first line of an error message (the whole message when it has one line; "" for none). */
  public static String firstLine(String message) {
    return Lines.first(message);
  }

  public static String escapeLike(String s) {
    return s.replace("!", "!!").replace("%", "!%").replace("_", "!_");
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}
