package com.awkhad.connector.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.awkhad.connector.base.addon.AddonLoader;
import com.awkhad.connector.base.db.DatabaseConfig;
import com.awkhad.connector.base.env.Environment;
import com.awkhad.connector.framework.backend.Backends;
import com.awkhad.connector.framework.backend.Secret;
import com.awkhad.connector.testkit.Cli;
import com.awkhad.connector.testkit.DbTest;
import com.awkhad.connector.testkit.TestDb;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;

class BackendsCommandTest {

  record Run(int exit, String out, String err) {}

  private static Run cli(TestDb db, Path config, String... args) {
    List<String> all = new ArrayList<>(List.of("--db", db.url(), "--config", config.toString()));
    all.addAll(List.of(args));
    Cli.Result r = CliTest.run(all.toArray(String[]::new));
    return new Run(r.code(), r.out(), r.err());
  }

  @DbTest
  void listShowsHowSecretsAreStoredNeverThemAndSealSecretsEncryptsTheClearOnes(TestDb db, @TempDir Path dir)
      throws Exception {
    Path config = dir.resolve("connector.properties");
    Files.writeString(config, "db.user=" + db.user() + "\ndb.password=" + db.password() + "\n");
    try (Environment env = Environment.start(DatabaseConfig.of(db.url(), db.user(), db.password()),
        AddonLoader.resolve(AddonLoader.discover()))) {
      Backends backends = Backends.of(env);
      backends.newBackend("Kitchen machine", "coffee.backend").location("http://127.0.0.1:8070").version("1")
          .secret(Secret.of("tok-kitchen-123")).create();
      backends.newBackend("Bar machine", "coffee.backend").location("http://127.0.0.1:8071").create();
    }

    Run list = cli(db, config, "backends", "list");
    assertThat(list.exit()).as(list.err()).isZero();
    assertThat(list.out()).contains("Kitchen machine", "coffee.backend", "http://127.0.0.1:8070", "clear", "Bar machine",
        "none", "2 backend(s)").doesNotContain("tok-kitchen-123");

    Run refused = cli(db, config, "backends", "seal-secrets");
    assertThat(refused.exit()).isNotZero();
    assertThat(refused.err()).contains("CONNECTOR_SECRET_KEY", "openssl rand -base64 32");

    byte[] key = new byte[32];
    new java.security.SecureRandom().nextBytes(key);
    System.setProperty("connector.secretKey", Base64.getEncoder().encodeToString(key));
    try {
      Run sealed = cli(db, config, "backends", "seal-secrets");
      assertThat(sealed.exit()).as(sealed.err()).isZero();
      assertThat(sealed.out()).contains("1 secret(s) encrypted");
      Run again = cli(db, config, "backends", "list");
      assertThat(again.out()).contains("encrypted").doesNotContain("tok-kitchen-123");
      assertThat(cli(db, config, "backends", "seal-secrets").out()).contains("0 secret(s) encrypted");
      try (Environment env = Environment.start(DatabaseConfig.of(db.url(), db.user(), db.password()),
          AddonLoader.resolve(AddonLoader.discover()))) {
        Backends backends = Backends.of(env);
        long id = backends.summaries().get(0).id();
        assertThat(backends.get(id).secret().reveal()).isEqualTo("tok-kitchen-123");
      }
    } finally {
      System.clearProperty("connector.secretKey");
    }
    // without the key, listing still works (it reads no secret)
    assertThat(cli(db, config, "backends", "list").out()).contains("encrypted", "2 backend(s)");
  }
}
