package com.awkhad.connector.queue;

import com.awkhad.connector.base.addon.Addon;
import com.awkhad.connector.base.addon.Manifest;
import com.awkhad.connector.base.addon.Versions;
import com.awkhad.connector.base.env.Environment;
import com.awkhad.connector.queue.admin.JobAdmin;
import com.awkhad.connector.queue.delay.Delayer;
import com.awkhad.connector.queue.exec.JobExecutor;
import com.awkhad.connector.queue.function.JobFunctionProvider;
import com.awkhad.connector.base.db.Dialect;
import com.awkhad.connector.queue.wake.WakeHints;
import java.io.IOException;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code queue_job} addon: the durable job store. On start it registers the {@link Queue}
 * facade, its {@link JobExecutor} and {@link JobAdmin} as services of the environment, and the job
 * function settings every addon declares ({@link JobFunctionProvider}).
 *
 * <pre>{@code
 * Queue queue = env.service(Queue.class);
 * JobExecutor executor = env.service(JobExecutor.class);
 * }</pre>
 */
public final class QueueJobAddon implements Addon {
  public static final String NAME = "queue_job";
  /** Environment variable turning the wake hints off in an enqueuing process ({@code off}). */
  public static final String WAKE_HINTS_ENV = "CONNECTOR_WAKE_HINTS";
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
    String flag = System.getenv(Delayer.NO_DELAY_ENV);
    if (flag == null) {
      flag = System.getProperty("connector.queue.noDelay");
    }
    boolean noDelay = flag != null && (flag.equals("1") || flag.equalsIgnoreCase("true"));
    Queue queue = new Queue(env, Clock.systemUTC(), noDelay);
    env.register(Queue.class, queue);
    env.register(JobExecutor.class, queue.executor());
    env.register(JobAdmin.class, queue.admin());
    env.register(com.awkhad.connector.queue.store.JobStore.class, queue.store()); // its clock, for the batches
    env.register(com.awkhad.connector.base.env.BulkWrites.class, queue::batch);
    for (Addon addon : env.addons()) {
      if (addon instanceof JobFunctionProvider provider) {
        queue.declareFunctions(addon.manifest().technicalName(), provider.jobFunctions());
      }
    }
    if (env.database().dialect() == Dialect.POSTGRESQL && wakeHintsWanted()) {
      try {
        WakeHints hints = WakeHints.open(env.tx());
        queue.useWakeHints(hints);
        env.onClose(hints);
      } catch (IOException e) {
        log.warn("Wake hints disabled: no UDP socket could be opened ({}). Runners are still woken through"
            + " NOTIFY, about a millisecond later.", e.toString());
      }
    }
  }

  /**
   * Whether this process sends wake hints to the runners (PostgreSQL only): on unless
   * {@value #WAKE_HINTS_ENV} (or the system property {@code connector.queue.wakeHints}) is
   * {@code off}, {@code false} or {@code 0}.
   */
  static boolean wakeHintsWanted() {
    String flag = System.getenv(WAKE_HINTS_ENV);
    if (flag == null) {
      flag = System.getProperty("connector.queue.wakeHints");
    }
    if (flag == null || flag.isBlank()) {
      return true;
    }
    String f = flag.trim().toLowerCase(java.util.Locale.ROOT);
    if (f.equals("off") || f.equals("false") || f.equals("0")) {
      return false;
    }
    if (f.equals("on") || f.equals("true") || f.equals("1")) {
      return true;
    }
    throw new IllegalArgumentException(WAKE_HINTS_ENV + "=" + flag + " is not understood: use on or off");
  }
}
