package com.awkhad.connector.framework.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.awkhad.connector.queue.recurring.Schedule;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class ScheduleFileTest {
  private static Properties props(String... kv) {
    Properties p = new Properties();
    for (int i = 0; i < kv.length; i += 2) {
      p.setProperty(kv[i], kv[i + 1]);
    }
    return p;
  }

  @Test
  void readsOneSchedulePerBlock() {
    var entries = ScheduleFile.parse(props("schedule.menu.backend", "Kitchen machine", "schedule.menu.model",
        "coffee.beverage.binding", "schedule.menu.every", "5m", "schedule.night.backend", "Kitchen machine",
        "schedule.night.model", "coffee.order.binding", "schedule.night.cron", "0 2 * * *", "schedule.night.zone",
        "Europe/Paris"), "f");
    assertThat(entries).hasSize(2);
    assertThat(entries.get(0).schedule()).isEqualTo(Schedule.every(Duration.ofMinutes(5)));
    assertThat(entries.get(1).schedule().describe()).isEqualTo("0 2 * * * (Europe/Paris)");
  }

  @Test
  void refusesUnknownKeysMissingPartsAndTwoSchedules() {
    assertThatThrownBy(() -> ScheduleFile.parse(props("schedule.menu.evry", "5m"), "f"))
        .hasMessageContaining("unknown key 'schedule.menu.evry'");
    assertThatThrownBy(() -> ScheduleFile.parse(props("schedule.menu.model", "m.binding", "schedule.menu.every", "5m"),
        "f")).hasMessageContaining("schedule 'menu' has no backend");
    assertThatThrownBy(() -> ScheduleFile.parse(props("schedule.menu.backend", "K", "schedule.menu.model", "m.b",
        "schedule.menu.every", "5m", "schedule.menu.cron", "* * * * *"), "f")).hasMessageContaining("Give one schedule");
    assertThatThrownBy(() -> ScheduleFile.parse(props("schedule.menu.backend", "K", "schedule.menu.model", "m.b",
        "schedule.menu.every", "5 minutes"), "f")).hasMessageContaining("Invalid interval '5 minutes'");
    assertThatThrownBy(() -> ScheduleFile.parse(new Properties(), "f")).hasMessageContaining("holds no schedule");
  }
}
