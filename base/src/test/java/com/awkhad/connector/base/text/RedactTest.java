package com.awkhad.connector.base.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RedactTest {

  @Test
  void masksUserInfoAndCredentialLikeParametersOnly() {
    assertThat(Redact.url("https://shop.example/api?page=2")).isEqualTo("https://shop.example/api?page=2");
    assertThat(Redact.url("https://bob:hunter2@shop.example/api")).isEqualTo("https://***@shop.example/api");
    assertThat(Redact.url("https://shop.example/api?api_key=K3Y&page=2&access_token=T0K"))
        .isEqualTo("https://shop.example/api?api_key=***&page=2&access_token=***");
    assertThat(Redact.url("jdbc:h2:file:./var/x;USER=sa;PASSWORD=hunter2")).isEqualTo("jdbc:h2:file:./var/x;USER=sa;PASSWORD=***");
    assertThat(Redact.url("jdbc:postgresql://u:p@db/x?password=pw")).isEqualTo("jdbc:postgresql://***@db/x?password=***");
    assertThat(Redact.url(null)).isNull();
    assertThat(Redact.urlIn("failed on jdbc:postgresql://u:p@db/x: refused", "jdbc:postgresql://u:p@db/x"))
        .isEqualTo("failed on jdbc:postgresql://***@db/x: refused");
  }

  @Test
  void masksCredentialsInFreeText() {
    assertThat(Redact.text("login failed for https://bob:pw@crm.example/x?token=T (password=hunter2, user=bob)"))
        .isEqualTo("login failed for https://***@crm.example/x?token=*** (password=***, user=bob)");
    assertThat(Redact.text("{\"api_key\": \"K3Y\", \"page\": 2}")).isEqualTo("{\"api_key\": \"***\", \"page\": 2}");
    assertThat(Redact.text("401 with Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.abc")).isEqualTo("401 with Authorization: Bearer ***");
    assertThat(Redact.text("client_secret: s3cr3t and token=abc")).isEqualTo("client_secret: *** and token=***");
    assertThat(Redact.text("Connection refused (backend coffee)")).isEqualTo("Connection refused (backend coffee)");
    assertThat(Redact.text(Redact.text("password=x"))).isEqualTo("password=***");
    assertThat(Redact.text(null)).isNull();
  }
}
