package com.awkhad.connector.base.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ErrorShapeTest {
  @Test
  void theFailuresOfOneOutageHaveOneShape() {
    String a = ErrorShape.of("GET http://127.0.0.1:8069/orders/1016 on backend 'Kitchen machine' failed: ConnectException");
    String b = ErrorShape.of("GET http://127.0.0.1:8069/orders/1027 on backend 'Kitchen machine' failed: ConnectException");
    assertThat(a).isEqualTo(b)
        .isEqualTo("GET http://{n}:{n}/orders/{n} on backend '{s}' failed: ConnectException");
  }

  @Test
  void uuidsHexIdsAndQuotedValuesArePlaceholdersAndAnHttpStatusIsKept() {
    assertThat(ErrorShape.of("Job 0b6c2f1e-8d4a-4f3e-9c1a-2b7d5e6f8a90 answered HTTP 503 after 1.5 s"))
        .isEqualTo("Job {uuid} answered HTTP 503 after {n} s");
    assertThat(ErrorShape.of("commit 3fa9c2d1e0 refused: \"sku-42\" unknown")).isEqualTo("commit {id} refused: \"{s}\" unknown");
    assertThat(ErrorShape.of("utf8 and V2 stay")).isEqualTo("utf8 and V2 stay");
    assertThat(ErrorShape.of(null)).isEmpty();
  }

  @Test
  void theLikePatternMatchesEveryLineOfTheShapeAndEscapesTheRest() {
    assertThat(ErrorShape.likePattern("GET /orders/{n} 100% '{s}'")).isEqualTo("GET /orders/% 100!% '%'");
    assertThat(ErrorShape.hasPlaceholder("no_number")).isFalse();
  }
}
