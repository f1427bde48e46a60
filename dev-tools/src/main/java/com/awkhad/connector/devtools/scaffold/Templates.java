package com.awkhad.connector.devtools.scaffold;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The templates of a generated connector: class path resources under {@code scaffold/}, listed in
 * {@code scaffold/files.txt} as {@code template -> path in the module}. A template is plain text
 * whose {@code ${key}} placeholders (letters only) are replaced by their values; a placeholder
 * without a value is an error, so a template never leaks a {@code ${...}} into generated code.
 */
final class Templates {
  static final String BASE = "scaffold/";
  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z]+)}");

  /** One file to generate: its template resource and its path in the module (with placeholders). */
  record Entry(String template, String target) {}

  private Templates() {}

  /** The entries of {@code scaffold/files.txt}, in order. */
  static List<Entry> entries() {
    List<Entry> entries = new ArrayList<>();
    for (String line : resource("files.txt").split("\\R")) {
      String trimmed = line.strip();
      if (trimmed.isEmpty() || trimmed.startsWith("#")) {
        continue;
      }
      String[] parts = trimmed.split("\\s*->\\s*");
      if (parts.length != 2) {
        throw new IllegalStateException(BASE + "files.txt: expected 'template -> target', got '" + trimmed + "'");
      }
      entries.add(new Entry(parts[0], parts[1]));
    }
    return entries;
  }

  /** The text of template {@code name} (under {@code scaffold/}). */
  static String resource(String name) {
    try (InputStream in = Templates.class.getClassLoader().getResourceAsStream(BASE + name)) {
      if (in == null) {
        throw new IllegalStateException("Template " + BASE + name + " is missing from the class path");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code text} with every {@code ${key}} replaced by {@code values.get(key)}. */
  static String render(String text, Map<String, String> values, String what) {
    Matcher m = PLACEHOLDER.matcher(text);
    StringBuilder out = new StringBuilder(text.length() + 256);
    while (m.find()) {
      String value = values.get(m.group(1));
      if (value == null) {
        throw new IllegalStateException("Template " + what + " uses ${" + m.group(1) + "}, which has no value;"
            + " known: " + values.keySet());
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }
}
