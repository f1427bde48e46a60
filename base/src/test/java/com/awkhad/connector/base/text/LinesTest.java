package com.awkhad.connector.base.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LinesTest {
  @Test
  void theFirstLineWithoutItsBreak() {
    assertThat(Lines.first(null)).isEmpty();
    assertThat(Lines.first("one line")).isEqualTo("one line");
    assertThat(Lines.first("first\nsecond")).isEqualTo("first");
    assertThat(Lines.first("first\r\nsecond")).isEqualTo("first");
    assertThat(Lines.first("\nsecond")).isEmpty();
  }
}
