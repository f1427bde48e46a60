package com.awkhad.connector.framework.adapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

class RemoteClockTest {
  private static final Instant AT = Instant.parse("2026-12-03T10:15:30.987654321Z");

  @Test
  void formatsRoundDownToThePrecisionInTheDeclaredFormat() {
    assertThat(RemoteClock.iso().format(AT)).isEqualTo("2026-12-03T10:15:30.987654Z");
    assertThat(RemoteClock.isoSeconds().format(AT)).isEqualTo("2026-12-03T10:15:30Z");
    assertThat(RemoteClock.iso().precision(ChronoUnit.MILLIS).format(AT)).isEqualTo("2026-12-03T10:15:30.987Z");
    assertThat(RemoteClock.iso().precision(ChronoUnit.NANOS).format(AT)).isEqualTo("2026-12-03T10:15:30.987654321Z");
    assertThat(RemoteClock.epochSeconds().format(AT)).isEqualTo("1796292930");
    assertThat(RemoteClock.epochMillis().format(AT)).isEqualTo("1796292930987");
    assertThat(RemoteClock.isoSeconds().inZone(ZoneId.of("Europe/Paris")).format(AT)).isEqualTo("2026-12-03T11:15:30");
    assertThat(RemoteClock.isoSeconds().format(Instant.parse("2026-12-03T10:15:00Z"))).isEqualTo("2026-12-03T10:15:00Z");
  }

  @Test
  void parsesWhatRemotesWrite() {
    RemoteClock iso = RemoteClock.iso();
    assertThat(iso.parse("2026-12-03T10:15:30Z")).contains(Instant.parse("2026-12-03T10:15:30Z"));
    assertThat(iso.parse("2026-12-03T11:15:30+01:00")).contains(Instant.parse("2026-12-03T10:15:30Z"));
    assertThat(iso.parse("2026-12-03T10:15:30.5Z")).contains(Instant.parse("2026-12-03T10:15:30.500Z"));
    assertThat(iso.parse("2026-12-03 10:15:30")).contains(Instant.parse("2026-12-03T10:15:30Z"));
    assertThat(iso.inZone(ZoneId.of("Europe/Paris")).parse("2026-12-03T11:15:30")).contains(Instant.parse("2026-12-03T10:15:30Z"));
    assertThat(RemoteClock.epochSeconds().parse(1796292930L)).contains(Instant.parse("2026-12-03T10:15:30Z"));
    assertThat(RemoteClock.epochSeconds().parse("1796292930.25")).contains(Instant.parse("2026-12-03T10:15:30.250Z"));
    assertThat(RemoteClock.epochMillis().parse("1796292930987")).contains(Instant.parse("2026-12-03T10:15:30.987Z"));
    assertThat(iso.parse(null)).isEmpty();
    assertThat(iso.parse("  ")).isEmpty();
  }

  @Test
  void anUnreadableTimestampSaysWhatWasExpected() {
    assertThatThrownBy(() -> RemoteClock.iso().parse("yesterday"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'yesterday' is not a timestamp")
        .hasMessageContaining("ISO-8601 date-time");
    assertThatThrownBy(() -> RemoteClock.epochSeconds().precision(ChronoUnit.MILLIS))
        .hasMessageContaining("cannot be finer than its unit");
    assertThatThrownBy(() -> RemoteClock.iso().precision(ChronoUnit.MINUTES))
        .hasMessageContaining("SECONDS, MILLIS, MICROS or NANOS");
  }

  @Test
  void aFormattedMarkReadsBackAsTheFlooredInstant() {
    for (RemoteClock c : new RemoteClock[] {RemoteClock.iso(), RemoteClock.isoSeconds(), RemoteClock.epochSeconds(),
        RemoteClock.epochMillis(), RemoteClock.isoSeconds().inZone(ZoneId.of("America/New_York"))}) {
      assertThat(c.parse(c.format(AT))).as(c.toString()).contains(c.floor(AT));
      assertThat(c.floor(AT)).as(c.toString()).isBeforeOrEqualTo(AT);
    }
  }
}
