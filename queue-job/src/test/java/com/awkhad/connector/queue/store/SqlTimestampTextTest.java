package com.awkhad.connector.queue.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The bulk paths' timestamp text (hand-written for speed) names the same instant as
 * {@code Instant.toString}, truncated to microseconds, across the whole range of years it writes
 * by hand and beyond it.
 */
class SqlTimestampTextTest {

  @Test
  void theTextParsesBackToTheInstantTruncatedToMicroseconds() {
    SplittableRandom random = new SplittableRandom(42);
    Instant min = Instant.parse("0001-01-01T00:00:00Z");
    Instant max = Instant.parse("9999-12-31T23:59:59.999999999Z");
    for (int i = 0; i < 100_000; i++) {
      Instant t = Instant.ofEpochSecond(random.nextLong(min.getEpochSecond(), max.getEpochSecond() + 1),
          random.nextInt(1_000_000_000));
      String text = Sql.timestampText(t);
      assertThat(Instant.parse(text)).as(text).isEqualTo(t.truncatedTo(ChronoUnit.MICROS));
      assertThat(text).hasSize(27);
    }
    for (Instant edge : new Instant[] {min, max, Instant.EPOCH, Instant.parse("1969-12-31T23:59:59.000001Z"),
        Instant.parse("2024-02-29T12:00:00Z"), Instant.parse("2026-12-04T16:57:02.1234567Z")}) {
      assertThat(Instant.parse(Sql.timestampText(edge))).isEqualTo(edge.truncatedTo(ChronoUnit.MICROS));
    }
    assertThat(Sql.timestampText(Instant.parse("2026-12-04T16:57:02.1234567Z"))).isEqualTo("2026-12-04T16:57:02.123456Z");
    assertThat(Sql.timestampText(null)).isNull();
  }

  @Test
  void yearsOutsideOneToNineThousandNineHundredNinetyNineKeepTheirIsoText() {
    Instant far = Instant.parse("+12026-01-01T00:00:00.5Z");
    assertThat(Sql.timestampText(far)).isEqualTo("+12026-01-01T00:00:00.500Z");
  }
}
