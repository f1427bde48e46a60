package com.awkhad.connector.framework.binding;

import static com.awkhad.connector.framework.binding.RemoteVersion.Freshness.NEWER;
import static com.awkhad.connector.framework.binding.RemoteVersion.Freshness.OLDER;
import static com.awkhad.connector.framework.binding.RemoteVersion.Freshness.SAME;
import static com.awkhad.connector.framework.binding.RemoteVersion.Freshness.UNKNOWN;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

class RemoteVersionTest {
  private static final Instant T = Instant.parse("2026-12-03T10:15:30Z");

  @Test
  void timestampsCompareWithEachOtherAndEqualIsSameOnlyBelowASecond() {
    RemoteVersion stored = RemoteVersion.at(T);
    assertThat(stored.freshness(RemoteVersion.at(T.plusSeconds(1)), ChronoUnit.SECONDS)).isEqualTo(NEWER);
    assertThat(stored.freshness(RemoteVersion.at(T.minusSeconds(1)), ChronoUnit.SECONDS)).isEqualTo(OLDER);
    assertThat(stored.freshness(RemoteVersion.at(T), ChronoUnit.MICROS)).isEqualTo(SAME);
    assertThat(stored.freshness(RemoteVersion.at(T), ChronoUnit.MILLIS)).isEqualTo(SAME);
    assertThat(stored.freshness(RemoteVersion.at(T), ChronoUnit.SECONDS)).isEqualTo(NEWER); // maybe changed within the second
  }

  @Test
  void tagsDecideWhenBothHaveOne() {
    assertThat(new RemoteVersion(T, "7").freshness(new RemoteVersion(T, "7"), ChronoUnit.SECONDS)).isEqualTo(SAME);
    assertThat(new RemoteVersion(T, "7").freshness(new RemoteVersion(T, "8"), ChronoUnit.MICROS)).isEqualTo(NEWER);
    assertThat(new RemoteVersion(T, "8").freshness(new RemoteVersion(T.minusSeconds(5), "7"), ChronoUnit.MICROS)).isEqualTo(OLDER);
    assertThat(new RemoteVersion(null, "a").freshness(new RemoteVersion(null, "b"), ChronoUnit.MICROS)).isEqualTo(NEWER);
  }

  @Test
  void nothingToCompareIsUnknown() {
    assertThat(RemoteVersion.NONE.freshness(RemoteVersion.at(T), ChronoUnit.MICROS)).isEqualTo(UNKNOWN);
    assertThat(RemoteVersion.at(T).freshness(RemoteVersion.NONE, ChronoUnit.MICROS)).isEqualTo(UNKNOWN);
    assertThat(RemoteVersion.at(T).freshness(new RemoteVersion(null, "x"), ChronoUnit.MICROS)).isEqualTo(UNKNOWN);
  }

  @Test
  void longTagsAreKeptAsTheirHashAndStampsAtMicroseconds() {
    String etag = "\"" + "x".repeat(300) + "\"";
    RemoteVersion v = new RemoteVersion(Instant.parse("2026-12-03T10:15:30.123456789Z"), etag);
    assertThat(v.tag()).startsWith("sha256:").hasSize(7 + 64);
    assertThat(v).isEqualTo(new RemoteVersion(Instant.parse("2026-12-03T10:15:30.123456Z"), etag));
  }

  @Test
  void anExporterSeesAChangeOnlyWhenTheRemoteIsStrictlyLater() {
    assertThat(RemoteVersion.at(T).isOlderThan(RemoteVersion.at(T.plusSeconds(1)))).isTrue();
    assertThat(RemoteVersion.at(T).isOlderThan(RemoteVersion.at(T))).isFalse(); // our own write, at whole seconds too
    assertThat(RemoteVersion.at(T).isOlderThan(RemoteVersion.at(T.minusSeconds(1)))).isFalse();
    assertThat(new RemoteVersion(T, "1").isOlderThan(new RemoteVersion(T, "2"))).isTrue();
    assertThat(new RemoteVersion(T, "2").isOlderThan(new RemoteVersion(T.minusSeconds(1), "1"))).isFalse();
    assertThat(RemoteVersion.NONE.isOlderThan(RemoteVersion.at(T))).isFalse();
  }
}
