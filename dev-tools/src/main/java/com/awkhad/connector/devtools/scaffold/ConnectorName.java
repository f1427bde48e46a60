package com.awkhad.connector.devtools.scaffold;

import java.util.Locale;
import java.util.regex.Pattern;
import javax.lang.model.SourceVersion;

/**
 * A connector's name as typed ({@code demo_shop}, {@code acme-erp}) and every name derived from it:
 * the key used in model, table and channel names ({@code demo_shop}, hyphens become underscores),
 * the class prefix ({@code DemoShop}), the addon ({@code connector_demo_shop}), the Maven artifact
 * ({@code connector-demo_shop}) and the default Java package ({@code com.awkhad.connector.demo_shop}).
 *
 * <pre>{@code
 * ConnectorName n = ConnectorName.of("acme-erp");
 * n.key();        // "acme_erp"
 * n.className();  // "AcmeErp"
 * }</pre>
 */
public record ConnectorName(String name) {
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_-]*");
  private static final Pattern MODEL = Pattern.compile("[a-z][a-z0-9_]*");
  private static final int MAX_LENGTH = 40;
  /** Names a module directory must not have, and why. */
  private static final java.util.Map<String, String> RESERVED = java.util.Map.of(
      "target", "Maven's build output directory: git ignores it and mvn clean deletes it",
      "var", "the runtime data directory (H2 databases, the demo): git ignores it",
      "node_modules", "a package manager's directory: git ignores it",
      "connectors", "the directory that holds the connector modules");

  public ConnectorName {
    name = checkName(name);
  }

  public static ConnectorName of(String name) {
    return new ConnectorName(name);
  }

  private static String checkName(String name) {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("A connector needs a name, e.g. ./connector new shop");
    }
    if (!NAME.matcher(name).matches() || name.length() > MAX_LENGTH || name.endsWith("_") || name.endsWith("-")) {
      throw new IllegalArgumentException("Invalid connector name '" + name + "': use lower-case letters, digits,"
          + " underscores or hyphens, starting with a letter and ending with a letter or digit, at most " + MAX_LENGTH
          + " characters (e.g. shop, demo_shop, acme-erp)");
    }
    String why = RESERVED.get(name);
    if (why != null) {
      throw new IllegalArgumentException("Invalid connector name '" + name + "': " + name + " is " + why
          + "; choose another name (e.g. " + name + "_shop)");
    }
    String key = name.replace('-', '_');
    if (SourceVersion.isKeyword(key)) {
      throw new IllegalArgumentException("Invalid connector name '" + name + "': '" + key + "' is a Java keyword and"
          + " cannot be a package name; choose another name (e.g. " + key + "_connector)");
    }
    return name;
  }

  /** The name in model, table, channel and addon names: hyphens become underscores. */
  public String key() {
    return name.replace('-', '_');
  }

  /** The prefix of the generated classes: {@code demo_shop} gives {@code DemoShop}. */
  public String className() {
    return camel(name);
  }

  /** Words for people: {@code demo_shop} gives {@code Demo Shop}. */
  public String title() {
    StringBuilder out = new StringBuilder();
    for (String word : name.split("[_-]+")) {
      if (!word.isEmpty()) {
        out.append(out.length() == 0 ? "" : " ").append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
      }
    }
    return out.toString();
  }

  /** The addon's technical name, {@code connector_<key>}. */
  public String addon() {
    return "connector_" + key();
  }

  /** The Maven artifact, {@code connector-<name>}. */
  public String artifact() {
    return "connector-" + name;
  }

  /** The default Java package, {@code com.awkhad.connector.<key>}. */
  public String defaultPackage() {
    return "com.awkhad.connector." + key();
  }

  /** {@code demo_shop} or {@code demo-shop} gives {@code DemoShop}. */
  static String camel(String words) {
    StringBuilder out = new StringBuilder();
    for (String word : words.split("[_-]+")) {
      if (!word.isEmpty()) {
        out.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
      }
    }
    return out.toString();
  }

  /** Checks the name of the record kind synchronized ({@code --model}), e.g. {@code item} or {@code sale_order}. */
  static String checkModel(String model) {
    if (model == null || !MODEL.matcher(model).matches() || model.length() > MAX_LENGTH || model.endsWith("_")) {
      throw new IllegalArgumentException("Invalid --model '" + model + "': use lower-case letters, digits or"
          + " underscores, starting with a letter, singular (e.g. item, product, sale_order)");
    }
    return model;
  }

  /** A plain English plural for resource paths: item/items, category/categories, box/boxes. */
  static String plural(String word) {
    String w = word.toLowerCase(Locale.ROOT);
    if (w.matches(".*[^aeiou]y")) {
      return word.substring(0, word.length() - 1) + "ies";
    }
    if (w.matches(".*(s|x|z|ch|sh)")) {
      return word + "es";
    }
    return word + "s";
  }
}
