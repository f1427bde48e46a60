package com.awkhad.connector.devtools.scaffold;

import com.awkhad.connector.base.addon.Addon;
import com.awkhad.connector.base.addon.AddonLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import javax.lang.model.SourceVersion;

/**
 * Generates a connector module: a small but complete connector for a REST system of "items"
 * (addon, backend, binding, adapter, importers, exporter, mappers, listener, jobs), a loopback fake
 * of that system and a test on H2 and PostgreSQL, plus a README.
 *
 * <pre>{@code
 * ScaffoldResult r = Scaffold.generate(ScaffoldRequest.of("shop").checkout(checkout));
 * // <checkout>/connectors/shop, artifact connector-shop, addon connector_shop, listed in <checkout>/pom.xml
 * }</pre>
 *
 * <p>Where: {@code request.dir()/NAME}, else {@code <checkout>/connectors/NAME}. A module inside the
 * checkout inherits the parent pom by relative path and is added to the root pom's
 * {@code <modules>}; a module outside it names the parent by version only (install the checkout
 * first: {@code ./mvnw install -DskipTests}). An existing directory is never overwritten.
 */
public final class Scaffold {
  /** The packages of the framework's modules, which no generated package may enter. */
  static final List<String> FRAMEWORK_PACKAGES = List.of("com.awkhad.connector.base", "com.awkhad.connector.queue",
      "com.awkhad.connector.component", "com.awkhad.connector.framework", "com.awkhad.connector.server", "com.awkhad.connector.devtools",
      "com.awkhad.connector.testkit");

  private Scaffold() {}

  /** Generates the module; see the class description. */
  public static ScaffoldResult generate(ScaffoldRequest request) {
    ConnectorName name = ConnectorName.of(request.name());
    String model = ConnectorName.checkModel(request.model());
    String javaPackage = request.javaPackage() == null ? name.defaultPackage() : checkPackage(request.javaPackage());
    checkNoClash(name, javaPackage);
    Checkout checkout = request.checkout();
    if (request.dir() == null && checkout == null) {
      throw new IllegalArgumentException("Not inside an Awkhad Connector checkout (no parent pom.xml of "
          + Checkout.PARENT_ARTIFACT + " here or above): run ./connector new from the checkout, or pass --dir DIR");
    }
    if (checkout == null) {
      throw new IllegalArgumentException("Cannot find the Awkhad Connector checkout whose parent pom the new module"
          + " inherits: run ./connector new from inside the checkout");
    }
    Path parent = (request.dir() == null ? checkout.connectorsDir() : request.dir()).toAbsolutePath().normalize();
    Path moduleDir = parent.resolve(name.name());
    if (checkout.contains(moduleDir)) {
      checkout.ignoreRuleFor(moduleDir).ifPresent(rule -> {
        throw new IllegalArgumentException("Git ignores " + moduleDir + " (rule '" + rule + "' of "
            + checkout.root().resolve(".gitignore") + "): the module would never be committed. Choose another name"
            + (request.dir() == null ? "" : " or --dir") + ".");
      });
    }
    if (Files.exists(moduleDir)) {
      throw new IllegalArgumentException(moduleDir + " already exists: ./connector new never overwrites a directory."
          + " Choose another name, another --dir, or remove it first");
    }
    if (Files.exists(parent) && !Files.isDirectory(parent)) {
      throw new IllegalArgumentException(parent + " is a file, not a directory: pass a directory as --dir");
    }
    boolean inCheckout = checkout.contains(moduleDir);
    Map<String, String> values = values(name, model, javaPackage, checkout, moduleDir, inCheckout);
    List<String> written = write(moduleDir, values);
    if (!inCheckout) {
      return new ScaffoldResult(moduleDir, written, name, javaPackage, null, null, null);
    }
    String module = checkout.root().relativize(moduleDir).toString().replace('\\', '/');
    String rootPom = Checkout.read(checkout.pom());
    boolean appPom = Files.isRegularFile(checkout.appPom());
    String appPomText = appPom ? Checkout.read(checkout.appPom()) : null;
    try {
      Aggregator.addModule(checkout.pom(), module);
      if (appPom) {
        Aggregator.addDependency(checkout.appPom(), name.artifact());
      }
    } catch (RuntimeException e) {
      deleteTree(moduleDir);
      restore(checkout.pom(), rootPom);
      if (appPom) {
        restore(checkout.appPom(), appPomText);
      }
      throw e;
    }
    return new ScaffoldResult(moduleDir, written, name, javaPackage, checkout.pom(), module,
        appPom ? checkout.appPom() : null);
  }

  private static void restore(Path file, String text) {
    try {
      Files.writeString(file, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot restore " + file + ": " + e.getMessage(), e);
    }
  }

  /** The placeholder values of the templates. */
  static Map<String, String> values(ConnectorName name, String model, String javaPackage, Checkout checkout,
      Path moduleDir, boolean inCheckout) {
    Map<String, String> v = new LinkedHashMap<>();
    v.put("name", name.name());
    v.put("key", name.key());
    v.put("Name", name.className());
    v.put("title", name.title());
    v.put("addon", name.addon());
    v.put("artifact", name.artifact());
    v.put("package", javaPackage);
    v.put("packagePath", javaPackage.replace('.', '/'));
    v.put("model", model);
    v.put("Model", ConnectorName.camel(model));
    v.put("MODEL", model.toUpperCase(Locale.ROOT));
    v.put("models", ConnectorName.plural(model));
    v.put("Models", ConnectorName.camel(ConnectorName.plural(model)));
    v.put("parentVersion", checkout.parentVersion());
    v.put("parentRelativePath", inCheckout
        ? "<relativePath>" + moduleDir.relativize(checkout.pom()).toString().replace('\\', '/') + "</relativePath>"
        : "<relativePath/>");
    v.put("buildCommand", inCheckout
        ? "./mvnw -B verify -pl " + checkout.root().relativize(moduleDir).toString().replace('\\', '/') + " -am"
        : "(cd " + checkout.root() + " && ./mvnw -B install -DskipTests)   # once: the framework into ~/.m2\n"
            + "mvn -B verify");
    return v;
  }

  private static List<String> write(Path moduleDir, Map<String, String> values) {
    List<String> written = new ArrayList<>();
    try {
      Files.createDirectories(moduleDir);
      for (Templates.Entry entry : Templates.entries()) {
        String target = Templates.render(entry.target(), values, "path " + entry.target());
        String text = Templates.render(Templates.resource(entry.template()), values, entry.template());
        Path file = moduleDir.resolve(target).normalize();
        if (!file.startsWith(moduleDir)) {
          throw new IllegalStateException("Template target " + target + " leaves the module directory");
        }
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
        written.add(target);
      }
      return written;
    } catch (IOException | RuntimeException e) {
      deleteTree(moduleDir);
      if (e instanceof IOException io) {
        throw new UncheckedIOException("Cannot write the connector under " + moduleDir + ": " + io.getMessage(), io);
      }
      throw (RuntimeException) e;
    }
  }

  /**
   * Refuses an addon name already taken by an addon on the class path, and a package inside the
   * framework's or another addon's (the generated classes would clash with theirs, e.g.
   * {@code ./connector new connector} would write a second {@code ConnectorJobs}).
   */
  static void checkNoClash(ConnectorName name, String javaPackage) {
    List<String> reserved = new ArrayList<>(FRAMEWORK_PACKAGES);
    for (Addon addon : AddonLoader.discover(Scaffold.class.getClassLoader())) {
      if (addon.manifest().technicalName().equals(name.addon())) {
        throw new IllegalArgumentException("An addon named " + name.addon() + " already exists ("
            + addon.getClass().getName() + "): choose another connector name");
      }
      reserved.add(addon.getClass().getPackageName());
    }
    for (String taken : reserved) {
      for (String generated : List.of(javaPackage, javaPackage + ".component")) {
        if (generated.equals(taken) || generated.startsWith(taken + ".")) {
          throw new IllegalArgumentException("The generated package " + generated + " would mix with " + taken
              + " (framework or existing addon): choose another connector name, or pass --package com.example."
              + name.key());
        }
      }
    }
  }

  private static String checkPackage(String javaPackage) {
    if (!SourceVersion.isName(javaPackage) || javaPackage.startsWith("java.")) {
      throw new IllegalArgumentException("Invalid --package '" + javaPackage + "': give a Java package name such as"
          + " com.example.shop (dot-separated identifiers, no Java keyword)");
    }
    return javaPackage;
  }

  private static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot clean up " + dir + " after a failed generation: " + e.getMessage(), e);
    }
  }
}
