package com.awkhad.connector.queue.notify;

import com.awkhad.connector.base.text.Redact;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One thing worth telling an operator: a job failed for good, a backend's circuit opened. Every
 * text in it is passed through {@link Redact#text} and clipped when the notice is built, so a
 * notice never carries a credential that a source let slip into an error message; sources still
 * must not put job arguments or secrets in it.
 *
 * <pre>{@code
 * notifier.post(Notice.of("backend.circuit_open", "Backend coffee-1 unreachable: circuit open")
 *     .withText("Connection refused (3 failures in 10 s)")
 *     .withField("backend", "coffee-1")
 *     .withGroupKey("backend coffee-1"));
 * }</pre>
 *
 * @param kind what happened, a short dotted name ({@code job.failed}); the default group key
 * @param title one line for a human (a mail's subject, a chat message's first line)
 * @param text more detail, may span lines; empty when none
 * @param fields named values in order (uuid, function, channel...); shown as "name: value"
 * @param groupKey notices of one key posted within a window go out as one message
 */
public record Notice(String kind, String title, String text, Map<String, String> fields, String groupKey) {
  static final int MAX_TITLE = 200;
  static final int MAX_TEXT = 2000;
  static final int MAX_FIELD = 500;

  public Notice {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(title, "title");
    title = clean(title, MAX_TITLE).replace('\n', ' ').replace('\r', ' ');
    text = text == null ? "" : clean(text, MAX_TEXT);
    LinkedHashMap<String, String> copy = new LinkedHashMap<>();
    if (fields != null) {
      fields.forEach((k, v) -> copy.put(clean(k, 60), v == null ? "" : clean(v, MAX_FIELD)));
    }
    fields = Collections.unmodifiableMap(copy);
    groupKey = groupKey == null || groupKey.isBlank() ? kind : clean(groupKey, MAX_TITLE);
  }

  /** A notice with only a kind and a title; add the rest with the {@code with...} methods. */
  public static Notice of(String kind, String title) {
    return new Notice(kind, title, "", Map.of(), null);
  }

  public Notice withText(String value) {
    return new Notice(kind, title, value, fields, groupKey);
  }

  /** This notice with one more field (replacing a field of that name). */
  public Notice withField(String name, String value) {
    LinkedHashMap<String, String> copy = new LinkedHashMap<>(fields);
    copy.put(name, value);
    return new Notice(kind, title, text, copy, groupKey);
  }

  public Notice withGroupKey(String value) {
    return new Notice(kind, title, text, fields, value);
  }

  private static String clean(String s, int max) {
    String r = Redact.text(s);
    return r.length() <= max ? r : r.substring(0, max - 1) + "…";
  }
}
