package com.awkhad.connector.base.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import com.awkhad.connector.base.env.Environment;
import com.awkhad.connector.testkit.DbTest;
import com.awkhad.connector.testkit.TestDb;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

class RecordsCrudTest {

  @DbTest
  void everyFieldTypeRoundTrips(TestDb db) {
    try (Environment env = TestModels.start(db)) {
      long ada = env.model("test.partner").create(Map.of("name", "Ada"));
      Instant doneAt = Instant.parse("2026-11-28T14:15:16.123456Z");
      Map<String, Object> payload = new LinkedHashMap<>();
      payload.put("sku", "X-1");
      payload.put("sizes", List.of(1, 2, 3));
      payload.put("nested", Map.of("ok", true));
      Map<String, Object> values = new HashMap<>();
      values.put("code", "S1");
      values.put("notes", "a long text\nwith lines");
      values.put("quantity", 42);            // Integer accepted, read back as Long
      values.put("price", 9.5f);             // any Number accepted, read back as Double
      values.put("active", false);
      values.put("due_date", LocalDate.of(2026, 12, 24));
      values.put("done_at", doneAt);
      values.put("partner_id", ada);
      values.put("state", "done");
      values.put("payload", payload);

      Records samples = env.model("test.sample");
      long id = samples.create(values);
      Map<String, Object> row = samples.read(id);

      assertThat(row).containsExactly(
          entry("id", id),
          entry("code", "S1"),
          entry("notes", "a long text\nwith lines"),
          entry("quantity", 42L),
          entry("price", 9.5d),
          entry("active", false),
          entry("due_date", LocalDate.of(2026, 12, 24)),
          entry("done_at", doneAt),
          entry("partner_id", ada),
          entry("state", "done"),
          entry("payload", Map.of("sku", "X-1", "sizes", List.of(1, 2, 3), "nested", Map.of("ok", true))));
    }
  }

  @DbTest
  void findReadsEveryFieldOrNothingForAMissingRecord(TestDb db) {
    try (Environment env = TestModels.start(db)) {
      Records samples = env.model("test.sample");
      long id = samples.create(Map.of("code", "F1", "quantity", 3));
      long gone = samples.create(Map.of("code", "F2"));
      samples.unlink(gone);

      assertThat(samples.find(id)).contains(samples.read(id));
      assertThat(samples.find(id).orElseThrow()).containsEntry("code", "F1").containsEntry("quantity", 3L);
      assertThat(samples.find(gone)).isEmpty();
      assertThat(samples.find(-1)).isEmpty();
    }
  }

  @DbTest
  void jsonHoldsListsAndScalarsAndDatetimeAcceptsOffsets(TestDb db) {
    try (Environment env = TestModels.start(db)) {
      Records samples = env.model("test.sample");
      long list = samples.create(Map.of("code", "L", "payload", List.of("a", 1, false)));
      long text = samples.create(Map.of("code", "T", "payload", "just text"));
      long number = samples.create(Map.of("code", "N", "payload", 2.5,
          "done_at", OffsetDateTime.of(2026, 1, 2, 3, 4, 5, 0, ZoneOffset.ofHours(2))));

      assertThat(samples.read(list).get("payload")).isEqualTo(List.of("a", 1, false));
      assertThat(samples.read(text).get("payload")).isEqualTo("just text");
      assertThat(samples.read(number).get("payload")).isEqualTo(2.5);
      assertThat(samples.read(number).get("done_at")).isEqualTo(Instant.parse("2026-01-02T01:04:05Z"));
    }
  }

  @DbTest
  void defaultsApplyAndAbsentValuesReadAsNull(TestDb db) {
    try (Environment env = TestModels.start(db)) {
      Records samples = env.model("test.sample");
      long id = samples.create(Map.of("code", "S"));
      Map<String, Object> row = samples.read(id);
      assertThat(row.get("active")).isEqualTo(true);
      assertThat(row).containsEntry("notes", null).containsEntry("payload", null).containsEntry("done_at", null);
      assertThat(env.model("test.partner").read(env.model("test.partner").create(Map.of("name", "P"))))
          .containsEntry("kind", "person");
    }
  }

  @DbTest
  void writeChangesOnlyTheGivenFieldsAndCanClearThem(TestDb db) {
    try (Environment env = TestModels.start(db)) {
      Records samples = env.model("test.sample");
      long a = samples.create(Map.of("code", "A", "quantity", 1L, "state", "draft"));
      long b = samples.create(Map.of("code", "B", "quantity", 2L, "state", "draft"));
      samples.write(List.of(a, b), Map.of("state", "done"));
      Map<String, Object> clear = new HashMap<>();
      clear.put("quantity", null);
      samples.write(a, clear);

      assertThat(samples.read(List.of(b, a), List.of("state", "quantity", "code")))
          .containsExactly(
              Map.of("id", b, "state", "done", "quantity", 2L, "code", "B"),
              new LinkedHashMap<>(Map.of("id", a, "state", "done", "code", "A")) {{ put("quantity", null); }});
      assertThat(samples.read(List.of(a), List.of("code")).get(0).keySet()).containsExactly("id", "code");
    }
  }

  @DbTest
  void unlinkDeletesAndExistsTells(TestDb db) {
    try (Environment env = TestModels.start(db)) {
      Records partners = env.model("test.partner");
      long a = partners.create(Map.of("name", "A"));
      long b = partners.create(Map.of("name", "B"));
      long c = partners.create(Map.of("name", "C", "parent_id", a));
      partners.unlink(Arrays.asList(b, c));
      assertThat(partners.exists(a)).isTrue();
      assertThat(partners.exists(b)).isFalse();
      assertThat(partners.search(Domain.all())).containsExactly(a);
      assertThat(partners.count(Domain.all())).isEqualTo(1);
    }
  }

  @DbTest
  void emptyIdListsAndEmptyValuesChangeNothing(TestDb db) {
    try (Environment env = TestModels.start(db)) {
      Records partners = env.model("test.partner");
      long a = partners.create(Map.of("name", "A"));
      List<Object> events = new java.util.ArrayList<>();
      env.recordEvents().subscribe(events::add);
      partners.write(List.of(), Map.of("name", "B"));
      partners.write(a, Map.of());
      partners.unlink(List.of());
      assertThat(partners.read(List.of(), List.of("name"))).isEmpty();
      assertThat(partners.read(a)).containsEntry("name", "A");
      assertThat(events).isEmpty();
      env.models().define("test.tag", "test_tag").field(Field.chars("label")).build();
      long tag = env.model("test.tag").create(Map.of());
      assertThat(env.model("test.tag").read(tag)).containsEntry("label", null);
    }
  }
}
