package com.awkhad.connector.queue.related;

import com.awkhad.connector.queue.job.JobRecord;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The related actions by job function, then by job class: {@link #describe} finds the hook for a
 * job. A function whose {@code related_action} setting is {@code {"enable": false}} has none.
 *
 * <pre>{@code
 * RelatedActions related = queue.relatedActions();
 * related.forClass(ConnectorJobs.class, new ConnectorRelatedAction(env));   // every connector job
 * related.forFunction("<coffee.order.binding>.importRecord", job -> ...);    // one function, first
 * related.describe(job);   // Optional[RelatedRecord[words=import coffee.order.binding 1027 from 'Kitchen', ...]]
 * }</pre>
 */
public final class RelatedActions {
  private final Map<String, RelatedAction> byFunction = new ConcurrentHashMap<>();
  private final Map<String, RelatedAction> byClass = new ConcurrentHashMap<>();
  private final Function<String, String> settingOf;

  /** @param settingOf a job function's {@code related_action} setting (JSON) by name, null for none */
  public RelatedActions(Function<String, String> settingOf) {
    this.settingOf = settingOf;
  }

  public void forFunction(String functionName, RelatedAction action) {
    byFunction.put(functionName, action);
  }

  public void forClass(Class<?> type, RelatedAction action) {
    byClass.put(type.getName(), action);
  }

  /**
   * What {@code job} is about, by the hook of its function, else of its class; empty when it has
   * none or its function turns it off.
   *
   * @throws RuntimeException what the hook threw (the caller says it, the job page stays)
   */
  public Optional<RelatedRecord> describe(JobRecord job) {
    String setting = settingOf.apply(job.funcName());
    if (setting != null && setting.replace(" ", "").contains("\"enable\":false")) {
      return Optional.empty();
    }
    RelatedAction action = byFunction.getOrDefault(job.funcName(), byClass.get(job.targetClass()));
    return action == null ? Optional.empty() : action.describe(job);
  }
}
