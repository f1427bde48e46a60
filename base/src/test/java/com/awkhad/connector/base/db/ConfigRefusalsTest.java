package com.awkhad.connector.base.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The configuration never falls back silently to the embedded H2 database on a mistake. */
class ConfigRefusalsTest {

  @Test
  void anEmptyDbOptionOrEnvironmentVariableIsRefusedNotReplacedByH2() {
    assertThatThrownBy(() -> DatabaseConfig.resolve("", Map.of(), null))
        .isInstanceOf(DatabaseException.class).hasMessageStartingWith("--db is empty");
    assertThatThrownBy(() -> DatabaseConfig.resolve(" ", Map.of("CONNECTOR_DB_URL", "jdbc:h2:mem:x"), null))
        .hasMessageStartingWith("--db is empty");
    assertThatThrownBy(() -> DatabaseConfig.resolve(null, Map.of("CONNECTOR_DB_URL", ""), null))
        .hasMessageStartingWith("CONNECTOR_DB_URL is set but empty");
  }

  @Test
  void aFileWithATypoIsRefusedWithTheKeyItMeant(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("typo.properties");
    Files.writeString(file, "db.uri=jdbc:postgresql://h/db\ndb.usr=bob\n");
    assertThatThrownBy(() -> DatabaseConfig.resolve(null, Map.of(), file))
        .isInstanceOf(DatabaseException.class)
        .hasMessageContaining("2 unknown keys: 'db.uri' (did you mean db.url?), 'db.usr' (did you mean db.user?)")
        .hasMessageContaining("The keys are db.url, db.user, db.password, db.pool_size");
    Files.writeString(file, "db.uri=\n");
    assertThatThrownBy(() -> DatabaseConfig.resolve(null, Map.of(), file))
        .hasMessageContaining("an unknown key: 'db.uri' (did you mean db.url?)");
    Files.writeString(file, "colour=blue\n");
    assertThatThrownBy(() -> DatabaseConfig.resolve(null, Map.of(), file))
        .hasMessageContaining("an unknown key: 'colour'.").hasMessageNotContaining("did you mean");
  }

  @Test
  void aFileOfGarbageOrAnEmptyUrlIsRefused(@TempDir Path dir) throws Exception {
    Path garbage = dir.resolve("garbage.properties");
    Files.write(garbage, new byte[] {0x1b, '[', '3', '1', 'm', (byte) 0xff, (byte) 0xfe, 0, 1, 2, '\n', 'x', 'y'});
    assertThatThrownBy(() -> DatabaseConfig.resolve(null, Map.of(), garbage))
        .isInstanceOf(DatabaseException.class).hasMessageContaining("unknown key")
        .hasMessageNotContaining("\u001b");
    Path malformed = dir.resolve("malformed.properties");
    Files.writeString(malformed, "db.url=\\uZZZZ\n");
    assertThatThrownBy(() -> DatabaseConfig.resolve(null, Map.of(), malformed))
        .hasMessageContaining("is not a properties file");
    Path empty = dir.resolve("empty-url.properties");
    Files.writeString(empty, "db.url=\n");
    assertThatThrownBy(() -> DatabaseConfig.resolve(null, Map.of(), empty))
        .hasMessageContaining("db.url is empty in");
    assertThatThrownBy(() -> DatabaseConfig.resolve(null, Map.of(), dir))
        .hasMessageContaining("Cannot read configuration file");
  }

  @Test
  void h2AndPostgresqlUrlOptionsThatRunScriptsLoadClassesOrWriteFilesAreRefused() {
    for (String url : new String[] {
        "jdbc:h2:mem:x;INIT=RUNSCRIPT FROM 'http://127.0.0.1/evil.sql'",
        "jdbc:h2:mem:x;init=CREATE TABLE t(i INT)",
        "jdbc:h2:file:./var/x;TRACE_LEVEL_FILE=3",
        "jdbc:h2:mem:x;DATABASE_EVENT_LISTENER='com.example.Evil'",
        "jdbc:postgresql://h/db?socketFactory=org.springframework.context.support.ClassPathXmlApplicationContext",
        "jdbc:postgresql://h/db?user=u&loggerFile=/tmp/x.log"}) {
      assertThatThrownBy(() -> DatabaseConfig.of(url, "sa", ""))
          .as(url).isInstanceOf(DatabaseException.class).hasMessageContaining("is refused");
    }
    assertThat(DatabaseConfig.of("jdbc:h2:mem:x;MODE=PostgreSQL", "sa", "").url()).contains("MODE=PostgreSQL");
  }

  @Test
  void credentialsInADatabaseUrlNeverReachAnErrorMessage() {
    assertThat(DatabaseConfig.of("jdbc:postgresql://bob:hunter2@127.0.0.1:1/db", "", "").safeUrl())
        .isEqualTo("jdbc:postgresql://***@127.0.0.1:1/db");
    assertThat(DatabaseConfig.of("jdbc:h2:mem:x;PASSWORD=hunter2", "", "").toString()).doesNotContain("hunter2");
    assertThatThrownBy(() -> Dialect.fromUrl("postgresql://bob:hunter2@db/x")).hasMessageNotContaining("hunter2");
    // port 1 on loopback: nothing listens, the driver's message may echo the URL
    DatabaseConfig unreachable = DatabaseConfig.of("jdbc:postgresql://127.0.0.1:1/db?password=hunter2&ssl=false",
        "bob", "");
    assertThatThrownBy(() -> Database.open(unreachable))
        .hasMessageStartingWith("Cannot connect to jdbc:postgresql://127.0.0.1:1/db?password=***")
        .hasMessageNotContaining("hunter2");
  }
}
