package com.awkhad.connector.devtools.scaffold;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What to generate. Only the name is required; the rest has defaults.
 *
 * <pre>{@code
 * ScaffoldRequest.of("shop")                  // connectors/shop in the checkout, package com.awkhad.connector.shop
 *     .checkout(checkout)                     // the checkout whose parent pom the module inherits
 *     .dir(Path.of("/tmp/work"))              // or: the module goes to /tmp/work/shop
 *     .javaPackage("com.example.shop")
 *     .model("product");                      // synchronizes /products with the local model shop.product
 * }</pre>
 *
 * @param name the connector's name (see {@link ConnectorName})
 * @param dir the directory to create the module in, or null for the checkout's {@code connectors/}
 * @param javaPackage the Java package, or null for {@link ConnectorName#defaultPackage()}
 * @param model the kind of record synchronized, singular ({@code item} by default)
 * @param checkout the checkout whose parent pom the module inherits, or null when none was found
 */
public record ScaffoldRequest(String name, Path dir, String javaPackage, String model, Checkout checkout) {
  /** The default kind of record synchronized. */
  public static final String DEFAULT_MODEL = "item";

  public ScaffoldRequest {
    Objects.requireNonNull(name, "name");
    model = model == null ? DEFAULT_MODEL : model;
  }

  public static ScaffoldRequest of(String name) {
    return new ScaffoldRequest(name, null, null, null, null);
  }

  public ScaffoldRequest dir(Path value) {
    return new ScaffoldRequest(name, value, javaPackage, model, checkout);
  }

  public ScaffoldRequest javaPackage(String value) {
    return new ScaffoldRequest(name, dir, value, model, checkout);
  }

  public ScaffoldRequest model(String value) {
    return new ScaffoldRequest(name, dir, javaPackage, value, checkout);
  }

  public ScaffoldRequest checkout(Checkout value) {
    return new ScaffoldRequest(name, dir, javaPackage, model, value);
  }
}
