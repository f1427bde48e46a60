package com.awkhad.connector.devtools.scaffold;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Adds a module to the {@code <modules>} of an aggregator pom, editing the text in place (the
 * rest of the file, its comments and layout stay as they are): after the last
 * {@code connectors/...} module if there is one, else before {@code </modules>}, with the same
 * indentation.
 *
 * <p>Also adds a connector to the dependencies of the {@code app} module (the assembly of the {@code ./connector} jar), so that the
 * {@code ./connector} jar carries it and {@code ./connector addons}, {@code run} and {@code demo}
 * load its addon.
 *
 * <pre>{@code
 * Aggregator.addModule(checkout.pom(), "connectors/shop");   // <module>connectors/shop</module>
 * Aggregator.addDependency(checkout.appPom(), "connector-shop");
 * }</pre>
 */
public final class Aggregator {
  private static final Pattern MODULES = Pattern.compile("(?s)<modules>(.*?)</modules>");
  private static final Pattern MODULE = Pattern.compile("(?m)^([ \\t]*)<module>([^<]*)</module>[ \\t]*\\r?\\n?");
  private static final String GROUP = "<groupId>com.awkhad.connector</groupId>";
  private static final Pattern CONNECTOR_DEPENDENCY = Pattern.compile(
      "(?m)^([ \\t]*)<dependency>\\s*" + Pattern.quote(GROUP) + "\\s*<artifactId>(connector-[^<]*)</artifactId>.*?</dependency>[ \\t]*\\r?\\n?");

  private Aggregator() {}

  /**
   * Lists {@code module} (a path relative to the pom's directory, with {@code /}) in the pom's
   * {@code <modules>}; returns false when it was already listed.
   */
  public static boolean addModule(Path pom, String module) {
    return edit(pom, text -> withModule(text, module, pom));
  }

  /** Rewrites {@code pom} with {@code change} applied to its text; false when nothing changed. */
  private static boolean edit(Path pom, UnaryOperator<String> change) {
    String text = Checkout.read(pom);
    String updated = change.apply(text);
    if (updated.equals(text)) {
      return false;
    }
    try {
      Files.writeString(pom, updated, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + pom + ": " + e.getMessage(), e);
    }
    return true;
  }

  static String withModule(String pom, String module, Path where) {
    Matcher modules = MODULES.matcher(pom);
    if (!modules.find()) {
      throw new IllegalStateException(where + " has no <modules> section: add <modules><module>" + module
          + "</module></modules> to it by hand");
    }
    String block = modules.group(1);
    int blockStart = modules.start(1);
    Matcher m = MODULE.matcher(block);
    int insertAt = -1;
    String indent = "    ";
    String newline = pom.contains("\r\n") ? "\r\n" : "\n";
    while (m.find()) {
      if (m.group(2).trim().equals(module)) {
        return pom;
      }
      indent = m.group(1);
      if (m.group(2).trim().startsWith("connectors/")) {
        insertAt = blockStart + m.end();
      }
    }
    String line = indent + "<module>" + module + "</module>" + newline;
    if (insertAt < 0) {
      int close = modules.end(1);
      int lineStart = pom.lastIndexOf('\n', close - 1) + 1;
      boolean closeOnOwnLine = pom.substring(lineStart, close).isBlank();
      return closeOnOwnLine
          ? pom.substring(0, lineStart) + line + pom.substring(lineStart)
          : pom.substring(0, close) + newline + line + pom.substring(close);
    }
    if (insertAt > 0 && pom.charAt(insertAt - 1) != '\n') {
      line = newline + line; // the last module line had no line break after it
    }
    return pom.substring(0, insertAt) + line + pom.substring(insertAt);
  }

  /**
   * Adds {@code com.awkhad.connector:<artifact>} (version {@code ${project.version}}) to the
   * {@code <dependencies>} of {@code pom} (the app module's), after its last {@code connector-*}
   * dependency; returns false when it was already there.
   */
  public static boolean addDependency(Path pom, String artifact) {
    return edit(pom, text -> withDependency(text, artifact, pom));
  }

  static String withDependency(String pom, String artifact, Path where) {
    String line = "<dependency>" + GROUP + "<artifactId>" + artifact + "</artifactId><version>${project.version}"
        + "</version></dependency>";
    Matcher m = CONNECTOR_DEPENDENCY.matcher(pom);
    int insertAt = -1;
    String indent = "";
    while (m.find()) {
      if (m.group(2).equals(artifact)) {
        return pom;
      }
      indent = m.group(1);
      insertAt = m.end();
    }
    if (insertAt < 0) {
      throw new IllegalStateException(where + " has no one-line com.awkhad.connector:connector-* dependency to add "
          + artifact + " after: add " + line + " to its <dependencies> by hand");
    }
    String newline = pom.contains("\r\n") ? "\r\n" : "\n";
    String entry = indent + line + newline;
    if (pom.charAt(insertAt - 1) != '\n') {
      entry = newline + entry;
    }
    return pom.substring(0, insertAt) + entry + pom.substring(insertAt);
  }
}
