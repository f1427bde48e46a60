package com.awkhad.connector.framework.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpHeaders;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What an answer's headers say: the next link, the location, the remote's date. */
class HttpJsonResponseTest {
  private static HttpJsonResponse answer(Map<String, List<String>> headers) {
    return new HttpJsonResponse(URI.create("https://api.example.com/v2/issues?page=1"), 204,
        HttpHeaders.of(headers, (k, v) -> true), null);
  }

  @Test
  void theNextLinkIsFoundAmongOthersAndResolvedAgainstTheRequest() {
    assertThat(answer(Map.of("Link", List.of("<https://api.example.com/v2/issues?page=1>; rel=\"first\","
        + " <https://api.example.com/v2/issues?page=2>; rel=\"next\", <https://api.example.com/v2/issues?page=9>; rel=last")))
        .nextLink()).hasValue(URI.create("https://api.example.com/v2/issues?page=2"));
    assertThat(answer(Map.of("Link", List.of("</v2/issues?page=3>; title=\"x\"; rel=\"prefetch next\""))).nextLink())
        .hasValue(URI.create("https://api.example.com/v2/issues?page=3"));
    assertThat(answer(Map.of("Link", List.of("<https://api.example.com/v2/issues?page=1>; rel=\"prev\""))).nextLink()).isEmpty();
    assertThat(answer(Map.of()).nextLink()).isEmpty();
  }

  @Test
  void locationDateAndAnEmptyBody() {
    HttpJsonResponse a = answer(Map.of("Location", List.of("42"), "Date", List.of("Thu, 03 Dec 2026 10:15:30 GMT"),
        "ETag", List.of("W/\"7\"")));
    assertThat(a.location()).hasValue(URI.create("https://api.example.com/v2/42"));
    assertThat(a.date()).hasValue(Instant.parse("2026-12-03T10:15:30Z"));
    assertThat(a.etag()).hasValue("W/\"7\"");
    assertThat(a.body()).isEmpty();
    assertThat(answer(Map.of("Date", List.of("yesterday"))).date()).isEmpty();
  }
}
