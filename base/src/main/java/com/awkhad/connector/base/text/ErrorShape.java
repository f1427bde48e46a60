package com.awkhad.connector.base.text;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shape of an error line: its numbers, ids, uuids and quoted values replaced by placeholders,
 * so that the failures of one outage, each naming its own record, make one group.
 *
 * <pre>{@code
 * ErrorShape.of("GET /orders/1016 on backend 'Kitchen' failed: ConnectException");
 * // "GET /orders/{n} on backend '{s}' failed: ConnectException"
 * ErrorShape.of("Job 0b6c2f1e-8d4a-4f3e-9c1a-2b7d5e6f8a90 answered HTTP 503 after 1.5 s");
 * // "Job {uuid} answered HTTP 503 after {n} s"       (an HTTP status is kept: 503 and 401 differ)
 * }</pre>
 *
 * <p>The placeholders are {@code {n}} (a number), {@code {uuid}}, {@code {id}} (a run of 8 or more
 * hex digits holding a digit) and {@code {s}} (what stood between quotes, the quotes kept).
 */
public final class ErrorShape {
  private static final Pattern UUID = Pattern.compile(
      "\\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\\b");
  private static final Pattern QUOTED = Pattern.compile("'[^'\\n]*'|\"[^\"\\n]*\"");
  private static final Pattern HEX = Pattern.compile("\\b(?=[0-9a-fA-F]*[0-9])(?=[0-9a-fA-F]*[a-fA-F])[0-9a-fA-F]{8,}\\b");
  private static final Pattern NUMBER = Pattern.compile("(?<!HTTP )(?<![\\w{])\\d+(?:[.,]\\d+)*(?![\\w}])");
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{(?:n|uuid|id|s)\\}");

  private ErrorShape() {}

  /** {@code line} with its numbers, ids, uuids and quoted values replaced by placeholders; "" for null. */
  public static String of(String line) {
    if (line == null) {
      return "";
    }
    String s = UUID.matcher(line).replaceAll("{uuid}");
    Matcher q = QUOTED.matcher(s);
    StringBuilder out = new StringBuilder();
    while (q.find()) {
      char quote = q.group().charAt(0);
      q.appendReplacement(out, Matcher.quoteReplacement(quote + "{s}" + quote));
    }
    q.appendTail(out);
    s = HEX.matcher(out.toString()).replaceAll("{id}");
    return NUMBER.matcher(s).replaceAll("{n}");
  }

  /**
   * A SQL {@code LIKE} pattern (escape character {@code !}) matching the lines of this shape: each
   * placeholder becomes {@code %}, the rest is matched literally.
   */
  public static String likePattern(String shape) {
    List<String> parts = new ArrayList<>();
    Matcher m = PLACEHOLDER.matcher(shape);
    int at = 0;
    while (m.find()) {
      parts.add(escapeLike(shape.substring(at, m.start())));
      at = m.end();
    }
    parts.add(escapeLike(shape.substring(at)));
    return String.join("%", parts);
  }

  /** Whether {@code shape} holds a placeholder (else it matches one line only). */
  public static boolean hasPlaceholder(String shape) {
    return PLACEHOLDER.matcher(shape).find();
  }

  private static String escapeLike(String s) {
    return s.replace("!", "!!").replace("%", "!%").replace("_", "!_");
  }
}
