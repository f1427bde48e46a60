package com.awkhad.connector.queue.notify;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What one message says: the notices of one group key posted within one window, counted, with
 * the first few kept as samples. {@link NoticeTarget}s turn it into a webhook body or a mail;
 * it is also the argument of the delivery job, so it holds only (redacted) notice text.
 *
 * <pre>{@code
 * Digest d = new Digest("job.failed root.coffee", "job.failed", 50, first, last, samples, "runner host-1");
 * d.title(); // "Job failed on root.coffee: ConnectorJobs.importRecord (and 49 more within 12 s)"
 * d.text();  // the samples, one paragraph each, then "... and 45 more"
 * }</pre>
 *
 * @param group the group key the notices shared
 * @param kind the first notice's kind
 * @param count how many notices the window collected (at least 1)
 * @param firstAt when the first was posted
 * @param lastAt when the last was posted
 * @param samples the first notices, in order (at most the notifier's sample size)
 * @param source which process posted them (the runner's id), null when unknown
 */
public record Digest(String group, String kind, int count, Instant firstAt, Instant lastAt, List<Notice> samples,
    String source) {
  public Digest {
    Objects.requireNonNull(group, "group");
    samples = List.copyOf(samples);
    if (samples.isEmpty() || count < samples.size()) {
      throw new IllegalArgumentException("A digest needs at least one sample and a count >= its samples, got "
          + count + " and " + samples.size());
    }
  }

  /** One line: the first notice's title, and how many more there were. */
  public String title() {
    String first = samples.get(0).title();
    if (count == 1) {
      return first;
    }
    long seconds = Math.max(0, Duration.between(firstAt, lastAt).toSeconds());
    return first + " (and " + (count - 1) + " more within " + seconds + " s)";
  }

  /** The body: a summary line when there are several, then each sample, then how many were left out. */
  public String text() {
    StringBuilder sb = new StringBuilder();
    if (count > 1) {
      sb.append(count).append(" notices of group '").append(group).append("' between ")
          .append(firstAt.truncatedTo(ChronoUnit.SECONDS)).append(" and ").append(lastAt.truncatedTo(ChronoUnit.SECONDS))
          .append(source == null ? "" : " on " + source).append(".\n\n");
    }
    for (int i = 0; i < samples.size(); i++) {
      Notice n = samples.get(i);
      if (count > 1) {
        sb.append(i + 1).append(". ").append(n.title()).append('\n');
      }
      if (!n.text().isEmpty()) {
        sb.append(n.text()).append('\n');
      }
      n.fields().forEach((k, v) -> sb.append(k).append(": ").append(v).append('\n'));
      sb.append('\n');
    }
    if (count > samples.size()) {
      sb.append("... and ").append(count - samples.size()).append(" more not listed here.\n");
    } else if (count == 1 && source != null) {
      sb.append("From ").append(source).append(" at ").append(firstAt.truncatedTo(ChronoUnit.SECONDS)).append(".\n");
    }
    return sb.toString().strip();
  }

  /** The JSON body a webhook receives (see docs/operations/notifications.md), as an ordered map. */
  public Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("source", source);
    m.put("kind", kind);
    m.put("group", group);
    m.put("count", count);
    m.put("first_at", firstAt.toString());
    m.put("last_at", lastAt.toString());
    m.put("title", title());
    m.put("text", text());
    m.put("samples", samples.stream().map(n -> {
      Map<String, Object> s = new LinkedHashMap<>();
      s.put("kind", n.kind());
      s.put("title", n.title());
      s.put("text", n.text());
      s.put("fields", n.fields());
      return s;
    }).toList());
    return m;
  }
}
