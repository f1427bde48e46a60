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
    subcommands = {VersionCommand.class, AddonsCommand.class, DemoCommand.class, JobsCommand.class, RunCommand.class,
        BenchCommand.class, NewCommand.class, BackendsCommand.class, ImportCommand.class, ExportCommand.class})
public final class ConnectorCommand implements Runnable {

  @Option(
      names = "--db",
      scope = ScopeType.INHERIT,
      paramLabel = "JDBC_URL",
      description = "Database URL (default: $CONNECTOR_DB_URL, else an embedded H2 file under ./var/).")
  String dbUrl;

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

  /** The database configuration from --db, the environment and --config, in that order. */
  DatabaseConfig databaseConfig() {
    return DatabaseConfig.resolve(dbUrl, System.getenv(), configFile);
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
