package com.awkhad.connector.queue.notify;

import com.awkhad.connector.base.env.Environment;
import com.awkhad.connector.queue.Queue;
import com.awkhad.connector.queue.job.JobFunction;
import com.awkhad.connector.queue.job.JobOptions;
import com.awkhad.connector.queue.job.RetryPattern;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns notifications on in a process: registers its targets, makes each digest a delivery job
 * per target (durable, retried with backoff, visible on the dashboard), and notifies every final
 * job failure this process records. The notifier closes with the environment, sending what is
 * still grouped.
 *
 * <pre>{@code
 * Notifier notifier = Notifications.start(env, List.of(new WebhookTarget("ops", uri, Format.JSON)),
 *     Duration.ofSeconds(30), 5, runner.workerId());
 * // another event source: a few lines
 * breaker.onStateChange((backend, state) -> notifier.post(Notice.of("backend.circuit_" + state, ...)));
 * }</pre>
 */
public final class Notifications {
  private static final Logger log = LoggerFactory.getLogger(Notifications.class);

  /** The channel of the delivery jobs; configure e.g. {@code root.notify:1} to give them their own slot. */
  public static final String CHANNEL = "root.notify";
  /** 10 s, 30 s, 1 min, 5 min, then 10 min between tries, each with some jitter. */
  public static final RetryPattern RETRY_PATTERN = RetryPattern.builder().after(1, 8, 12).after(2, 25, 35)
      .after(3, 50, 70).after(4, 270, 330).after(5, 540, 660).build();
  /** Tries of a delivery job: with the pattern above, about 2.5 hours of trying. */
  public static final int MAX_RETRIES = 20;
  /** Ahead of the jobs of the backlog an outage leaves in the same channel. */
  public static final int PRIORITY = 0;

  private Notifications() {}

  /**
   * Starts notifications on {@code env} (whose queue_job addon started).
   *
   * @param targets where digests go; each gets its own delivery job
   * @param window the grouping window per group key (zero: each notice on its own)
   * @param samples how many notices a digest lists in full
   * @param source this process's name in the messages (the runner's id)
   * @throws IllegalArgumentException when no target is given or two share a name
   */
  public static Notifier start(Environment env, List<? extends NoticeTarget> targets, Duration window, int samples,
      String source) {
    if (targets.isEmpty()) {
      throw new IllegalArgumentException("Notifications need at least one target (a webhook or a mail address)");
    }
    NoticeTargets registry = new NoticeTargets(targets);
    Queue queue = env.service(Queue.class);
    defineDeliveryFunction(queue);
    env.register(NoticeTargets.class, registry);
    Notifier notifier = new Notifier(window, samples, source, digest -> enqueue(env, queue, registry, digest));
    JobFailureNotices failures = new JobFailureNotices(notifier);
    queue.executor().addOutcomeListener(failures);
    env.onClose(() -> {
      queue.executor().removeOutcomeListener(failures);
      notifier.close();
    });
    log.info("Notifications on: {}; grouped per {} s", registry.all().stream().map(NoticeTarget::describe).toList(),
        window.toSeconds());
    return notifier;
  }

  /** The options of the delivery job of {@code digest} to {@code target}. */
  public static JobOptions jobOptions(Digest digest, String target) {
    return JobOptions.defaults().channel(CHANNEL).priority(PRIORITY).maxRetries(MAX_RETRIES)
        .description("Notify " + target + ": " + digest.title());
  }

  /** Sets the delivery function's retry pattern and channel unless someone configured it already. */
  private static void defineDeliveryFunction(Queue queue) {
    JobFunction current = queue.function(NotifyJobs.class, "deliver");
    if (current.equals(JobFunction.defaultsFor(current.name()))) {
      queue.define(JobFunction.of(NotifyJobs.class, "deliver").withChannel(CHANNEL).withRetryPattern(RETRY_PATTERN));
    }
  }

  private static void enqueue(Environment env, Queue queue, NoticeTargets targets, Digest digest) {
    env.tx().run(c -> {
      for (NoticeTarget t : targets.all()) {
        queue.delay(NotifyJobs.class, jobOptions(digest, t.name())).deliver(t.name(), digest);
      }
    });
  }
}
