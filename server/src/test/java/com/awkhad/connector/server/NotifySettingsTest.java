package com.awkhad.connector.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.awkhad.connector.base.db.DatabaseConfig;
import com.awkhad.connector.queue.notify.NoticeTarget;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NotifySettingsTest {
  @TempDir Path dir;

  Path config(String text) throws Exception {
    Path f = dir.resolve("connector.properties");
    Files.writeString(f, text);
    return f;
  }

  @Test
  void readsWebhooksAndMailFromTheConfigFileAndThePasswordOnlyFromTheEnvironment() throws Exception {
    Path f = config("""
        db.url=jdbc:h2:mem:x
        notify.window_seconds=60
        notify.webhook.ops.url=https://ops.example.com/hooks/connector
        notify.webhook.chat.url=https://hooks.slack.com/services/T000/B000/XXXXSECRET
        notify.webhook.chat.format=slack
        notify.mail.host=smtp.example.com
        notify.mail.from=connector@example.com
        notify.mail.to=ops@example.com, oncall@example.com
        notify.mail.user=connector
        """);
    NotifySettings s = NotifySettings.read(f, Map.of("CONNECTOR_NOTIFY_SMTP_PASSWORD", "hunter2"));
    assertThat(s.window()).isEqualTo(Duration.ofSeconds(60));
    assertThat(s.targets()).extracting(NoticeTarget::describe).containsExactly(
        "webhook 'chat' (slack, https://hooks.slack.com/…)",
        "webhook 'ops' (json, https://ops.example.com/…)",
        "mail 'mail' (smtp://connector@smtp.example.com:587 (starttls) from connector@example.com to ops@example.com,"
            + " oncall@example.com)");
    assertThat(s.describe()).doesNotContain("XXXXSECRET").doesNotContain("hunter2");
    // the database configuration accepts the same file
    assertThat(DatabaseConfig.resolve(null, Map.of(), f).url()).startsWith("jdbc:h2:mem:x");
  }

  @Test
  void theEnvironmentAloneCanConfigureAWebhookAndNothingConfiguredMeansOff() {
    NotifySettings s = NotifySettings.read(null, Map.of("CONNECTOR_NOTIFY_WEBHOOK_URL", "http://127.0.0.1:9/hook",
        "CONNECTOR_NOTIFY_WEBHOOK_FORMAT", "slack", "CONNECTOR_NOTIFY_WINDOW_SECONDS", "0"));
    assertThat(s.targets()).extracting(NoticeTarget::describe).containsExactly("webhook 'webhook' (slack, http://127.0.0.1:9/…)");
    assertThat(s.window()).isZero();
    assertThat(NotifySettings.read(null, Map.of())).isNull();
  }

  @Test
  void refusesAPasswordInTheFileUnknownKeysAndAUserWithoutPassword() throws Exception {
    assertThatThrownBy(() -> NotifySettings.read(config("notify.mail.password=x\n"), Map.of()))
        .hasMessageContaining("CONNECTOR_NOTIFY_SMTP_PASSWORD");
    assertThatThrownBy(() -> NotifySettings.read(config("notify.webhok.ops.url=http://127.0.0.1/\n"), Map.of()))
        .hasMessageContaining("Unknown notification key(s)").hasMessageContaining("notify.webhok.ops.url");
    assertThatThrownBy(() -> NotifySettings.read(config("notify.webhook.ops.format=xml\nnotify.webhook.ops.url=http://h/\n"),
        Map.of())).hasMessage("The format of webhook ops must be json or slack, got 'xml'");
    assertThatThrownBy(() -> NotifySettings.read(config("notify.mail.host=smtp.example.com\nnotify.mail.from=a@example.com\n"
        + "notify.mail.to=b@example.com\nnotify.mail.user=u\n"), Map.of()))
        .hasMessageContaining("needs a password: set CONNECTOR_NOTIFY_SMTP_PASSWORD");
  }
}
