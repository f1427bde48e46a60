package com.awkhad.connector.queue.delay;

import com.awkhad.connector.queue.job.JobJson;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Serializes a call's arguments to the stored JSON array, refusing what could not be read back. */
final class JobArguments {
  private JobArguments() {}

  /** The JSON array of the call's arguments, each checked to read back as its parameter type. */
  static String toJson(Call call) {
    Method method = call.method();
    Type[] types = method.getGenericParameterTypes();
    ArrayNode array = JobJson.mapper().createArrayNode();
    for (int i = 0; i < types.length; i++) {
      Object value = call.args().get(i);
      JsonNode node;
      try {
        node = JobJson.mapper().valueToTree(value);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("Cannot delay " + call.shortName() + ": " + what(call, i, value)
            + " cannot be serialized to JSON: " + rootMessage(e) + ". Pass ids or plain values (numbers, strings,"
            + " records, lists, maps, dates), not live objects", e);
      }
      if (!readsBackAsItself(value, types[i])) {
        try {
          JobJson.mapper().treeToValue(node, JobJson.mapper().getTypeFactory().constructType(types[i]));
        } catch (JsonProcessingException | IllegalArgumentException e) {
          throw new IllegalArgumentException("Cannot delay " + call.shortName() + ": " + what(call, i, value)
              + " serializes to " + abbreviate(node.toString()) + " but cannot be read back as "
              + types[i].getTypeName() + ": " + rootMessage(e)
              + ". Give the type a constructor Jackson can use (a record works), or pass simpler values", e);
        }
      }
      array.add(node);
    }
    return array.toString();
  }

  /**
   * True for the values whose JSON always reads back as the parameter's type: strings, booleans
   * and whole numbers passed to a parameter of exactly their type (or its primitive). The others
   * are read back once to check.
   */
  private static boolean readsBackAsItself(Object value, Type parameter) {
    if (value == null || !(parameter instanceof Class<?> p)) {
      return false;
    }
    Class<?> boxed = p == int.class ? Integer.class : p == long.class ? Long.class : p == boolean.class ? Boolean.class
        : p == short.class ? Short.class : p;
    return boxed == value.getClass()
        && (boxed == String.class || boxed == Integer.class || boxed == Long.class || boxed == Boolean.class
            || boxed == Short.class);
  }

  private static String what(Call call, int i, Object value) {
    Parameter[] params = call.method().getParameters();
    return "argument " + (i + 1) + " '" + params[i].getName() + "' of " + call.shortName()
        + (value == null ? "" : " (a " + value.getClass().getName() + ")");
  }

  /** SHA-1 of the function name and its JSON arguments: the "identity exact" key. */
  static String identityExact(String funcName, String argsJson) {
    try {
      MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
      sha1.update(funcName.getBytes(StandardCharsets.UTF_8));
      sha1.update((byte) 0);
      sha1.update(argsJson.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(sha1.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is not available in this JVM", e);
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    String m = t instanceof JsonProcessingException j ? j.getOriginalMessage() : t.getMessage();
    return m == null ? t.toString() : m;
  }

  private static String abbreviate(String s) {
    return s.length() > 80 ? s.substring(0, 77) + "..." : s;
  }
}
