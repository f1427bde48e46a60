package com.awkhad.connector.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.awkhad.connector.base.addon.BaseAddon;
import com.awkhad.connector.base.db.Database;
import com.awkhad.connector.base.db.DatabaseConfig;
import com.awkhad.connector.base.env.Environment;
import com.awkhad.connector.base.settings.Settings;
import com.awkhad.connector.base.tx.OuterTransactions;
import com.awkhad.connector.testkit.DbTest;
import com.awkhad.connector.testkit.TestDb;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The queue reads its settings from the environment it is given, not from the process. */
class QueueSettingsTest {

  @Test
  void readsNoDelayAndWakeHintsFromVariablesThenProperties() {
    assertThat(QueueSettings.from(Settings.NONE).noDelay()).isFalse();
    assertThat(QueueSettings.from(Settings.NONE).wakeHints()).isTrue();
    assertThat(QueueSettings.from(Settings.of(Map.of("CONNECTOR_QUEUE_NO_DELAY", "1"))).noDelay()).isTrue();
    assertThat(QueueSettings.from(Settings.of(Map.of("CONNECTOR_QUEUE_NO_DELAY", "TRUE"))).noDelay()).isTrue();
    assertThat(QueueSettings.from(Settings.of(Map.of("CONNECTOR_QUEUE_NO_DELAY", "yes"))).noDelay()).isFalse();
    Properties props = new Properties();
    props.setProperty("connector.queue.wakeHints", "off");
    assertThat(QueueSettings.from(Settings.of(Map.of(), props)).wakeHints()).isFalse();
    assertThat(QueueSettings.from(Settings.of(Map.of(), props)).earlyWakeHints()).isFalse();
    assertThat(QueueSettings.from(Settings.of(Map.of("CONNECTOR_WAKE_HINTS", "on"), props)).wakeHints()).isTrue();
    assertThat(QueueSettings.from(Settings.NONE).earlyWakeHints()).as("early hints by default").isTrue();
    QueueSettings afterCommit = QueueSettings.from(Settings.of(Map.of("CONNECTOR_WAKE_HINTS", " After-Commit ")));
    assertThat(afterCommit.wakeHints()).isTrue();
    assertThat(afterCommit.earlyWakeHints()).isFalse();
    assertThatThrownBy(() -> QueueSettings.from(Settings.of(Map.of("CONNECTOR_WAKE_HINTS", "sometimes"))).wakeHints())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("CONNECTOR_WAKE_HINTS=sometimes is not understood: use on, after-commit (no early hint"
            + " before the commit) or off");
  }

  @DbTest
  void anEnvironmentsSettingsReachTheQueue(TestDb db) throws Exception {
    Settings settings = Settings.of(Map.of("CONNECTOR_QUEUE_NO_DELAY", "1", "CONNECTOR_WAKE_HINTS", "off"));
    try (Environment env = Environment.start(Database.open(DatabaseConfig.of(db.url(), db.user(), db.password())),
        List.of(new BaseAddon(), new QueueJobAddon()), OuterTransactions.NONE, settings)) {
      Queue queue = env.service(Queue.class);
      assertThat(queue.wakeHints()).isEmpty();
      Marker.runs.set(0);
      queue.delay(Marker.class).mark();
      assertThat(Marker.runs.get()).as("no delay: the call ran at once").isEqualTo(1);
      java.util.Optional<Long> jobs = env.tx().inTransaction(c -> com.awkhad.connector.base.jdbc.Jdbc.queryOne(c,
          "SELECT COUNT(*) FROM queue_job", rs -> rs.getLong(1)));
      assertThat(jobs).contains(0L);
    }
  }

  /** A job target counting its runs. */
  public static class Marker {
    static final java.util.concurrent.atomic.AtomicInteger runs = new java.util.concurrent.atomic.AtomicInteger();

    public void mark() {
      runs.incrementAndGet();
    }
  }
}
