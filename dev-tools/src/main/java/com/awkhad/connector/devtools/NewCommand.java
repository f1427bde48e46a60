package com.awkhad.connector.devtools;

import com.awkhad.connector.devtools.scaffold.Checkout;
import com.awkhad.connector.devtools.scaffold.Scaffold;
import com.awkhad.connector.devtools.scaffold.ScaffoldRequest;
import com.awkhad.connector.devtools.scaffold.ScaffoldResult;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ./connector new NAME}: generates a working connector module (see
 * {@link com.awkhad.connector.devtools.scaffold.Scaffold}).
 *
 * <pre>
 * ./connector new shop                       # connectors/shop, listed in the root pom.xml
 * ./connector new shop --model product       # synchronizes /products with shop.product
 * ./connector new shop --dir ../my-connectors --package com.example.shop
 * </pre>
 */
@Command(name = "new", mixinStandardHelpOptions = true, description = "Generate a working connector module NAME:"
    + " addon connector_NAME, a backend type, a binding model, an HTTP adapter, import and export mappers, a batch"
    + " importer, a record importer and exporter, an export listener, its jobs (channel root.NAME), a loopback fake"
    + " of the external system and a test on H2 and PostgreSQL, plus a README. Inside the checkout it goes to"
    + " connectors/NAME and is added to the root pom.xml's <modules>, so ./mvnw verify builds and tests it at once.")
final class NewCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "NAME",
      description = "The connector's name: lower-case letters, digits, underscores or hyphens, starting with a letter"
          + " (e.g. shop, demo_shop, acme-erp).")
  String name;

  @Option(names = "--dir", paramLabel = "DIR",
      description = "Create the module in DIR/NAME instead of <checkout>/connectors/NAME. Inside the checkout it is"
          + " added to the root pom's modules; outside, its parent pom is resolved from the local Maven repository"
          + " (run ./mvnw install -DskipTests in the checkout first).")
  Path dir;

  @Option(names = "--package", paramLabel = "PKG",
      description = "Java package of the generated classes (default: com.awkhad.connector.NAME).")
  String javaPackage;

  @Option(names = "--model", paramLabel = "MODEL", defaultValue = ScaffoldRequest.DEFAULT_MODEL,
      description = "The kind of record synchronized, singular: local model NAME.MODEL, API path /MODELs"
          + " (default: ${DEFAULT-VALUE}).")
  String model;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    Path cwd = Path.of("").toAbsolutePath();
    Checkout checkout = Checkout.find(cwd).or(Checkout::ofRunningCode).orElse(null);
    if (dir == null && checkout != null && !checkout.contains(cwd)) {
      throw new IllegalArgumentException("The current directory " + cwd + " is not inside the Awkhad Connector"
          + " checkout (" + checkout.root() + "): cd into it, or pass --dir DIR to create the module elsewhere");
    }
    ScaffoldResult r = Scaffold.generate(ScaffoldRequest.of(name).dir(dir).javaPackage(javaPackage).model(model)
        .checkout(checkout));
    PrintWriter out = spec.commandLine().getOut();
    out.println("Created connector " + r.name().name() + " (artifact " + r.name().artifact() + ", addon "
        + r.name().addon() + ", package " + r.javaPackage() + ") in " + r.moduleDir() + ":");
    r.files().forEach(f -> out.println("  " + f));
    if (r.registeredIn() != null) {
      out.println("Added <module>" + r.moduleInPom() + "</module> to " + r.registeredIn() + ".");
      if (r.addedToApp() != null) {
        out.println("Added " + r.name().artifact() + " to the dependencies of " + r.addedToApp()
            + ": ./connector addons, run and demo load " + r.name().addon() + " after the next build.");
      }
      out.println("Next: ./mvnw -B verify -pl " + r.moduleInPom() + " -am    (compiles it and runs its tests on H2"
          + " and PostgreSQL)");
    } else {
      out.println("The module is outside the checkout: install the framework once (./mvnw -B install -DskipTests in "
          + (checkout == null ? "the checkout" : checkout.root().toString()) + "), then run mvn -B verify in "
          + r.moduleDir() + ".");
    }
    out.println("Then read " + r.moduleDir().resolve("README.md") + " (what each file does and what to change first).");
    out.flush();
    return 0;
  }
}
