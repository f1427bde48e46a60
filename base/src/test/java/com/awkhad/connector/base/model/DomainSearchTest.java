package com.awkhad.connector.base.model;

import static com.awkhad.connector.base.model.Domain.and;
import static com.awkhad.connector.base.model.Domain.of;
import static com.awkhad.connector.base.model.Domain.or;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import com.awkhad.connector.base.env.Environment;
import com.awkhad.connector.testkit.DbTest;
import com.awkhad.connector.testkit.TestDb;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

class DomainSearchTest {

  /** Five samples; ids are looked up by code. */
  private static Map<String, Long> fixtures(Environment env) {
    long ada = env.model("test.partner").create(Map.of("name", "Ada"));
    Records samples = env.model("test.sample");
    Map<String, Long> ids = new HashMap<>();
    ids.put("alpha", samples.create(values("alpha", "First Note", 10L, 1.5, "draft", LocalDate.of(2026, 1, 1), ada)));
    ids.put("beta", samples.create(values("beta", "second note", 20L, 2.5, "done", LocalDate.of(2026, 2, 1), ada)));
    ids.put("gamma", samples.create(values("gamma", null, 30L, null, "done", LocalDate.of(2026, 3, 1), null)));
    ids.put("delta", samples.create(values("delta", "Fourth", null, 4.5, null, null, null)));
    ids.put("alpine", samples.create(values("alpine", "fifth NOTE", 50L, 5.5, "draft", LocalDate.of(2026, 5, 1), ada)));
    return ids;
  }

  private static Map<String, Object> values(
      String code, String notes, Long quantity, Double price, String state, LocalDate due, Long partner) {
    Map<String, Object> v = new HashMap<>();
    v.put("code", code);
    v.put("notes", notes);
    v.put("quantity", quantity);
    v.put("price", price);
    v.put("state", state);
    v.put("due_date", due);
    v.put("partner_id", partner);
    v.put("done_at", due == null ? null : Instant.parse(due + "T12:00:00Z"));
    return v;
  }

  private static List<String> codes(Records samples, Domain domain) {
    return samples.searchRead(domain, List.of("code"), Order.by("code"), 0).stream()
        .map(r -> (String) r.get("code"))
        .toList();
  }

  @DbTest
  void everyOperator(TestDb db) {
    try (Environment env = TestModels.start(db)) {
      Map<String, Long> ids = fixtures(env);
      Records s = env.model("test.sample");

      assertThat(codes(s, of("state", "=", "done"))).containsExactly("beta", "gamma");
      // != also matches rows without a value, as in the original
      assertThat(codes(s, of("state", "!=", "done"))).containsExactly("alpha", "alpine", "delta");
      assertThat(codes(s, of("quantity", "<", 30))).containsExactly("alpha", "beta");
      assertThat(codes(s, of("quantity", "<=", 30))).containsExactly("alpha", "beta", "gamma");
      assertThat(codes(s, of("quantity", ">", 30))).containsExactly("alpine");
      assertThat(codes(s, of("quantity", ">=", 30))).containsExactly("alpine", "gamma");
      assertThat(codes(s, of("price", ">", 2))).containsExactly("alpine", "beta", "delta");
      assertThat(codes(s, of("due_date", "<", LocalDate.of(2026, 2, 15)))).containsExactly("alpha", "beta");
      assertThat(codes(s, of("done_at", ">=", Instant.parse("2026-03-01T12:00:00Z")))).containsExactly("alpine", "gamma");
      assertThat(codes(s, of("code", "in", List.of("beta", "delta", "nope")))).containsExactly("beta", "delta");
      assertThat(codes(s, of("id", "in", new Long[] {ids.get("gamma")}))).containsExactly("gamma");
      assertThat(codes(s, of("state", "not in", List.of("done")))).containsExactly("alpha", "alpine", "delta");
      assertThat(codes(s, of("state", "in", Arrays.asList("done", null)))).containsExactly("beta", "delta", "gamma");
      assertThat(codes(s, of("state", "not in", Arrays.asList("done", null)))).containsExactly("alpha", "alpine");
      assertThat(codes(s, of("code", "in", List.of()))).isEmpty();
      assertThat(codes(s, of("code", "not in", List.of()))).hasSize(5);
      assertThat(codes(s, of("code", "like", "alp%"))).containsExactly("alpha", "alpine");
      assertThat(codes(s, of("code", "like", "ALP%"))).isEmpty();
      assertThat(codes(s, of("code", "ilike", "ALP%"))).containsExactly("alpha", "alpine");
      assertThat(codes(s, of("notes", "like", "%note"))).containsExactly("beta");
      assertThat(codes(s, of("notes", "ilike", "%note"))).containsExactly("alpha", "alpine", "beta");
      assertThat(codes(s, of("state", "like", "d_n%"))).containsExactly("beta", "gamma");
      assertThat(codes(s, of("notes", "is null"))).containsExactly("gamma");
      assertThat(codes(s, of("notes", "is not null"))).containsExactly("alpha", "alpine", "beta", "delta");
      assertThat(codes(s, of("partner_id", "=", null))).containsExactly("delta", "gamma");
      assertThat(codes(s, of("partner_id", "!=", null))).containsExactly("alpha", "alpine", "beta");
      assertThat(codes(s, of("payload", "is null"))).hasSize(5);
      assertThat(codes(s, of("active", "=", true))).hasSize(5);
      assertThat(codes(s, of("code", "NOT  IN", List.of("alpha")))).hasSize(4);
    }
  }

  @DbTest
  void andOrNest(TestDb db) {
    try (Environment env = TestModels.start(db)) {
      fixtures(env);
      Records s = env.model("test.sample");

      assertThat(codes(s, and(of("state", "=", "done"), of("quantity", ">", 20)))).containsExactly("gamma");
      assertThat(codes(s, or(of("state", "=", "done"), of("quantity", "is null")))).containsExactly("beta", "delta", "gamma");
      assertThat(codes(s, and(
              of("partner_id", "is not null"),
              or(of("code", "=", "beta"), and(of("state", "=", "draft"), of("price", "<", 2))))))
          .containsExactly("alpha", "beta");
      assertThat(codes(s, or(and(of("code", "=", "alpha")), or(of("code", "=", "gamma"), of("code", "=", "delta")))))
          .containsExactly("alpha", "delta", "gamma");
      assertThat(codes(s, Domain.all())).hasSize(5);
      assertThat(codes(s, or())).isEmpty();
      assertThat(s.count(or(of("state", "=", "draft"), of("state", "is null")))).isEqualTo(3);
    }
  }

  @DbTest
  void orderLimitAndOffset(TestDb db) {
    try (Environment env = TestModels.start(db)) {
      Map<String, Long> ids = fixtures(env);
      Records s = env.model("test.sample");

      assertThat(s.search(Domain.all()))
          .containsExactly(ids.get("alpha"), ids.get("beta"), ids.get("gamma"), ids.get("delta"), ids.get("alpine"));
      assertThat(s.search(Domain.all(), Order.desc("quantity"), 0))   // nulls first when descending
          .containsExactly(ids.get("delta"), ids.get("alpine"), ids.get("gamma"), ids.get("beta"), ids.get("alpha"));
      assertThat(s.search(Domain.all(), Order.by("quantity"), 2))
          .containsExactly(ids.get("alpha"), ids.get("beta"));
      assertThat(s.search(Domain.all(), Order.by("quantity asc"), 2, 3))  // nulls last when ascending
          .containsExactly(ids.get("alpine"), ids.get("delta"));
      assertThat(s.search(Domain.all(), Order.by("quantity"), 0, 4)).containsExactly(ids.get("delta"));
      assertThat(s.search(Domain.all(), Order.by("state desc", "code"), 0))
          .containsExactly(ids.get("delta"), ids.get("alpha"), ids.get("alpine"), ids.get("beta"), ids.get("gamma"));
      assertThat(s.search(Domain.all(), Order.asc("partner_id").thenDesc("id"), 3))
          .containsExactly(ids.get("alpine"), ids.get("beta"), ids.get("alpha"));
      List<Map<String, Object>> rows = s.searchRead(of("state", "=", "done"), List.of("code", "price"), Order.desc("code"), 1);
      assertThat(rows).hasSize(1);
      assertThat(rows.get(0)).containsExactly(entry("id", ids.get("gamma")), entry("code", "gamma"), entry("price", null));
      assertThat(s.searchRead(of("state", "=", "done"), List.of("code"), Order.by("code"), 1, 1))
          .containsExactly(Map.of("id", ids.get("gamma"), "code", "gamma"));
    }
  }

  @DbTest
  void valuesAreBoundAndIdentifiersComeOnlyFromTheModel(TestDb db) {
    try (Environment env = TestModels.start(db)) {
      fixtures(env);
      Records s = env.model("test.sample");
      assertThat(codes(s, of("code", "=", "x' OR '1'='1"))).isEmpty();
      assertThat(codes(s, of("code", "like", "%' OR 1=1 --"))).isEmpty();
      assertThatThrownBy(() -> s.search(of("code = code OR 1", "=", 1)))
          .isInstanceOf(ModelException.class)
          .hasMessageContaining("has no field 'code = code OR 1'");
      assertThatThrownBy(() -> s.search(Domain.all(), Order.by("code; DROP TABLE test_sample"), 0))
          .isInstanceOf(ModelException.class);
      assertThat(s.count(Domain.all())).isEqualTo(5);
    }
  }
}
