package com.awkhad.connector.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.awkhad.connector.coffee.CoffeeAddon;
import com.awkhad.connector.coffee.simulator.CoffeeMachineSimulator;
import com.awkhad.connector.framework.backend.Backends;
import com.awkhad.connector.testkit.DbTest;
import com.awkhad.connector.testkit.TestDb;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/** {@code /api/backends/...} with the admin and read-only tokens, on H2 and PostgreSQL. */
class WebBackendsTest {
  private static final String TOKEN = "web-admin-T0ken-0123456789";
  private static final String READ = "web-read-T0ken-0123456789";
  private static final String SECRET = "web-Machine-5ecret";

  @DbTest
  void createCheckImportExportScheduleAndDeleteThroughTheApiNeverAnsweringTheSecret(TestDb db) {
    try (CoffeeMachineSimulator machine = CoffeeMachineSimulator.builder().token(SECRET).start();
        WebFixture f = WebFixture.start(db, WebSettings.loopback(0).withToken(TOKEN).withReadToken(READ), null)) {
      String create = "{\"type\": \"coffee.backend\", \"name\": \"Kitchen machine\", \"location\": \"" + machine.url()
          + "\", \"settings\": {\"username\": \"barista\"}, \"secret\": \"" + SECRET + "\"}";
      assertThat(f.withToken(null).post("/api/backends", create).status()).isEqualTo(401);
      assertThat(f.withToken(READ).post("/api/backends", create).status()).isEqualTo(403);

      WebFixture.Reply created = f.withToken(TOKEN).post("/api/backends", create);
      assertThat(created.status()).as(created.body()).isEqualTo(201);
      assertThat(created.json().get("secretSet").asBoolean()).isTrue();
      assertThat(created.json().get("settings").get("username").asText()).isEqualTo("barista");
      assertThat(created.body()).doesNotContain(SECRET);
      long id = created.json().get("id").asLong();

      WebFixture.Reply dup = f.post("/api/backends", create);
      assertThat(dup.status()).isEqualTo(409);
      assertThat(dup.body()).contains("exists already").doesNotContain(SECRET);
      WebFixture.Reply badType = f.post("/api/backends", create.replace("coffee.backend", "tea.backend"));
      assertThat(badType.status()).isEqualTo(400);
      assertThat(badType.json().get("error").asText()).contains("Known types: coffee.backend");
      WebFixture.Reply malformed = f.post("/api/backends", "{\"secret\": \"" + SECRET + "\" oops}");
      assertThat(malformed.status()).isEqualTo(400);
      assertThat(malformed.body()).contains("holds a secret").doesNotContain(SECRET).doesNotContain("oops");

      WebFixture.Reply shown = f.withToken(READ).get("/api/backends/Kitchen%20machine");
      assertThat(shown.status()).as(shown.body()).isEqualTo(200);
      assertThat(shown.json().get("id").asLong()).isEqualTo(id);
      assertThat(f.get("/api/backends/" + id).json().get("name").asText()).isEqualTo("Kitchen machine");
      assertThat(f.get("/api/backends/Nope").status()).isEqualTo(404);
      assertThat(f.get("/api/backends").body()).doesNotContain(SECRET);
      assertThat(f.post("/api/backends/" + id + "/check", "{}").status()).isEqualTo(403);   // read token

      f.withToken(TOKEN);
      JsonNode check = f.post("/api/backends/" + id + "/check", "{}").json();
      assertThat(check.get("ok").asBoolean()).as(check.toString()).isTrue();
      assertThat(check.get("checks").get(0).get("outcome").asText()).isEqualTo("OK");

      WebFixture.Reply wrong = f.post("/api/backends/" + id + "/update", "{\"secret\": \"not-the-secret-42\"}");
      assertThat(wrong.status()).as(wrong.body()).isEqualTo(200);
      assertThat(wrong.body()).doesNotContain("not-the-secret-42");
      JsonNode refused = f.post("/api/backends/" + id + "/check", "{\"model\": \"coffee.beverage.binding\"}").json();
      assertThat(refused.get("ok").asBoolean()).isFalse();
      assertThat(refused.get("checks").get(0).get("outcome").asText()).isEqualTo("UNAUTHORIZED");
      assertThat(refused.get("checks").get(0).get("status").asInt()).isEqualTo(401);
      f.post("/api/backends/" + id + "/update", "{\"secret\": \"" + SECRET + "\"}");

      WebFixture.Reply imported = f.post("/api/backends/" + id + "/import", "{\"model\": \"coffee.beverage.binding\"}");
      assertThat(imported.status()).as(imported.body()).isEqualTo(202);
      String uuid = imported.json().get("jobs").get(0).get("uuid").asText();
      assertThat(f.get("/api/jobs/" + uuid).json().toString()).contains("importSince").doesNotContain(SECRET);
      assertThat(f.post("/api/backends/" + id + "/import", "{\"model\": \"coffee.beverage.binding\", \"all\": true,"
          + " \"since\": \"2026-11-28\"}").status()).isEqualTo(400);
      assertThat(f.post("/api/backends/" + id + "/import", "{\"model\": \"coffee.order\"}").json().get("error").asText())
          .contains("Its binding models: coffee.beverage.binding, coffee.order.binding");

      long beverage = f.env.model(CoffeeAddon.BEVERAGE).create(Map.of("name", "Espresso"));
      long order = f.env.model(CoffeeAddon.ORDER).create(Map.of("beverage_id", beverage, "quantity", 1));
      WebFixture.Reply exported = f.post("/api/backends/" + id + "/export", "{\"model\": \"coffee.order.binding\","
          + " \"record\": " + order + "}");
      assertThat(exported.status()).as(exported.body()).isEqualTo(202);
      assertThat(exported.json().get("bindingCreated").asBoolean()).isTrue();

      WebFixture.Reply scheduled = f.post("/api/backends/" + id + "/schedule", "{\"model\": \"coffee.beverage.binding\","
          + " \"every\": \"5m\"}");
      assertThat(scheduled.status()).as(scheduled.body()).isEqualTo(200);
      assertThat(scheduled.json().get("schedule").get("schedule").asText()).isEqualTo("every 300s");
      assertThat(f.post("/api/backends/" + id + "/schedule", "{\"model\": \"coffee.beverage.binding\", \"every\":"
          + " \"5 minutes\"}").json().get("error").asText()).contains("Invalid interval");

      assertThat(f.post("/api/backends/" + id + "/disable", "{}").json().get("active").asBoolean()).isFalse();
      assertThat(f.post("/api/backends/" + id + "/import", "{\"model\": \"coffee.beverage.binding\"}").status())
          .isEqualTo(409);
      assertThat(f.post("/api/backends/" + id + "/enable", "{}").json().get("active").asBoolean()).isTrue();

      WebFixture.Reply inUse = f.post("/api/backends/" + id + "/delete", "{}");
      assertThat(inUse.status()).isEqualTo(409);
      assertThat(inUse.body()).contains("binding(s)", "--force");
      WebFixture.Reply deleted = f.post("/api/backends/" + id + "/delete", "{\"force\": true}");
      assertThat(deleted.status()).as(deleted.body()).isEqualTo(200);
      assertThat(deleted.json().get("deleted").get("schedules").asInt()).isEqualTo(1);
      assertThat(Backends.of(f.env).list()).isEmpty();
      assertThat(f.post("/api/backends/" + id + "/frobnicate", "{}").status()).isEqualTo(404);
    }
  }
}
