package com.awkhad.connector.base.db;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies each addon's Flyway migrations, in addon order. An addon's scripts live in
 * {@code classpath:db/<technical_name>/common} (SQL both databases accept) and
 * {@code classpath:db/<technical_name>/<dialect>} ({@code h2} or {@code postgresql}); each addon
 * has its own history table {@code schema_history_<technical_name>}, so addons version their
 * schema independently.
 *
 * <p>Tables of models come from the models' definitions (see {@code base.model.ModelRegistry}),
 * made after the migrations; migrations are for data and for what a definition cannot say. A
 * migration already applied and since deleted from the addon (a V1 that created a model's table,
 * now the definition's job) is tolerated: the history keeps its row, the script is not needed again.
 */
public final class Migrations {
  private static final Logger log = LoggerFactory.getLogger(Migrations.class);

  private Migrations() {}

  /**
   * Applies the migrations of addon {@code addon} (its technical name) found by {@code loader}
   * (the addon class's); nothing when it has none. The environment calls it for each addon in
   * order: this package knows no addon type, so that it does not depend on the addons' package.
   */
  public static void apply(Database db, String addon, ClassLoader loader) {
    String base = "db/" + addon + "/";
    if (loader.getResource(base + "common") == null && loader.getResource(base + db.dialect().id()) == null) {
      return; // no migrations for this addon
    }
    Flyway flyway = Flyway.configure(loader)
        .dataSource(db.dataSource())
        .locations("classpath:" + base + "common", "classpath:" + base + db.dialect().id())
        .table("schema_history_" + addon)
        .baselineOnMigrate(true)
        .baselineVersion("0")
        .failOnMissingLocations(false)
        // deleted scripts that ran once are fine (see the class comment); scripts newer than this code too
        .ignoreMigrationPatterns("*:missing", "*:future")
        .load();
    try {
      MigrateResult result = flyway.migrate();
      if (result.migrationsExecuted > 0) {
        log.info("Addon {}: applied {} migration(s), schema now at version {}", addon, result.migrationsExecuted, result.targetSchemaVersion);
      }
    } catch (FlywayException e) {
      throw new DatabaseException(
          "Migration of addon '" + addon + "' failed on " + db.safeUrl() + ": " + e.getMessage()
              + "\nFix the script named above (under src/main/resources/" + base + "), or repair the database"
              + " (its history table is schema_history_" + addon + ").", e);
    }
  }
}
