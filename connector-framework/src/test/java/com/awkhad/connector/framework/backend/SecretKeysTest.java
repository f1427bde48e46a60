package com.awkhad.connector.framework.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.awkhad.connector.framework.exception.ConnectorException;
import com.awkhad.connector.framework.testconnector.ConnectorFixture;
import com.awkhad.connector.framework.testconnector.TestConnectorAddon;
import com.awkhad.connector.testkit.DbTest;
import com.awkhad.connector.testkit.TestDb;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Keys that cannot protect anything are refused; a secret no key opens is named, never skipped. */
class SecretKeysTest {
  private static final String KEY = randomKey();
  private static final String OTHER_KEY = randomKey();

  private static String randomKey() {
    byte[] raw = new byte[32];
    new SecureRandom().nextBytes(raw);
    return Base64.getEncoder().encodeToString(raw);
  }

  private static Backends withKeys(ConnectorFixture f, String key, String previous) {
    return new Backends(f.env, Backends.of(f.env).types().values(), SecretBox.of(key, previous));
  }

  private static String stored(ConnectorFixture f, long id) {
    return f.env.tx().inTransaction(c -> {
      try (java.sql.PreparedStatement ps = c.prepareStatement("SELECT secret FROM connector_backend WHERE id = ?")) {
        ps.setLong(1, id);
        try (java.sql.ResultSet rs = ps.executeQuery()) {
          rs.next();
          return rs.getString(1);
        }
      }
    });
  }

  @Test
  void theKeysComeFromTheEnvironmentsSettingsNotFromTheProcess() {
    assertThat(SecretBox.from(com.awkhad.connector.base.settings.Settings.NONE).hasKey()).isFalse();
    SecretBox box = SecretBox.from(com.awkhad.connector.base.settings.Settings.of(
        java.util.Map.of("CONNECTOR_SECRET_KEY", KEY, "CONNECTOR_SECRET_KEY_PREVIOUS", OTHER_KEY)));
    assertThat(box.hasKey()).isTrue();
    assertThat(box.hasPrevious()).isTrue();
    assertThat(SecretBox.of(KEY).open(box.seal("tok"), "shop")).isEqualTo("tok");
    java.util.Properties props = new java.util.Properties();
    props.setProperty("connector.secretKey", KEY);
    assertThat(SecretBox.from(com.awkhad.connector.base.settings.Settings.of(java.util.Map.of(), props)).hasKey())
        .isTrue();
  }

  @Test
  void anAllZeroKeyAndAKeyOfTheWrongLengthAreRefusedWithHowToMakeOne() {
    assertThatThrownBy(() -> SecretBox.of(Base64.getEncoder().encodeToString(new byte[32])))
        .isInstanceOf(ConnectorException.class)
        .hasMessageStartingWith("CONNECTOR_SECRET_KEY is 32 zero bytes").hasMessageContaining("openssl rand -base64 32");
    assertThatThrownBy(() -> SecretBox.of(KEY, Base64.getEncoder().encodeToString(new byte[32])))
        .hasMessageStartingWith("CONNECTOR_SECRET_KEY_PREVIOUS is 32 zero bytes");
    assertThatThrownBy(() -> SecretBox.of(Base64.getEncoder().encodeToString(new byte[24])))
        .hasMessageContaining("got 32 characters that decode to 24 bytes");
  }

  @DbTest
  void sealSecretsWithAWrongKeyFailsNamingTheBackendsAndChangesNothing(TestDb db) {
    try (ConnectorFixture f = ConnectorFixture.start(db)) {
      Backends first = withKeys(f, KEY, null);
      first.setSecret(f.backend.id(), first.get(f.backend.id()).secret());
      String sealed = stored(f, f.backend.id());
      Backend clear = withKeys(f, null, null).newBackend("Clear \u001b[31mshop", TestConnectorAddon.BACKEND)
          .secret(Secret.of("plain")).create();

      Backends wrong = withKeys(f, OTHER_KEY, null);
      assertThatThrownBy(wrong::sealSecrets)
          .isInstanceOf(ConnectorException.class)
          .hasMessageStartingWith("1 backend secret(s) cannot be opened: '" + f.backend.name() + "' (id "
              + f.backend.id() + ")")
          .hasMessageContaining("CONNECTOR_SECRET_KEY_PREVIOUS is not set")
          .hasMessageContaining("Nothing was changed");
      assertThat(stored(f, f.backend.id())).isEqualTo(sealed);
      assertThat(stored(f, clear.id())).isEqualTo("plain"); // not sealed with the wrong key either

      assertThat(wrong.checkSecrets()).extracting(Backends.SecretCheck::opener)
          .containsExactly(Backends.SecretOpener.NONE, Backends.SecretOpener.CLEAR);
      assertThat(withKeys(f, OTHER_KEY, KEY).checkSecrets()).extracting(Backends.SecretCheck::opener)
          .containsExactly(Backends.SecretOpener.PREVIOUS_KEY, Backends.SecretOpener.CLEAR);
      assertThat(withKeys(f, null, null).checkSecrets()).extracting(Backends.SecretCheck::readable)
          .containsExactly(false, true);
      assertThat(withKeys(f, OTHER_KEY, KEY).sealSecrets()).isEqualTo(2);
      List<Backends.SecretCheck> after = wrong.checkSecrets();
      assertThat(after).extracting(Backends.SecretCheck::opener)
          .containsExactly(Backends.SecretOpener.KEY, Backends.SecretOpener.KEY);
      assertThat(Backends.label(clear.id(), clear.name())).isEqualTo("'Clear \\e[31mshop' (id " + clear.id() + ")");
    }
  }

  @DbTest
  void toStringMasksCredentialsInTheLocation(TestDb db) {
    try (ConnectorFixture f = ConnectorFixture.start(db)) {
      Backend leaky = Backends.of(f.env).newBackend("Leaky", TestConnectorAddon.BACKEND)
          .location("https://bob:hunter2@shop.example/api?access_token=T0K&page=2").create();
      assertThat(leaky.toString()).contains("location=https://***@shop.example/api?access_token=***&page=2")
          .doesNotContain("hunter2").doesNotContain("T0K");
    }
  }
}
