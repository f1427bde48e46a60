package com.awkhad.connector.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The dependencies between the Java packages of a source tree, read from the sources: a package
 * depends on another when one of its files imports a class of it (static and {@code *} imports
 * included) or names one fully qualified in its code (comments and string literals are left out).
 * Only the packages under {@code prefix} count.
 *
 * <pre>{@code
 * PackageGraph g = PackageGraph.ofMainSources(checkoutRoot, "com.awkhad.connector");
 * g.cycles();   // each set of packages that reach each other, e.g. [a, a.b]
 * }</pre>
 */
final class PackageGraph {
  private static final Pattern PACKAGE = Pattern.compile("(?m)^\\s*package\\s+([\\w.]+)\\s*;");
  private static final Pattern IMPORT = Pattern.compile("(?m)^\\s*import\\s+(?:static\\s+)?([\\w.]+?)(?:\\.\\*)?\\s*;");
  private static final Pattern QUALIFIED = Pattern.compile("(?<![\\w.])((?:[a-z_][a-z0-9_]*\\.)+)[A-Z]\\w*");
  private static final Pattern COMMENT_OR_STRING = Pattern.compile(
      "(?s)/\\*.*?\\*/|//[^\\n]*|\"\"\".*?\"\"\"|\"(?:\\\\.|[^\"\\\\\\n])*\"|'(?:\\\\.|[^'\\\\\\n])*'");

  /** Package to the packages it depends on, each with the files that make the dependency. */
  private final Map<String, Map<String, Set<String>>> edges = new TreeMap<>();

  private PackageGraph() {}

  /** An empty graph, filled with {@link #add}. */
  static PackageGraph forTests() {
    return new PackageGraph();
  }

  /** The graph of every {@code src/main/java} tree under {@code root} (build output and {@code .git} skipped). */
  static PackageGraph ofMainSources(Path root, String prefix) {
    PackageGraph g = new PackageGraph();
    try (Stream<Path> files = Files.walk(root)) {
      files.filter(f -> f.toString().endsWith(".java"))
          .filter(f -> isMainSource(root.relativize(f)))
          .sorted()
          .forEach(f -> g.add(root.relativize(f).toString(), read(f), prefix));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot walk " + root + ": " + e.getMessage(), e);
    }
    return g;
  }

  private static boolean isMainSource(Path relative) {
    String path = relative.toString().replace('\\', '/');
    return path.contains("src/main/java/") && !path.startsWith(".git/")
        && !path.contains("/target/") && !path.startsWith("target/") && !path.contains("/var/");
  }

  private static String read(Path f) {
    try {
      return Files.readString(f, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + f + ": " + e.getMessage(), e);
    }
  }

  /** Adds the dependencies of one source file ({@code name} names it in messages). */
  void add(String name, String source, String prefix) {
    String code = COMMENT_OR_STRING.matcher(source).replaceAll(" ");
    Matcher p = PACKAGE.matcher(code);
    if (!p.find() || !p.group(1).startsWith(prefix)) {
      return;
    }
    String from = p.group(1);
    edges.computeIfAbsent(from, k -> new TreeMap<>());
    Matcher i = IMPORT.matcher(code);
    while (i.find()) {
      depend(from, packageOf(i.group(1)), name, prefix);
    }
    Matcher q = QUALIFIED.matcher(IMPORT.matcher(code).replaceAll(" "));
    while (q.find()) {
      String pkg = q.group(1).substring(0, q.group(1).length() - 1);
      depend(from, pkg, name, prefix);
    }
  }

  private void depend(String from, String to, String file, String prefix) {
    if (to.equals(from) || !(to + ".").startsWith(prefix + ".")) {
      return;
    }
    edges.get(from).computeIfAbsent(to, k -> new TreeSet<>()).add(file);
  }

  /** {@code a.b.C}, {@code a.b.C.member} or {@code a.b} (a {@code *} import) to its package {@code a.b}. */
  static String packageOf(String name) {
    String[] parts = name.split("\\.");
    StringBuilder pkg = new StringBuilder();
    for (String part : parts) {
      if (!part.isEmpty() && Character.isUpperCase(part.charAt(0))) {
        break;
      }
      pkg.append(pkg.length() == 0 ? "" : ".").append(part);
    }
    return pkg.toString();
  }

  /** The packages read. */
  Set<String> packages() {
    return edges.keySet();
  }

  /**
   * Every cycle: each set of two or more packages that depend on each other, directly or not
   * (a strongly connected component), sorted.
   */
  List<Set<String>> cycles() {
    Map<String, Integer> index = new HashMap<>();
    Map<String, Integer> low = new HashMap<>();
    List<String> stack = new ArrayList<>();
    Set<String> onStack = new TreeSet<>();
    List<Set<String>> out = new ArrayList<>();
    int[] next = {0};
    for (String v : edges.keySet()) {
      if (!index.containsKey(v)) {
        connect(v, index, low, stack, onStack, out, next);
      }
    }
    out.sort(Comparator.comparing(Set::toString));
    return out;
  }

  // Tarjan's algorithm; the graphs are a few hundred packages, so recursion is deep enough
  private void connect(String v, Map<String, Integer> index, Map<String, Integer> low, List<String> stack,
      Set<String> onStack, List<Set<String>> out, int[] next) {
    index.put(v, next[0]);
    low.put(v, next[0]);
    next[0]++;
    stack.add(v);
    onStack.add(v);
    for (String w : edges.getOrDefault(v, Map.of()).keySet()) {
      if (!index.containsKey(w)) {
        connect(w, index, low, stack, onStack, out, next);
        low.put(v, Math.min(low.get(v), low.get(w)));
      } else if (onStack.contains(w)) {
        low.put(v, Math.min(low.get(v), index.get(w)));
      }
    }
    if (low.get(v).equals(index.get(v))) {
      Set<String> component = new TreeSet<>();
      String w;
      do {
        w = stack.remove(stack.size() - 1);
        onStack.remove(w);
        component.add(w);
      } while (!w.equals(v));
      if (component.size() > 1) {
        out.add(component);
      }
    }
  }

  /** The dependencies inside {@code cycle}, one line each: {@code a -> b (File.java, ...)}. */
  String explain(Set<String> cycle) {
    StringBuilder sb = new StringBuilder();
    for (String from : cycle) {
      edges.getOrDefault(from, Map.of()).forEach((to, files) -> {
        if (cycle.contains(to)) {
          sb.append("    ").append(from).append(" -> ").append(to).append("  (").append(String.join(", ", files))
              .append(")\n");
        }
      });
    }
    return sb.toString();
  }
}
