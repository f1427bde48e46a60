package com.awkhad.connector.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.awkhad.connector.queue.job.RetryPattern;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RetryPatternTest {

  @Test
  void largestKeyAtOrBelowTheTryWins() {
    RetryPattern p = RetryPattern.of(Map.of(1, 60, 2, 180, 3, 10, 5, 300));
    assertThat(IntStream.rangeClosed(1, 5).map(p::secondsFor).boxed()).containsExactly(60, 180, 10, 10, 300);
  }

  @Test
  void triesBeforeTheFirstKeyWaitTheDefault() {
    RetryPattern p = RetryPattern.of(Map.of(3, 180));
    assertThat(IntStream.rangeClosed(1, 4).map(p::secondsFor).boxed()).containsExactly(600, 600, 180, 180);
    assertThat(RetryPattern.none().secondsFor(7)).isEqualTo(600);
  }

  @Test
  void rangesGiveARandomDelayWithinBounds() {
    RetryPattern p = RetryPattern.parse("{\"1\": [10, 20], \"4\": 5}");
    for (int i = 0; i < 200; i++) {
      assertThat(p.secondsFor(2)).isBetween(10, 20);
    }
    assertThat(p.secondsFor(4)).isEqualTo(5);
    assertThat(RetryPattern.parse(p.toJson())).isEqualTo(p);
  }

  @Test
  void badPatternsSayWhatIsWrong() {
    assertThatThrownBy(() -> RetryPattern.parse("{\"one\": 5}")).hasMessageContaining("key 'one' is not a try number");
    assertThatThrownBy(() -> RetryPattern.parse("{\"1\": \"soon\"}")).hasMessageContaining("must be seconds or [min, max]");
    assertThatThrownBy(() -> RetryPattern.parse("[1]")).hasMessageContaining("must be a JSON object");
  }
}
