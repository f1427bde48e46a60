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
  private static final java.time.format.DateTimeFormatter SECONDS =
      java.time.format.DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss");

  @Test
  void theCommonShapeReadsAsOffsetDateTimeParseDoes() {
    java.util.Random random = new java.util.Random(17);
    String[] offsets = {"Z", "+00:00", "-00:00", "+01:00", "-05:30", "+14:00", "-12:00", "+05:45"};
    for (int k = 0; k < 20_000; k++) {
      Instant at = Instant.ofEpochSecond(random.nextInt(Integer.MAX_VALUE) * (random.nextBoolean() ? 1L : 2L),
          random.nextInt(1_000_000_000));
      String offset = offsets[random.nextInt(offsets.length)];
      java.time.ZoneOffset zone = offset.equals("Z") ? java.time.ZoneOffset.UTC : java.time.ZoneOffset.of(offset);
      String local = SECONDS.format(at.atOffset(zone).toLocalDateTime()); // 2026-12-03T10:15:30
      int digits = random.nextInt(10); // 0 - 9 fraction digits
      String text = local + (digits == 0 ? "" : "." + String.format("%09d", at.getNano()).substring(0, digits))
          + offset;
      Instant expected = java.time.OffsetDateTime.parse(text).toInstant();
      assertThat(RemoteClock.parseCommonIso(text)).as(text).isEqualTo(expected);
      assertThat(RemoteClock.iso().parse(text)).as(text).contains(expected);
    }
  }

  @Test
  void otherShapesAndValuesOutOfRangeGoToTheFullParser() {
    // not the common shape: the hand-written reader leaves them to OffsetDateTime.parse / LocalDateTime.parse
    for (String other : new String[] {"2026-12-03t10:15:30z", "2026-12-03T10:15Z", "+12026-12-03T10:15:30Z",
        "2026-12-03T10:15:30.1234567890Z", "2026-12-03T10:15:30.Z", "2026-12-03T10:15:30+0100", "2026-12-03T10:15:30+01",
        "2026-12-03T10:15:30", "2026-12-03 10:15:30Z", "2026-12-03T10:15:30+01:00:00"}) {
      assertThat(RemoteClock.parseCommonIso(other)).as(other).isNull();
    }
    assertThat(RemoteClock.iso().parse("2026-12-03t10:15:30z")).contains(Instant.parse("2026-12-03T10:15:30Z"));
    assertThat(RemoteClock.iso().parse("2026-12-03T10:15Z")).contains(Instant.parse("2026-12-03T10:15:00Z"));
    // out of range: null here, then refused by the full parser with the usual message
    for (String bad : new String[] {"2026-13-03T10:15:30Z", "2026-02-30T10:15:30Z", "2026-12-03T24:00:00Z",
        "2026-12-03T23:59:60Z", "2026-12-03T10:15:30+19:00", "2026-12-03T10:15:30+01:60"}) {
      assertThat(RemoteClock.parseCommonIso(bad)).as(bad).isNull();
      assertThatThrownBy(() -> RemoteClock.iso().parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("is not a timestamp");
    }
  }
}
