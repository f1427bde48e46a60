package com.awkhad.connector.queue.notify;

import com.awkhad.connector.base.env.Environment;
import com.awkhad.connector.queue.job.RetryableJobError;

/**
 * The delivery job: sends one digest to one named target. Enqueued by {@link Notifications} on
 * channel {@value Notifications#CHANNEL}, one job per target, so that a webhook that is down
 * retries on its own without sending the mail again. A retryable {@link DeliveryException}
 * becomes a {@link RetryableJobError} (the server's Retry-After, else the retry pattern
 * {@link Notifications#RETRY_PATTERN}); any other ends the job in failed, which is never notified
 * (no loop).
 *
 * <pre>{@code
 * queue.delay(NotifyJobs.class, Notifications.jobOptions(digest, "ops")).deliver("ops", digest);
 * }</pre>
 */
public class NotifyJobs {
  private final Environment env;

  public NotifyJobs(Environment env) {
    this.env = env;
  }

  public void deliver(String target, Digest digest) {
    NoticeTargets targets;
    try {
      targets = env.service(NoticeTargets.class);
    } catch (IllegalStateException e) {
      throw new IllegalStateException("This process has no notification targets, so it cannot deliver to '" + target
          + "'. Configure the same notify.* settings on every runner of this database, then requeue this job.");
    }
    NoticeTarget t = targets.get(target).orElseThrow(() -> new IllegalStateException("This process has no notification"
        + " target named '" + target + "' (it has " + targets.all().stream().map(NoticeTarget::name).toList()
        + "). Configure the same notify.* settings on every runner of this database, then requeue this job."));
    try {
      t.send(digest);
    } catch (DeliveryException e) {
      if (e.retryable()) {
        throw new RetryableJobError(e.getMessage(), e.retryAfterSeconds());
      }
      throw new IllegalStateException(e.getMessage() + " Not retried: fix the target, then requeue this job.", e);
    }
  }
}
