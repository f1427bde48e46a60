package com.awkhad.connector.coffee.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The simulator's own stamp reader gives what {@code Instant.parse} gives, and falls back to it. */
class StampTest {

  @Test
  void readsEveryStampItWritesAsInstantParseDoes() {
    long seed = System.nanoTime();
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i < 50_000; i++) {
      Instant t = Instant.ofEpochSecond(random.nextLong(0, 4_102_444_800L), random.nextInt(1_000_000_000));
      Instant written = switch (i % 4) { // Instant.toString writes 0, 3, 6 or 9 fraction digits
        case 0 -> t.truncatedTo(ChronoUnit.SECONDS);
        case 1 -> t.truncatedTo(ChronoUnit.MILLIS);
        case 2 -> t.truncatedTo(ChronoUnit.MICROS);
        default -> t;
      };
      String s = written.toString();
      assertThat(CoffeeMachineSimulator.stamp(s)).as("seed %d: %s", seed, s).isEqualTo(Instant.parse(s)).isEqualTo(written);
    }
  }

  @Test
  void otherShapesGoThroughInstantParse() {
    assertThat(CoffeeMachineSimulator.stamp("2026-12-05T03:35:12.5Z")).isEqualTo(Instant.parse("2026-12-05T03:35:12.500Z"));
    assertThat(CoffeeMachineSimulator.stamp("2026-12-05T04:35:12+01:00")).isEqualTo(Instant.parse("2026-12-05T03:35:12Z"));
    assertThatThrownBy(() -> CoffeeMachineSimulator.stamp("2026-02-30T00:00:00Z")).isInstanceOf(DateTimeParseException.class);
    assertThat(CoffeeMachineSimulator.stamp("2026-12-05T24:00:00Z")).isEqualTo(Instant.parse("2026-12-05T24:00:00Z"));
    assertThatThrownBy(() -> CoffeeMachineSimulator.stamp("2026-12-05T03:35:+1Z")).isInstanceOf(DateTimeParseException.class);
  }
}
