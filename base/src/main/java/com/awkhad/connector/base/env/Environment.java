package com.awkhad.connector.base.env;

import com.awkhad.connector.base.db.Database;
import com.awkhad.connector.base.db.DatabaseConfig;
import com.awkhad.connector.base.db.Migrations;
import com.awkhad.connector.base.event.RecordEvents;
import com.awkhad.connector.base.model.ModelRegistry;
import com.awkhad.connector.base.model.Records;
import com.awkhad.connector.base.settings.Settings;
import com.awkhad.connector.base.tx.OuterTransactions;
import com.awkhad.connector.base.tx.Transactions;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A started application: one database, the resolved addons, their models, and the services
 * addons attach to it (the job queue, the component registry...).
 *
 * <pre>{@code
 * List<Addon> addons = AddonLoader.resolve(AddonLoader.discover(), List.of("queue_job"));
 * try (Environment env = Environment.start(DatabaseConfig.resolve(null, System.getenv(), null), addons)) {
 *   env.tx().run(c -> ...);
 * }
 * }</pre>
 *
 * <p>Start-up: open the pool, apply every addon's migrations in order, let each addon register
 * its models (each definition creates its table or adds its new columns, after the migrations:
 * see {@code ModelRegistry}), call each addon's {@link AddonHooks#start}, then open the
 * record-event bus. The environment sees the addons ({@code com.awkhad.connector.base.addon.Addon})
 * through {@link AddonHooks}: it needs nothing of the addon package.
 */
public final class Environment implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Environment.class);

  private final Database database;
  private final Settings settings;
  private final Transactions tx;
  private final List<AddonHooks> addons;
  private final ModelRegistry models;
  private final RecordEvents recordEvents = new RecordEvents();
  private final Map<Class<?>, Object> services = new ConcurrentHashMap<>();
  private final Deque<AutoCloseable> closeables = new ArrayDeque<>();
  private final List<RunnerService> runnerServices = new java.util.concurrent.CopyOnWriteArrayList<>();
  private volatile boolean closed;

  private Environment(Database database, List<? extends AddonHooks> addons, OuterTransactions outer, Settings settings) {
    this.database = database;
    this.settings = java.util.Objects.requireNonNull(settings, "settings");
    this.tx = new Transactions(database.dataSource(), outer);
    tx.boundNestedLockWaits(database.dialect().localLockTimeoutSql(Transactions.NESTED_LOCK_TIMEOUT));
    this.addons = List.copyOf(addons);
    this.models = new ModelRegistry(tx, recordEvents, database.dialect());
  }

  /**
   * Opens the database and starts {@code addons}, which must already be in dependency order
   * (see {@link com.awkhad.connector.base.addon.AddonLoader#resolve}). The addons get this
   * process's settings ({@link Settings#fromProcess()}, read now).
   */
  public static Environment start(DatabaseConfig config, List<? extends AddonHooks> addons) {
    return start(Database.open(config), addons, OuterTransactions.NONE, Settings.fromProcess());
  }

  /**
   * Starts {@code addons} on a database already open, for example an application's data source
   * ({@link Database#of}), whose transactions our blocks join through {@code outer}
   * ({@link OuterTransactions#NONE}: none). Closing the environment closes {@code database}
   * (which leaves an application's pool open).
   *
   * <pre>{@code
   * Environment env = Environment.start(Database.of(dataSource, 10), addons, OuterTransactions.NONE);
   * }</pre>
   *
   * <p>The addons get this process's settings ({@link Settings#fromProcess()}, read now).
   */
  public static Environment start(Database db, List<? extends AddonHooks> addons, OuterTransactions outer) {
    return start(db, addons, outer, Settings.fromProcess());
  }

  /**
   * Like {@link #start(Database, List, OuterTransactions)}, the addons reading their settings
   * from {@code settings} instead of this process's environment variables and system properties.
   *
   * <pre>{@code
   * Environment env = Environment.start(db, addons, OuterTransactions.NONE, Settings.of(Map.of("CONNECTOR_WAKE_HINTS", "off")));
   * }</pre>
   */
  public static Environment start(
      Database db, List<? extends AddonHooks> addons, OuterTransactions outer, Settings settings) {
    Environment env = new Environment(db, addons, outer, settings);
    try {
      for (AddonHooks addon : addons) {
        Migrations.apply(db, addon.technicalName(), addon.getClass().getClassLoader());
      }
      for (AddonHooks addon : addons) {
        addon.registerModels(env.models);
      }
      for (AddonHooks addon : addons) {
        addon.start(env);
      }
    } catch (RuntimeException e) {
      env.close();
      throw e;
    }
    env.recordEvents.markReady();
    log.info("Environment started on {} with addons {}", db.safeUrl(),
        addons.stream().map(AddonHooks::technicalName).toList());
    return env;
  }

  public Database database() {
    return database;
  }

  /**
   * The settings the addons read at start-up (environment variables and system properties, read
   * once when the environment started, or those it was given): addons read theirs here, never
   * from {@link System#getenv}.
   */
  public Settings settings() {
    return settings;
  }

  /** The transaction API: {@code env.tx().inTransaction(c -> ...)}. */
  public Transactions tx() {
    return tx;
  }

  /**
   * The started addons that are a {@code kind}, in dependency order: {@code env.addons(Addon.class)}
   * for all of them, or a module's hook interface ({@code env.addons(BackendTypeProvider.class)}).
   */
  public <A> List<A> addons(Class<A> kind) {
    return addons.stream().filter(kind::isInstance).map(kind::cast).toList();
  }

  /** True when the addon named {@code technicalName} was started. */
  public boolean hasAddon(String technicalName) {
    return addons.stream().anyMatch(a -> a.technicalName().equals(technicalName));
  }

  public ModelRegistry models() {
    return models;
  }

  /**
   * Record access for the model named {@code name}: {@code env.model("res.partner").create(...)}.
   *
   * @throws com.awkhad.connector.base.model.ModelException listing the known models when there is none
   */
  public Records model(String name) {
    return models.records(name);
  }

  public RecordEvents recordEvents() {
    return recordEvents;
  }

  /** Attaches a service (one instance per type), typically from an addon's {@code start}. */
  public <T> void register(Class<T> type, T service) {
    Object previous = services.putIfAbsent(type, service);
    if (previous != null && previous != service) {
      throw new IllegalStateException("A " + type.getSimpleName() + " is already registered on this environment");
    }
  }

  /** Whether an addon registered a service for {@code type} (for optional wiring, e.g. the connector's circuits). */
  public boolean hasService(Class<?> type) {
    return services.containsKey(type);
  }

  /**
   * The service registered for {@code type}.
   *
   * @throws IllegalStateException naming the type when no addon registered it
   */
  public <T> T service(Class<T> type) {
    Object s = services.get(type);
    if (s == null) {
      throw new IllegalStateException(
          "No " + type.getSimpleName() + " in this environment: is the addon that provides it started?"
              + " Started addons: " + addons.stream().map(AddonHooks::technicalName).toList());
    }
    return type.cast(s);
  }

  /** Registers work that each job runner of this process starts and stops with itself (see {@link RunnerService}). */
  public void addRunnerService(RunnerService service) {
    runnerServices.add(java.util.Objects.requireNonNull(service, "service"));
  }

  /** The services registered with {@link #addRunnerService}, in registration order. */
  public List<RunnerService> runnerServices() {
    return List.copyOf(runnerServices);
  }

  /** Closes {@code resource} when the environment closes, in reverse order of registration. */
  public void onClose(AutoCloseable resource) {
    synchronized (closeables) {
      closeables.push(resource);
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    synchronized (closeables) {
      while (!closeables.isEmpty()) {
        try {
          closeables.pop().close();
        } catch (Exception e) {
          log.warn("Error while closing the environment", e);
        }
      }
    }
    database.close();
  }
}
