package com.awkhad.connector.queue;

import com.awkhad.connector.base.addon.Addon;
import com.awkhad.connector.base.addon.Manifest;
import com.awkhad.connector.base.addon.Versions;
import com.awkhad.connector.base.env.Environment;
import com.awkhad.connector.queue.admin.JobAdmin;
import com.awkhad.connector.queue.exec.JobExecutor;
import com.awkhad.connector.queue.function.JobFunctionProvider;
import com.awkhad.connector.queue.wake.WakeHints;
import java.io.IOException;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code queue_job} addon: the durable job store. On start it registers the {@link Queue}
 * facade, its {@link JobExecutor} and {@link JobAdmin} as services of the environment, and the job
 * function settings every addon declares ({@link JobFunctionProvider}). Its own settings come from
 * the environment ({@link QueueSettings}).
 *
 * <pre>{@code
 * Queue queue = env.service(Queue.class);
 * JobExecutor executor = env.service(JobExecutor.class);
 * }</pre>
 */
public final class QueueJobAddon implements Addon {
  public static final String NAME = "queue_job";
  /** Environment variable turning the wake hints off in an enqueuing process: {@link QueueSettings#WAKE_HINTS_ENV}. */
  public static final String WAKE_HINTS_ENV = QueueSettings.WAKE_HINTS_ENV;
  private static final Logger log = LoggerFactory.getLogger(QueueJobAddon.class);

  @Override
  public Manifest manifest() {
    return Manifest.of(NAME, Versions.PROJECT)
        .name("Job Queue")
        .category("Generic Modules")
        .depends("base")
        .author("Awkhad Connector developers")
        .license("LGPL-3")
        .summary("Durable job queue: delayed calls, retries, identity keys, graphs")
        .build();
  }

  @Override
  public void start(Environment env) {
    QueueSettings settings = QueueSettings.from(env.settings());
    Queue queue = new Queue(env, Clock.systemUTC(), settings.noDelay());
    env.register(Queue.class, queue);
    env.register(JobExecutor.class, queue.executor());
    env.register(JobAdmin.class, queue.admin());
    env.register(com.awkhad.connector.queue.store.JobStore.class, queue.store()); // its clock, for the batches
    env.register(com.awkhad.connector.base.env.BulkWrites.class, queue::batch);
    for (Addon addon : env.addons(Addon.class)) {
      if (addon instanceof JobFunctionProvider provider) {
        queue.declareFunctions(addon.manifest().technicalName(), provider.jobFunctions());
      }
    }
    if (queue.store().dialect().sharesJobsWithOtherProcesses() && settings.wakeHints()) {
      try {
        WakeHints hints = WakeHints.open(env.tx(), settings.earlyWakeHints());
        queue.useWakeHints(hints);
        env.onClose(hints);
      } catch (IOException e) {
        log.warn("Wake hints disabled: no UDP socket could be opened ({}). Runners are still woken through"
            + " NOTIFY, about a millisecond later.", e.toString());
      }
    }
  }
}
