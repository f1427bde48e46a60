package com.awkhad.connector.base.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabaseConfigTest {

  @Test
  void optionBeatsEnvironmentBeatsFileBeatsDefault(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("connector.properties");
    Files.writeString(file, "db.url=jdbc:postgresql://file/db\ndb.user=fileuser\ndb.password=filepw\ndb.pool_size=3\n");
    Map<String, String> env = Map.of("CONNECTOR_DB_URL", "jdbc:postgresql://env/db", "CONNECTOR_DB_USER", "envuser");

    DatabaseConfig fromOption = DatabaseConfig.resolve("jdbc:postgresql://opt/db", env, file);
    assertThat(fromOption.url()).isEqualTo("jdbc:postgresql://opt/db");
    assertThat(fromOption.user()).isEqualTo("envuser");
    assertThat(fromOption.password()).isEqualTo("filepw");
    assertThat(fromOption.poolSize()).isEqualTo(3);

    assertThat(DatabaseConfig.resolve(null, env, file).url()).isEqualTo("jdbc:postgresql://env/db");
    assertThat(DatabaseConfig.resolve(null, Map.of(), file).url()).isEqualTo("jdbc:postgresql://file/db");
    DatabaseConfig defaults = DatabaseConfig.resolve(null, Map.of(), null);
    assertThat(defaults.dialect()).isEqualTo(Dialect.H2);
    assertThat(defaults.url()).startsWith("jdbc:h2:file:./var/awkhad").contains("DATABASE_TO_LOWER=TRUE");
  }

  @Test
  void secretsAreMaskedAndBadValuesExplained(@TempDir Path dir) {
    DatabaseConfig cfg = DatabaseConfig.of("jdbc:postgresql://h/db?user=u&password=hunter2", "u", "hunter2");
    assertThat(cfg.toString()).doesNotContain("hunter2").contains("password=***");
    assertThat(cfg.safeUrl()).doesNotContain("hunter2");
    assertThatThrownBy(() -> DatabaseConfig.resolve(null, Map.of("CONNECTOR_DB_POOL_SIZE", "many"), null))
        .hasMessageContaining("Pool size 'many' is not a number");
    assertThatThrownBy(() -> DatabaseConfig.resolve(null, Map.of(), dir.resolve("missing.properties")))
        .hasMessageContaining("Cannot read configuration file");
    assertThatThrownBy(() -> DatabaseConfig.resolve(null, Map.of("CONNECTOR_DB_URL", "postgres://h/db"), null))
        .hasMessageContaining("Unsupported database URL scheme");
  }
}
