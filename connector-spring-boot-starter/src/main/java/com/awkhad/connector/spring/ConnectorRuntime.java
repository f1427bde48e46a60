package com.awkhad.connector.spring;

import com.awkhad.connector.base.env.Environment;
import com.awkhad.connector.queue.channel.ChannelConfig;
import com.awkhad.connector.queue.runner.Runner;
import com.awkhad.connector.queue.runner.RunnerOptions;
import com.awkhad.connector.server.web.WebServer;
import com.awkhad.connector.server.web.WebSettings;
import com.awkhad.connector.server.web.metrics.Metrics;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;

/**
 * What the connector runs inside the application, started once the application context is
 * refreshed and stopped before its beans are destroyed: the job runner
 * ({@code awkhad.connector.runner.enabled}), the dashboard on its own port
 * ({@code awkhad.connector.web.enabled}), and the meters in the application's registry.
 *
 * <pre>{@code
 * Runner runner = context.getBean(ConnectorRuntime.class).runner(); // null when not enabled
 * }</pre>
 */
public final class ConnectorRuntime implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(ConnectorRuntime.class);

  private final Environment env;
  private final ConnectorProperties properties;
  private final ObjectProvider<MeterRegistry> registries;
  private volatile Runner runner;
  private volatile WebServer web;
  private volatile Metrics metrics;
  private volatile boolean running;

  public ConnectorRuntime(Environment env, ConnectorProperties properties, ObjectProvider<MeterRegistry> registries) {
    this.env = env;
    this.properties = properties;
    this.registries = registries;
  }

  @Override
  public synchronized void start() {
    try {
      ConnectorProperties.Runner r = properties.getRunner();
      if (r.isEnabled()) {
        ChannelConfig channels;
        try {
          channels = ChannelConfig.parse(r.getChannels() == null ? "" : r.getChannels(),
              r.getWorkers() == null ? 4 : r.getWorkers());
        } catch (RuntimeException e) {
          throw new IllegalArgumentException(e.getMessage() + " (from awkhad.connector.runner.channels)", e);
        }
        RunnerOptions options = RunnerOptions.of(channels).withMaxBatch(r.getMaxBatch())
            .withShutdownGrace(r.getShutdownGrace());
        if (r.getWorkers() != null) {
          options = options.withWorkers(r.getWorkers());
        }
        runner = Runner.start(env, options);
      }
      ConnectorProperties.Web w = properties.getWeb();
      if (w.isEnabled()) {
        WebSettings settings = new WebSettings(w.getHost(), w.getPort(), blankToNull(w.getToken()))
            .withReadToken(blankToNull(w.getReadToken()));
        web = WebServer.start(env, settings, runner);
      }
      MeterRegistry registry = properties.getMetrics().isEnabled() ? registries.getIfAvailable() : null;
      if (registry != null) {
        metrics = Metrics.bindTo(registry, env, runner);
      }
      running = true;
    } catch (RuntimeException e) {
      stop();
      throw e;
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }

  @Override
  public synchronized void stop() {
    running = false;
    if (metrics != null) {
      metrics.close();
      metrics = null;
    }
    if (web != null) {
      web.close();
      web = null;
    }
    if (runner != null) {
      try {
        runner.close();
      } catch (RuntimeException e) {
        log.warn("The connector's runner did not stop cleanly", e);
      }
      runner = null;
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  /** Stops before the web server and data source of the application (which stop in later phases). */
  @Override
  public int getPhase() {
    return Integer.MAX_VALUE - 1000;
  }

  /** This application's runner, or null when {@code awkhad.connector.runner.enabled} is false. */
  public Runner runner() {
    return runner;
  }

  /** The dashboard, or null when {@code awkhad.connector.web.enabled} is false. */
  public WebServer web() {
    return web;
  }
}
