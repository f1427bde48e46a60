package com.awkhad.connector.server.web.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.awkhad.connector.queue.read.JobFilter;
import org.junit.jupiter.api.Test;

/** The small text rules of the API: a failure's first line, a backend location with its credentials masked. */
class TextRulesTest {
  @Test
  void theFirstLineOfAnErrorIsWhatPrecedesItsFirstLineBreak() {
    assertThat(JobFilter.firstLine("Shop offline")).isEqualTo("Shop offline");
    assertThat(JobFilter.firstLine("Shop offline\nat line 2")).isEqualTo("Shop offline");
    assertThat(JobFilter.firstLine("Shop offline\r\nat line 2")).isEqualTo("Shop offline");
    assertThat(JobFilter.firstLine("\nsecond")).isEmpty();
    assertThat(JobFilter.firstLine(null)).isEmpty();
    assertThat(JobFilter.firstLine("ends with CR\r")).isEqualTo("ends with CR\r");
  }

  @Test
  void likePatternsEscapeTheirWildcards() {
    assertThat(JobFilter.escapeLike("50%_off!")).isEqualTo("50!%!_off!!");
  }

  @Test
  void locationsLoseTheirUserInfoAndCredentialLikeParameters() {
    assertThat(QueueReads.safeLocation("https://shop.example/api")).isEqualTo("https://shop.example/api");
    assertThat(QueueReads.safeLocation("https://bob:hunter2@shop.example/api")).isEqualTo("https://***@shop.example/api");
    assertThat(QueueReads.safeLocation("https://shop.example/api?api_key=K3Y&page=2&access_token=T0K"))
        .isEqualTo("https://shop.example/api?api_key=***&page=2&access_token=***");
    assertThat(QueueReads.safeLocation("https://shop.example/?Password=x;sig=y")).isEqualTo("https://shop.example/?Password=***;sig=***");
    assertThat(QueueReads.safeLocation(null)).isNull();
  }
}
