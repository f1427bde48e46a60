package com.awkhad.connector.spring;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The starter's settings, under {@code awkhad.connector} (every one is listed with its default
 * in {@code docs/spring.md}).
 *
 * <pre>
 * awkhad.connector.runner.enabled=true
 * awkhad.connector.runner.channels=root:4,root.shop:1
 * awkhad.connector.web.enabled=true
 * awkhad.connector.web.port=8069
 * </pre>
 */
@ConfigurationProperties("awkhad.connector")
public class ConnectorProperties {
  /** Whether the starter builds the connector at all. */
  private boolean enabled = true;
  /**
   * The addons to start, with their dependencies (technical names such as {@code connector_shop});
   * empty: every addon found on the class path.
   */
  private List<String> addons = new ArrayList<>();
  private final Runner runner = new Runner();
  private final Web web = new Web();
  private final Metrics metrics = new Metrics();
  private final Health health = new Health();

  public boolean isEnabled() {
    return enabled;
  }

  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  public List<String> getAddons() {
    return addons;
  }

  public void setAddons(List<String> addons) {
    this.addons = addons;
  }

  public Runner getRunner() {
    return runner;
  }

  public Web getWeb() {
    return web;
  }

  public Metrics getMetrics() {
    return metrics;
  }

  public Health getHealth() {
    return health;
  }

  /** The job runner inside the application. */
  public static class Runner {
    /** Whether this application runs jobs (otherwise it only enqueues them, for a runner elsewhere). */
    private boolean enabled = false;
    /** Channels and capacities, as {@code ./connector run --channels}; empty: {@code root:<workers>}. */
    private String channels = "";
    /** Worker threads; empty: the root channel's capacity. */
    private Integer workers;
    /** How long running jobs may take to finish when the application stops. */
    private Duration shutdownGrace = Duration.ofSeconds(15);
    /** Most jobs a worker runs in one transaction. */
    private int maxBatch = 32;

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    public String getChannels() {
      return channels;
    }

    public void setChannels(String channels) {
      this.channels = channels;
    }

    public Integer getWorkers() {
      return workers;
    }

    public void setWorkers(Integer workers) {
      this.workers = workers;
    }

    public Duration getShutdownGrace() {
      return shutdownGrace;
    }

    public void setShutdownGrace(Duration shutdownGrace) {
      this.shutdownGrace = shutdownGrace;
    }

    public int getMaxBatch() {
      return maxBatch;
    }

    public void setMaxBatch(int maxBatch) {
      this.maxBatch = maxBatch;
    }
  }

  /** The dashboard and REST API, served on a port of their own. */
  public static class Web {
    /** Whether to serve the dashboard, {@code /api}, {@code /health} and {@code /metrics}. */
    private boolean enabled = false;
    /** The address to listen on; another than loopback requires a token. */
    private String host = "127.0.0.1";
    /** The port (0: a free one). */
    private int port = 8069;
    /** The bearer token for the API and actions (at least 16 characters); none on loopback by default. */
    private String token;
    /** A token that may only read. */
    private String readToken;

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    public String getHost() {
      return host;
    }

    public void setHost(String host) {
      this.host = host;
    }

    public int getPort() {
      return port;
    }

    public void setPort(int port) {
      this.port = port;
    }

    public String getToken() {
      return token;
    }

    public void setToken(String token) {
      this.token = token;
    }

    public String getReadToken() {
      return readToken;
    }

    public void setReadToken(String readToken) {
      this.readToken = readToken;
    }

    @Override
    public String toString() {
      return "Web[host=" + host + ", port=" + port + ", token=" + (token == null ? "none" : "***") + "]";
    }
  }

  /** The connector's meters in the application's Micrometer registry. */
  public static class Metrics {
    /** Whether to register them (when the application has a {@code MeterRegistry}). */
    private boolean enabled = true;

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }
  }

  /** The connector's part of Actuator's health. */
  public static class Health {
    /** Whether to contribute the {@code awkhadConnector} health indicator (when Actuator is present). */
    private boolean enabled = true;
    /** Failed jobs at or above which the indicator reports DOWN; 0: failed jobs never make it DOWN. */
    private int failedJobsDown = 0;

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    public int getFailedJobsDown() {
      return failedJobsDown;
    }

    public void setFailedJobsDown(int failedJobsDown) {
      this.failedJobsDown = failedJobsDown;
    }
  }
}
