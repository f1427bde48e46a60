package com.awkhad.connector.server.web.api;

import com.awkhad.connector.queue.job.JobRecord;
import com.awkhad.connector.queue.job.JobState;
import com.awkhad.connector.queue.read.JobFilter;
import com.awkhad.connector.queue.read.JobReads;
import com.awkhad.connector.queue.store.JobTries;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** How jobs are shown in API responses: a row of a list, or one job in full. */
final class JobViews {
  private static final int LINE = 500;
  private static final int ARGS_IN_LIST = 200;

  private JobViews() {}

  static Map<String, Object> summary(JobRecord j) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("uuid", j.uuid());
    m.put("description", j.description());
    m.put("function", j.funcName());
    m.put("method", j.methodName());
    m.put("args", clip(j.args(), ARGS_IN_LIST));
    m.put("state", j.state().dbValue());
    m.put("channel", j.channel());
    m.put("priority", j.priority());
    m.put("retry", j.retry());
    m.put("maxRetries", j.maxRetries());
    m.put("eta", j.eta());
    m.put("dateCreated", j.dateCreated());
    m.put("dateStarted", j.dateStarted());
    m.put("dateDone", j.dateDone());
    m.put("dateCancelled", j.dateCancelled());
    boolean showError = j.state() != JobState.DONE && (j.excName() != null || j.excMessage() != null);
    m.put("excName", showError ? j.excName() : null);
    m.put("error", showError ? clip(JobFilter.firstLine(j.excMessage()), LINE) : null);
    m.put("workerId", j.workerId());
    m.put("graphUuid", j.graphUuid());
    m.put("dateFailed", j.dateFailed());
    return m;
  }

  /**
   * The job's history, oldest first: the stored tries that did not succeed and the operators'
   * actions, then the try running now or the one that succeeded (read from the job's own row).
   */
  static List<Map<String, Object>> history(JobRecord j, List<JobTries.Entry> entries) {
    List<Map<String, Object>> out = new java.util.ArrayList<>();
    for (JobTries.Entry e : entries) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("kind", e.kind());
      m.put("try", e.tryNumber());
      m.put("outcome", e.outcome());
      m.put("startedAt", e.startedAt());
      m.put("endedAt", e.endedAt());
      m.put("workerId", e.workerId());
      m.put("by", e.actor());
      m.put("excName", e.excName());
      m.put("error", e.excMessage() == null ? null : JobFilter.firstLine(e.excMessage()));
      m.put("message", e.excMessage());
      m.put("traceback", e.excInfo());
      out.add(m);
    }
    boolean running = j.state() == JobState.STARTED;
    boolean succeeded = j.state() == JobState.DONE && !j.setDoneByHand() && j.dateDone() != null;
    if (running || succeeded) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("kind", "try");
      m.put("try", running ? j.retry() + 1 : j.retry());
      m.put("outcome", running ? "running" : "done");
      m.put("startedAt", j.dateStarted());
      m.put("endedAt", running ? null : j.dateDone());
      m.put("workerId", j.workerId());
      out.add(m);
    }
    return out;
  }

  /** Everything about one job: arguments, error and full trace, tries, dates, graph, runner, allowed actions. */
  static Map<String, Object> detail(JobRecord j, JobReads.Around around, Map<String, Object> runner) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("uuid", j.uuid());
    m.put("description", j.description());
    m.put("function", j.funcName());
    m.put("targetClass", j.targetClass());
    m.put("method", j.methodName());
    m.put("arguments", Json.tree(j.args()));
    m.put("state", j.state().dbValue());
    m.put("channel", j.channel());
    m.put("priority", j.priority());
    m.put("retry", j.retry());
    m.put("maxRetries", j.maxRetries());
    m.put("triesLeft", j.maxRetries() == 0 ? null : Math.max(0, j.maxRetries() - j.retry()));
    m.put("eta", j.eta());
    m.put("identityKey", j.identityKey());
    m.put("context", j.jobContext().asMap());
    m.put("batchId", j.batchId());
    m.put("dateCreated", j.dateCreated());
    m.put("dateEnqueued", j.dateEnqueued());
    m.put("dateStarted", j.dateStarted());
    m.put("dateDone", j.dateDone());
    m.put("dateCancelled", j.dateCancelled());
    m.put("execTimeSeconds", j.execTime());
    m.put("result", Json.tree(j.result()));
    if (j.excName() != null || j.excMessage() != null || j.excInfo() != null) {
      Map<String, Object> error = new LinkedHashMap<>();
      error.put("excName", j.excName());
      error.put("firstLine", JobFilter.firstLine(j.excMessage()));
      error.put("message", j.excMessage());
      error.put("traceback", j.excInfo());
      error.put("current", j.state() != JobState.DONE);
      // done after a failed try, or set done by hand while failed: the page heads the error by which
      error.put("standing", j.state() != JobState.DONE ? "current" : j.setDoneByHand() ? "set-done" : "recovered");
      m.put("error", error);
    } else {
      m.put("error", null);
    }
    m.put("workerId", j.workerId());
    m.put("runner", runner);
    m.put("graphUuid", j.graphUuid());
    m.put("dependsOn", briefs(around.dependsOn()));
    m.put("dependents", briefs(around.dependents()));
    m.put("graph", graph(around.graph()));
    m.put("functionConfig", function(around.function()));
    m.put("actions", actions(j.state()));
    m.put("dateFailed", j.dateFailed());
    return m;
  }

  private static List<Map<String, Object>> briefs(List<JobReads.Brief> jobs) {
    List<Map<String, Object>> out = new java.util.ArrayList<>();
    for (JobReads.Brief b : jobs) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("uuid", b.uuid());
      m.put("description", b.description());
      m.put("state", b.state());
      m.put("function", b.function());
      out.add(m);
    }
    return out;
  }

  /** The job's graph: size and counts per state, and its jobs and edges when it is small enough to list. */
  private static Map<String, Object> graph(JobReads.Graph g) {
    if (g == null) {
      return null;
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("uuid", g.uuid());
    m.put("size", g.size());
    m.put("countsByState", g.countsByState());
    m.put("listed", g.listed());
    if (g.listed()) {
      m.put("jobs", briefs(g.jobs()));
      m.put("edges", g.edges());
    }
    return m;
  }

  private static Map<String, Object> function(JobReads.FunctionSettings f) {
    if (f == null) {
      return null;
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", f.name());
    m.put("channel", f.channel());
    m.put("retryPattern", Json.tree(f.retryPattern()));
    m.put("timeoutSeconds", f.timeoutSeconds());
    return m;
  }

  /** What an operator may do with a job in {@code state} (as {@code JobAdmin} allows it). */
  static Map<String, Boolean> actions(JobState state) {
    Map<String, Boolean> m = new LinkedHashMap<>();
    m.put("run-now", state == JobState.PENDING);
    m.put("requeue", state == JobState.FAILED || state == JobState.CANCELLED || state == JobState.DONE);
    m.put("cancel", state != JobState.DONE && state != JobState.CANCELLED && state != JobState.STARTED);
    m.put("done", state != JobState.DONE && state != JobState.STARTED);
    return m;
  }

  static List<String> actionNames() {
    return List.of("run-now", "requeue", "cancel", "done");
  }

  private static String clip(String s, int max) {
    if (s == null || s.length() <= max) {
      return s;
    }
    return s.substring(0, max - 1) + "…";
  }
}
