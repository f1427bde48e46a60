package com.awkhad.connector.base.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.awkhad.connector.testkit.DbTest;
import com.awkhad.connector.testkit.TestDb;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;

class MigrationsTest {
  @TempDir
  Path dir;

  /** A class loader holding {@code db/test_retired/common/<script>} for each script given. */
  private ClassLoader scripts(String release, String... namesAndSql) throws IOException {
    Path common = dir.resolve(release).resolve("db/test_retired/common");
    Files.createDirectories(common);
    for (int i = 0; i < namesAndSql.length; i += 2) {
      Files.writeString(common.resolve(namesAndSql[i]), namesAndSql[i + 1]);
    }
    return new URLClassLoader(new URL[] {dir.resolve(release).toUri().toURL()}, MigrationsTest.class.getClassLoader());
  }

  private static List<String> versions(Database db) throws Exception {
    List<String> versions = new ArrayList<>();
    try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT \"version\" FROM \"schema_history_test_retired\" WHERE \"success\""
            + " ORDER BY \"installed_rank\"")) {
      while (rs.next()) {
        versions.add(rs.getString(1));
      }
    }
    return versions;
  }

  /**
   * A connector that once created a model's table in V1 deletes the script when the model's
   * definition makes the table: databases that ran V1 keep starting, and later scripts still run.
   */
  @DbTest
  void aDeletedScriptThatRanBeforeIsTolerated(TestDb db) throws Exception {
    try (Database database = Database.open(DatabaseConfig.of(db.url(), db.user(), db.password()))) {
      Migrations.apply(database, "test_retired", scripts("r1", "V1__models.sql", "CREATE TABLE test_retired (id BIGINT PRIMARY KEY);"));
      Migrations.apply(database, "test_retired", scripts("r2", "V2__data.sql", "INSERT INTO test_retired (id) VALUES (7);"));
      assertThat(versions(database)).contains("1", "2");

      // an edited script is still refused (its checksum changed): only deletions are tolerated
      assertThatThrownBy(() -> Migrations.apply(database, "test_retired",
              scripts("r3", "V2__data.sql", "INSERT INTO test_retired (id) VALUES (8);")))
          .isInstanceOf(DatabaseException.class)
          .hasMessageContaining("Migration of addon 'test_retired' failed");
    }
  }
}
