package com.awkhad.connector.queue.admin;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One line saying what a run-now did, for the command line, the API and the dashboard:
 * {@code 3 jobs set to run now (2 waiting to retry, 1 scheduled); 1 not changed (1 failed)}.
 */
public final class RunNowSummary {
  private RunNowSummary() {}

  public static String of(List<AdminResult> results) {
    if (results.isEmpty()) {
      return "No job set to run now.";
    }
    Map<String, Long> changed = count(results, true);
    Map<String, Long> refused = count(results, false);
    long nChanged = changed.values().stream().mapToLong(Long::longValue).sum();
    long nRefused = refused.values().stream().mapToLong(Long::longValue).sum();
    StringBuilder out = new StringBuilder(jobs(nChanged)).append(" set to run now");
    if (nChanged > 0) {
      out.append(" (").append(parts(changed)).append(')');
    }
    if (nRefused > 0) {
      out.append("; ").append(nRefused).append(" not changed (").append(parts(refused)).append(')');
    }
    return out.toString();
  }

  private static Map<String, Long> count(List<AdminResult> results, boolean changed) {
    Map<String, Long> m = new LinkedHashMap<>();
    if (changed) {
      m.put(AdminResult.RETRYING, 0L);
      m.put(AdminResult.SCHEDULED, 0L);
      m.put(AdminResult.DUE, 0L);
    }
    for (AdminResult r : results) {
      if (r.changed() == changed) {
        m.merge(r.was() == null ? "other" : r.was(), 1L, Long::sum);
      }
    }
    m.values().removeIf(n -> n == 0);
    return m;
  }

  private static String parts(Map<String, Long> counts) {
    return counts.entrySet().stream().map(e -> e.getValue() + " " + label(e.getKey())).collect(Collectors.joining(", "));
  }

  private static String label(String was) {
    return switch (was) {
      case AdminResult.RETRYING -> "waiting to retry";
      case AdminResult.SCHEDULED -> "scheduled";
      case AdminResult.DUE -> "already due";
      case AdminResult.MISSING -> "unknown";
      default -> was;
    };
  }

  private static String jobs(long n) {
    return n + (n == 1 ? " job" : " jobs");
  }
}
