package com.awkhad.connector.queue.notify;

import com.awkhad.connector.base.text.Lines;
import com.awkhad.connector.queue.exec.Outcome;
import com.awkhad.connector.queue.exec.OutcomeListener;
import com.awkhad.connector.queue.job.JobFunction;
import com.awkhad.connector.queue.job.JobRecord;
import java.time.Duration;

/**
 * Turns a job's final failure (max retries reached, or an error that is not retryable) into a
 * {@link Notice} of kind {@value #KIND}, grouped per channel. The notice names the function, the
 * uuid, the channel, the tries and the error's first line, never the job's arguments. Failures of
 * the delivery job itself are not notified (that would loop).
 *
 * <pre>{@code
 * executor.addOutcomeListener(new JobFailureNotices(notifier));
 * }</pre>
 */
public final class JobFailureNotices implements OutcomeListener {
  public static final String KIND = "job.failed";
  static final String DELIVERY_FUNCTION = JobFunction.nameOf(NotifyJobs.class, "deliver");

  private final Notifier notifier;

  public JobFailureNotices(Notifier notifier) {
    this.notifier = notifier;
  }

  @Override
  public void recorded(JobRecord job, Outcome outcome, Duration runTime) {
    if (outcome instanceof Outcome.Failed f && !DELIVERY_FUNCTION.equals(job.funcName())) {
      notifier.post(notice(job, f));
    }
  }

  /** The notice for {@code job}'s final failure. */
  public static Notice notice(JobRecord job, Outcome.Failed f) {
    String error = f.excName() + ": " + firstLine(f.message());
    return Notice.of(KIND, "Job failed on " + job.channel() + ": " + shortName(job.funcName()))
        .withText(error)
        .withField("function", job.funcName())
        .withField("uuid", job.uuid())
        .withField("channel", job.channel())
        .withField("tries", f.retry() + (job.maxRetries() > 0 ? " of " + job.maxRetries() : ""))
        .withGroupKey(KIND + " " + job.channel());
  }

  /**
   * {@code com.example.ConnectorJobs.importRecord} as {@code ConnectorJobs.importRecord}; a
   * function keyed by model ({@code <coffee.product>.importRecord}) stays whole.
   */
  static String shortName(String funcName) {
    if (funcName.startsWith("<")) {
      return funcName;
    }
    int method = funcName.lastIndexOf('.');
    int type = method <= 0 ? -1 : funcName.lastIndexOf('.', method - 1);
    return funcName.substring(type + 1);
  }

  private static String firstLine(String s) {
    return s == null ? "" : Lines.first(s.strip()).strip();
  }
}
