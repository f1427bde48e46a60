package com.awkhad.connector.server;

import com.awkhad.connector.testkit.Cli;
import com.awkhad.connector.testkit.TestDb;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The fixture of the {@code jobs ...} commands' tests ({@link JobsCommandTest},
 * {@link JobBatchCommandsTest}): a {@code --config} file with the test database's user and
 * password, and the command line run on that database.
 */
final class JobsCli {
  private JobsCli() {}

  /** Writes {@code dir/connector.properties} with {@code db}'s user and password. */
  static Path config(TestDb db, Path dir) throws IOException {
    Path config = dir.resolve("connector.properties");
    Files.writeString(config, "db.user=" + db.user() + "\ndb.password=" + db.password() + "\n");
    return config;
  }

  /** Runs {@code --db <db> --config <config> args...}, its output captured. */
  static Cli.Result cli(TestDb db, Path config, String... args) {
    List<String> all = new ArrayList<>(List.of("--db", db.url(), "--config", config.toString()));
    all.addAll(List.of(args));
    return Cli.run(Main::run, all.toArray(String[]::new));
  }
}
