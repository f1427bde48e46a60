package com.awkhad.connector.server;

import com.awkhad.connector.base.addon.Addon;
import com.awkhad.connector.base.addon.AddonLoader;
import com.awkhad.connector.base.db.DatabaseConfig;
import com.awkhad.connector.base.env.Environment;
import com.awkhad.connector.queue.Queue;
import com.awkhad.connector.queue.function.FunctionConfig;
import com.awkhad.connector.queue.job.JobFunction;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The root command; verbs are its subcommands. */
@Command(
    name = "connector",
    mixinStandardHelpOptions = true,
    versionProvider = VersionCommand.Provider.class,
    description = "Awkhad Connector for Java: keeps records in sync with external systems through a durable job queue.",
    subcommands = {VersionCommand.class, AddonsCommand.class, JobsCommand.class, RunCommand.class,
        BackendsCommand.class, ImportCommand.class, ExportCommand.class})
public final class ConnectorCommand implements Runnable {

  @Option(
      names = "--db",
      scope = ScopeType.INHERIT,
      paramLabel = "JDBC_URL",
      description = "Database URL (default: $CONNECTOR_DB_URL, else an embedded H2 file under ./var/). `run` takes it"
          + " several times to serve several databases from one process, one runner each.")
  List<String> dbUrls;

  @Option(
      names = "--config",
      scope = ScopeType.INHERIT,
      paramLabel = "FILE",
      description = "Properties file with db.url, db.user, db.password, db.pool_size, and job function settings"
          + " job.function.<name>.<setting> (see ./connector jobs functions).")
  Path configFile;

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** True when --db or --config was given (for verbs, such as {@code demo}, that bring their own database). */
  public boolean databaseOptionsGiven() {
    return dbUrls != null || configFile != null;
  }

  /** The database configuration from --db, the environment and --config, in that order. */
  public DatabaseConfig databaseConfig() {
    if (dbUrls != null && dbUrls.size() > 1) {
      throw new IllegalArgumentException("--db was given " + dbUrls.size() + " times: only `run` serves several"
          + " databases (one runner each). Give this command one --db.");
    }
    return DatabaseConfig.resolve(dbUrl(), System.getenv(), configFile);
  }

  /**
   * For {@code run}: one configuration per --db (user, password and pool size from the
   * environment and --config, as for one), or the one {@link #databaseConfig()} gives.
   *
   * @throws IllegalArgumentException when a URL is given twice
   */
  List<DatabaseConfig> databaseConfigs() {
    if (dbUrls == null || dbUrls.size() < 2) {
      return List.of(databaseConfig());
    }
    java.util.Set<String> seen = new java.util.HashSet<>();
    List<DatabaseConfig> out = new java.util.ArrayList<>();
    for (String url : dbUrls) {
      DatabaseConfig c = DatabaseConfig.resolve(url, System.getenv(), configFile);
      if (!seen.add(c.url())) {
        throw new IllegalArgumentException("--db " + c.safeUrl() + " was given twice: give each database once");
      }
      out.add(c);
    }
    return out;
  }

  /** The one --db given, or null. */
  String dbUrl() {
    return dbUrls == null || dbUrls.isEmpty() ? null : dbUrls.get(0);
  }

  /**
   * Starts every installable addon on the class path against the configured database, with the
   * --config file's job function settings.
   */
  Environment startEnvironment() {
    List<JobFunction> functions = functionSettings();
    List<Addon> addons = AddonLoader.resolve(AddonLoader.discover());
    Environment env = Environment.start(databaseConfig(), addons);
    configureFunctions(env, functions);
    return env;
  }

  /**
   * The job function settings of the --config file ({@code job.function.<name>.<setting>}); none
   * without one. Read before the database is opened, so that a mistake stops the command first.
   */
  List<JobFunction> functionSettings() {
    if (configFile == null) {
      return List.of();
    }
    return FunctionConfig.parse(DatabaseConfig.readFile(configFile), configFile.toString());
  }

  /** Hands {@code functions} (from {@link #functionSettings()}) to the queue of {@code env}. */
  void configureFunctions(Environment env, List<JobFunction> functions) {
    if (configFile != null) {
      Path name = configFile.getFileName();
      env.service(Queue.class).configureFunctions(name == null ? configFile.toString() : name.toString(), functions);
    }
  }
}
