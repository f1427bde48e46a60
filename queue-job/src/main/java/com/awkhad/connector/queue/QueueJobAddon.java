package com.awkhad.connector.queue;

import com.awkhad.connector.base.addon.Addon;
import com.awkhad.connector.base.addon.Manifest;
import com.awkhad.connector.base.addon.Versions;
import com.awkhad.connector.base.env.Environment;
import com.awkhad.connector.queue.admin.JobAdmin;
import com.awkhad.connector.queue.delay.Delayer;
import com.awkhad.connector.queue.exec.JobExecutor;
import java.time.Clock;

/**
 * The {@code queue_job} addon: the durable job store. On start it registers the {@link Queue}
 * facade, its {@link JobExecutor} and {@link JobAdmin} as services of the environment.
 *
 * <pre>{@code
 * Queue queue = env.service(Queue.class);
 * JobExecutor executor = env.service(JobExecutor.class);
 * }</pre>
 */
public final class QueueJobAddon implements Addon {
  public static final String NAME = "queue_job";

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
  }
}
