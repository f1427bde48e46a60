package com.awkhad.connector.queue.delay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.awkhad.connector.queue.job.JobJson;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.lang.reflect.Method;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The stored arguments' text is what it was when every argument went through a tree: identity
 * keys are hashes of that text, so a job enqueued before an upgrade and the same job enqueued
 * after it must get the same key.
 */
class JobArgumentsTest {

  public record Line(String sku, int qty, BigDecimal price) {}

  public static class Target {
    public void plain(String s, int i, long l, short sh, boolean b, Integer boxed, Long boxedLong) {}

    public void rich(Object any, Line line, List<Long> ids, Map<String, Object> extra, double d, Instant at,
        LocalDate day, BigDecimal amount, String maybe) {}
  }

  /** The text as the arguments' tree printed it (the way before the direct writes). */
  private static String asTree(Call call) {
    ArrayNode array = JobJson.mapper().createArrayNode();
    for (Object value : call.args()) {
      array.add(JobJson.mapper().valueToTree(value));
    }
    return array.toString();
  }

  private static Method method(String name) {
    return Arrays.stream(Target.class.getMethods()).filter(m -> m.getName().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void theTextIsTheTreesTextForPlainAndRichArguments() {
    List<Object[]> plain = List.of(
        new Object[] {"run-42", 7, 12345678901L, (short) 3, true, 5, 6L},
        new Object[] {"tab\there \"quoted\" \\ back \u0001 control \u00e9 \u20ac \ud83d\ude00", -1, Long.MIN_VALUE,
            Short.MIN_VALUE, false, null, null},
        new Object[] {"", 0, 0L, (short) 0, false, Integer.MAX_VALUE, Long.MAX_VALUE});
    for (Object[] args : plain) {
      Call call = new Call(Target.class, method("plain"), args);
      assertThat(JobArguments.toJson(call)).isEqualTo(asTree(call));
    }
    Map<String, Object> extra = new LinkedHashMap<>();
    extra.put("note", "line\nbreak");
    extra.put("n", 1.5);
    extra.put("nested", List.of(1, "two", Map.of("three", 3)));
    List<Object[]> rich = List.of(
        new Object[] {"a string as Object", new Line("ESP", 2, new BigDecimal("3.50")), List.of(1L, 2L), extra, 0.1,
            Instant.parse("2026-12-04T16:57:02.123456Z"), LocalDate.of(2026, 12, 4), new BigDecimal("1E+3"), null},
        new Object[] {42, null, List.of(), Map.of(), -0.0, null, null, new BigDecimal("0.000001"), "x"});
    for (Object[] args : rich) {
      Call call = new Call(Target.class, method("rich"), args);
      assertThat(JobArguments.toJson(call)).isEqualTo(asTree(call));
    }
  }

  @Test
  void anArgumentThatCannotBeReadBackIsStillRefusedByName() {
    Call call = new Call(Target.class, method("rich"), new Object[] {null, null, List.of("not a number"), null, 0.0,
        null, null, null, null});
    assertThatThrownBy(() -> JobArguments.toJson(call)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("argument 3 'ids'").hasMessageContaining("cannot be read back as");
  }
}
