package com.awkhad.connector.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.awkhad.connector.testkit.TestDatabases;
import com.awkhad.connector.testkit.TestDb;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@SpringBootTest(classes = StarterTestApp.class, properties = {
    "awkhad.connector.runner.enabled=true", "awkhad.connector.runner.channels=root:2",
    "awkhad.connector.web.enabled=true", "awkhad.connector.web.port=0"})
class StarterH2Test extends StarterTestBase {
  @Test
  void theDashboardAndItsApiAnswerOnTheirOwnPort() throws Exception {
    String base = runtime.web().url();
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(base + "health")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
    assertThat(health.body()).contains("\"runner\"").contains(runtime.runner().workerId());
    HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(base)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("<html");
  }

  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) {
    TestDb db = TestDatabases.fresh("h2");
    registry.add("spring.datasource.url", () -> db.url() + ";DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
    registry.add("spring.datasource.username", db::user);
    registry.add("spring.datasource.password", db::password);
  }
}
