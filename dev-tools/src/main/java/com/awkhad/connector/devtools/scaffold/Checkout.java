package com.awkhad.connector.devtools.scaffold;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A checkout of this project: the directory holding the parent/aggregator {@code pom.xml}
 * (artifact {@code awkhad-connector-parent}). Generated modules inherit that pom and are listed in
 * its {@code <modules>}.
 *
 * <pre>{@code
 * Checkout checkout = Checkout.find(Path.of("").toAbsolutePath()).orElseThrow();
 * checkout.parentVersion();   // "0.1.0-SNAPSHOT"
 * }</pre>
 */
public record Checkout(Path root) {
  /** The artifact id of the parent pom. */
  public static final String PARENT_ARTIFACT = "awkhad-connector-parent";
  private static final Pattern PARENT_VERSION = Pattern.compile(
      "<artifactId>" + Pattern.quote(PARENT_ARTIFACT) + "</artifactId>\\s*<version>([^<]+)</version>");

  public Checkout {
    root = root.toAbsolutePath().normalize();
  }

  /** The checkout holding {@code start} (or {@code start} itself), looking up the directory tree. */
  public static Optional<Checkout> find(Path start) {
    for (Path dir = start.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
      if (isRoot(dir)) {
        return Optional.of(new Checkout(dir));
      }
    }
    return Optional.empty();
  }

  /** The checkout the running code was built in ({@code app/target/connector.jar} or {@code dev-tools/target/classes}). */
  public static Optional<Checkout> ofRunningCode() {
    try {
      Path code = Path.of(Checkout.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      return find(code);
    } catch (URISyntaxException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** The aggregator pom. */
  public Path pom() {
    return root.resolve("pom.xml");
  }

  /** The pom of the {@code app} module, the assembly whose jar {@code ./connector} runs (it lists the connectors). */
  public Path appPom() {
    return root.resolve("app").resolve("pom.xml");
  }

  /** Where {@code ./connector new} puts connectors by default: {@code <root>/connectors}. */
  public Path connectorsDir() {
    return root.resolve("connectors");
  }

  /** True when {@code dir} is this checkout or inside it. */
  public boolean contains(Path dir) {
    return dir.toAbsolutePath().normalize().startsWith(root);
  }

  /**
   * The line of the checkout's root {@code .gitignore} that makes git ignore {@code dir} (a path
   * inside the checkout), if any: a pattern without a slash inside ({@code target/}, {@code *.iml})
   * matching one of the directory names from the root down. Enough for this checkout's file;
   * not every git rule (negations, anchored paths) is followed.
   */
  public Optional<String> ignoreRuleFor(Path dir) {
    Path gitignore = root.resolve(".gitignore");
    Path relative = root.relativize(dir.toAbsolutePath().normalize());
    if (!Files.isRegularFile(gitignore) || relative.toString().isEmpty()) {
      return Optional.empty();
    }
    for (String raw : read(gitignore).split("\\R")) {
      String rule = raw.strip();
      String pattern = rule.endsWith("/") ? rule.substring(0, rule.length() - 1) : rule;
      if (pattern.isEmpty() || pattern.startsWith("#") || pattern.startsWith("!") || pattern.contains("/")) {
        continue;
      }
      java.nio.file.PathMatcher glob;
      try {
        glob = java.nio.file.FileSystems.getDefault().getPathMatcher("glob:" + pattern);
      } catch (IllegalArgumentException unusual) {
        continue;
      }
      for (Path part : relative) {
        if (glob.matches(part)) {
          return Optional.of(rule);
        }
      }
    }
    return Optional.empty();
  }

  /** The version of the parent pom, which a generated module inherits. */
  public String parentVersion() {
    Matcher m = PARENT_VERSION.matcher(read(pom()));
    if (!m.find()) {
      throw new IllegalStateException(pom() + " has no <artifactId>" + PARENT_ARTIFACT + "</artifactId> followed by"
          + " its <version>: is this the Awkhad Connector checkout?");
    }
    return m.group(1).trim();
  }

  private static boolean isRoot(Path dir) {
    Path pom = dir.resolve("pom.xml");
    if (!Files.isRegularFile(pom)) {
      return false;
    }
    String text = read(pom);
    return PARENT_VERSION.matcher(text).find() && !text.contains("<parent>"); // a module's pom names it as parent

  }

  static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
    }
  }
}
