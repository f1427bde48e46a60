package com.awkhad.connector.queue.delay;

import com.awkhad.connector.base.text.Causes;
import com.awkhad.connector.queue.job.JobJson;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
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

  /**
   * The mapper whose output is the stored text: a default one, as {@code JsonNode.toString()}
   * uses, so that the text (and an identity key hashed from it) is the same as when the arguments
   * were built as a tree and printed.
   */
  private static final ObjectMapper PLAIN = new ObjectMapper();

  /**
   * The JSON array of the call's arguments, each checked to read back as its parameter type.
   * Strings, booleans and whole numbers passed to a parameter of their own type are written
   * straight to the text; the others are turned into a tree first, read back once, then written
   * (a tree per argument cost a serializer provider per call: 12% of an enqueuing thread's time).
   */
  static String toJson(Call call) {
    Method method = call.method();
    Type[] types = method.getGenericParameterTypes();
    StringWriter text = new StringWriter(32 + 16 * types.length);
    try (JsonGenerator out = PLAIN.getFactory().createGenerator(text)) {
      out.writeStartArray();
      for (int i = 0; i < types.length; i++) {
        Object value = call.args().get(i);
        if (readsBackAsItself(value, types[i])) {
          writePlain(out, value);
        } else {
          out.writeTree(checkedTree(call, i, value, types[i]));
        }
      }
      out.writeEndArray();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the arguments of " + call.shortName() + ": " + e.getMessage(), e);
    }
    return text.toString();
  }

  private static void writePlain(JsonGenerator out, Object value) throws IOException {
    if (value instanceof String s) {
      out.writeString(s);
    } else if (value instanceof Integer n) {
      out.writeNumber(n);
    } else if (value instanceof Long n) {
      out.writeNumber(n);
    } else if (value instanceof Short n) {
      out.writeNumber(n);
    } else {
      out.writeBoolean((Boolean) value);
    }
  }

  /** The argument as a tree, once it has been read back as its parameter's type. */
  private static JsonNode checkedTree(Call call, int i, Object value, Type type) {
    JsonNode node;
    try {
      node = JobJson.mapper().valueToTree(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Cannot delay " + call.shortName() + ": " + what(call, i, value)
          + " cannot be serialized to JSON: " + rootMessage(e) + ". Pass ids or plain values (numbers, strings,"
          + " records, lists, maps, dates), not live objects", e);
    }
    try {
      JobJson.mapper().treeToValue(node, JobJson.mapper().getTypeFactory().constructType(type));
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw new IllegalArgumentException("Cannot delay " + call.shortName() + ": " + what(call, i, value)
          + " serializes to " + abbreviate(node.toString()) + " but cannot be read back as "
          + type.getTypeName() + ": " + rootMessage(e)
          + ". Give the type a constructor Jackson can use (a record works), or pass simpler values", e);
    }
    return node;
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
    Throwable t = Causes.root(e);
    String m = t instanceof JsonProcessingException j ? j.getOriginalMessage() : t.getMessage();
    return m == null ? t.toString() : m;
  }

  private static String abbreviate(String s) {
    return s.length() > 80 ? s.substring(0, 77) + "..." : s;
  }
}
