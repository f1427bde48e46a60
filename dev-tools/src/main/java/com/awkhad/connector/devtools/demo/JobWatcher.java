package com.awkhad.connector.devtools.demo;

import com.awkhad.connector.base.text.ControlChars;
import com.awkhad.connector.queue.Queue;
import com.awkhad.connector.queue.read.JobFilter;
import com.awkhad.connector.queue.job.JobRecord;
import com.awkhad.connector.queue.job.JobState;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Polls the queue and reports each job state change it sees as one line: a new job, a state
 * change, a try that failed and will be retried. Polling shows the states a job holds at the
 * moments it looks (a job that goes from pending to done between two looks shows as that).
 */
final class JobWatcher {
  private record Seen(JobState state, int retry) {}

  private final Queue queue;
  private final Consumer<String> out;
  private final Map<String, Seen> seen = new HashMap<>();
  private final Map<String, Integer> numbers = new HashMap<>();

  JobWatcher(Queue queue, Consumer<String> out) {
    this.queue = queue;
    this.out = out;
  }

  /** Looks once at the newest jobs and reports what changed since the last look. */
  synchronized void poll() {
    List<JobRecord> jobs = new ArrayList<>(queue.admin().list(JobFilter.all(), 1000));
    jobs.sort(Comparator.comparingLong(JobRecord::id));
    for (JobRecord job : jobs) {
      Seen now = new Seen(job.state(), job.retry());
      Seen before = seen.put(job.uuid(), now);
      if (now.equals(before)) {
        continue;
      }
      String label = "job " + numbers.computeIfAbsent(job.uuid(), u -> numbers.size() + 1) + " " + label(job);
      if (before == null && job.retry() > 0 && job.state() == JobState.PENDING) {
        out.accept(String.format("%-60s retry %d%s", label, job.retry(), detail(job)));
      } else if (before == null) {
        out.accept(String.format("%-60s %s%s", label, job.state(), detail(job)));
      } else if (now.retry() > before.retry() && job.state() == JobState.PENDING) {
        out.accept(String.format("%-60s %s -> retry %d%s", label, before.state(), job.retry(), detail(job)));
      } else {
        out.accept(String.format("%-60s %s -> %s%s", label, before.state(), job.state(), detail(job)));
      }
    }
  }

  private static String label(JobRecord job) {
    String args = job.args() == null ? "" : job.args().replaceAll("^\\[|]$", "");
    String text = ControlChars.escape(job.methodName() + "(" + args + ")");
    return text.length() > 52 ? text.substring(0, 49) + "..." : text;
  }

  private static String detail(JobRecord job) {
    return ControlChars.escape(switch (job.state()) {
      case DONE -> job.result() == null ? "" : ": " + unquote(job.result());
      case FAILED -> ": " + job.excName() + ": " + job.excMessage();
      case PENDING -> job.retry() > 0 && job.excMessage() != null ? ": " + job.excMessage() : "";
      default -> "";
    });
  }

  private static String unquote(String json) {
    return json.length() > 1 && json.startsWith("\"") && json.endsWith("\"") ? json.substring(1, json.length() - 1) : json;
  }
}
