package com.awkhad.connector.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Which module may name a table: the one whose migrations create it. Reads the reactor's modules
 * from the root {@code pom.xml} and their main sources (Java and SQL) from disk, so that a test in
 * any module checks the whole tree, whether Maven runs from the root or from the module's folder.
 *
 * <p>A table is named when its name appears as a word in code: in a SQL string, a Java identifier
 * or a SQL script's statements. Comments do not count (a comment may say where data lives), nor
 * does a Java string literal that is exactly the name, which is how an addon is named
 * ({@code depends("queue_job")}: the addon and its main table share the name, as in the original).
 *
 * <pre>{@code
 * Path root = TableOwnership.projectRoot();
 * Set<String> tables = TableOwnership.tablesCreatedBy(root.resolve("queue-job"));
 * List<String> found = TableOwnership.namedOutside(root, "queue-job", tables);
 * // ["web/src/main/java/.../JobReads.java:61: ... FROM queue_job ..."]
 * }</pre>
 */
public final class TableOwnership {
  private static final Pattern MODULE = Pattern.compile("<module>\\s*([^<\\s]+)\\s*</module>");
  private static final Pattern CREATE_TABLE = Pattern.compile(
      "CREATE\\s+TABLE\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?(\\w+)", Pattern.CASE_INSENSITIVE);

  private TableOwnership() {}

  /**
   * The reactor's root: the nearest folder, from the working directory up, whose {@code pom.xml}
   * lists modules and that holds {@code testkit/}.
   */
  public static Path projectRoot() {
    Path start = Path.of(System.getProperty("user.dir")).toAbsolutePath();
    for (Path p = start; p != null; p = p.getParent()) {
      Path pom = p.resolve("pom.xml");
      if (Files.isRegularFile(pom) && Files.isDirectory(p.resolve("testkit")) && read(pom).contains("<modules>")) {
        return p;
      }
    }
    throw new IllegalStateException("No reactor root (a pom.xml with <modules> beside testkit/) above " + start
        + ": run the test from the project or one of its modules");
  }

  /** The reactor's modules, as paths relative to {@code root} ({@code connectors/coffee}), nested ones included. */
  public static List<String> modules(Path root) {
    List<String> out = new ArrayList<>();
    collect(root, "", out);
    if (out.isEmpty()) {
      throw new IllegalStateException("The pom.xml in " + root + " lists no <module>");
    }
    return out;
  }

  private static void collect(Path root, String prefix, List<String> out) {
    Matcher m = MODULE.matcher(read(root.resolve(prefix).resolve("pom.xml")));
    while (m.find()) {
      String module = prefix + m.group(1);
      out.add(module);
      collect(root, module + "/", out);
    }
  }

  /** The tables the SQL scripts under {@code module}'s {@code src/main} create, lower case. */
  public static Set<String> tablesCreatedBy(Path module) {
    Set<String> out = new TreeSet<>();
    for (Path f : sources(module, ".sql")) {
      Matcher m = CREATE_TABLE.matcher(code(read(f), false));
      while (m.find()) {
        out.add(m.group(1).toLowerCase(Locale.ROOT));
      }
    }
    return out;
  }

  /**
   * Where a module other than {@code owner} names one of {@code tables} in its main sources: one
   * {@code <file>:<line>: <line's text>} per line, paths relative to {@code root}.
   */
  public static List<String> namedOutside(Path root, String owner, Collection<String> tables) {
    List<String> out = new ArrayList<>();
    for (String module : modules(root)) {
      if (module.equals(owner)) {
        continue;
      }
      for (Path f : sources(root.resolve(module), ".java", ".sql")) {
        String text = read(f);
        for (int line : lines(text, f.toString().endsWith(".java"), tables)) {
          out.add(root.relativize(f) + ":" + line + ": " + text.lines().skip(line - 1).findFirst().orElse("").strip());
        }
      }
    }
    return out;
  }

  /** The lines (from 1) of {@code source} whose code names one of {@code tables}. */
  public static List<Integer> lines(String source, boolean java, Collection<String> tables) {
    if (tables.isEmpty()) {
      return List.of();
    }
    String code = code(source, java);
    for (String t : tables) {
      // a literal that is only the name names an addon, not a table
      code = Pattern.compile("\"" + Pattern.quote(t) + "\"", Pattern.CASE_INSENSITIVE).matcher(code).replaceAll("\"\"");
    }
    Pattern named = Pattern.compile("\\b(" + String.join("|", tables.stream().map(Pattern::quote).toList()) + ")\\b",
        Pattern.CASE_INSENSITIVE);
    List<Integer> out = new ArrayList<>();
    int line = 1;
    for (String l : code.split("\n", -1)) {
      if (named.matcher(l).find()) {
        out.add(line);
      }
      line++;
    }
    return out;
  }

  /**
   * {@code source} with its comments blanked (line breaks kept): {@code //} and block comments in
   * Java, {@code --} and block comments in SQL; string literals are kept as they are.
   */
  static String code(String source, boolean java) {
    StringBuilder out = new StringBuilder(source.length());
    char quote = java ? '"' : '\'';
    int i = 0;
    int n = source.length();
    while (i < n) {
      char c = source.charAt(i);
      char next = i + 1 < n ? source.charAt(i + 1) : 0;
      if (c == '/' && next == '*') {
        int end = source.indexOf("*/", i + 2);
        end = end < 0 ? n : end + 2;
        blank(source, i, end, out);
        i = end;
      } else if ((java && c == '/' && next == '/') || (!java && c == '-' && next == '-')) {
        int end = source.indexOf('\n', i);
        end = end < 0 ? n : end;
        blank(source, i, end, out);
        i = end;
      } else if (java && c == '"' && source.startsWith("\"\"\"", i)) {
        int end = source.indexOf("\"\"\"", i + 3);
        end = end < 0 ? n : end + 3;
        out.append(source, i, end);
        i = end;
      } else if (c == quote || (java && c == '\'')) {
        int end = i + 1;
        while (end < n && source.charAt(end) != c && source.charAt(end) != '\n') {
          end += java && source.charAt(end) == '\\' ? 2 : 1;
        }
        end = Math.min(n, end + 1);
        out.append(source, i, end);
        i = end;
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }

  private static void blank(String source, int from, int to, StringBuilder out) {
    for (int k = from; k < to; k++) {
      out.append(source.charAt(k) == '\n' ? '\n' : ' ');
    }
  }

  private static List<Path> sources(Path module, String... suffixes) {
    Path main = module.resolve("src/main");
    if (!Files.isDirectory(main)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(main)) {
      return files.filter(Files::isRegularFile)
          .filter(f -> Stream.of(suffixes).anyMatch(s -> f.getFileName().toString().endsWith(s)))
          .sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list the sources under " + main, e);
    }
  }

  private static String read(Path f) {
    try {
      return Files.readString(f);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + f, e);
    }
  }
}
