package com.awkhad.connector.base.addon;

import java.util.List;
import java.util.Objects;

/**
 * What an addon says about itself, the Java form of the seed's {@code __manifest__.py}.
 *
 * <pre>{@code
 * Manifest.of("connector_coffee", "1.0.0")
 *     .name("Coffee Connector").category("Connector")
 *     .depends("connector").author("Myself").license("LGPL-3")
 *     .summary("Connect Awkhad to my coffee machine.")
 *     .build();
 * }</pre>
 *
 * @param technicalName unique name such as {@code connector_coffee}; lower case, digits and
 *     underscores; also names the addon's migration folder {@code db/<technicalName>/}
 */
public record Manifest(
    String technicalName,
    String name,
    String version,
    String category,
    List<String> depends,
    String author,
    String license,
    String summary,
    String description,
    boolean installable) {

  public Manifest {
    Objects.requireNonNull(technicalName, "technicalName");
    if (!technicalName.matches("[a-z][a-z0-9_]*")) {
      throw new IllegalArgumentException(
          "Addon technical name '"
              + technicalName
              + "' is invalid: use lower-case letters, digits and underscores, starting with a"
              + " letter (e.g. connector_coffee)");
    }
    if (version == null || version.isBlank()) {
      throw new IllegalArgumentException("Addon '" + technicalName + "' has no version: set one in its manifest");
    }
    depends = List.copyOf(depends == null ? List.of() : depends);
    name = name == null ? technicalName : name;
    category = category == null ? "Uncategorized" : category;
    summary = summary == null ? "" : summary;
    description = description == null ? summary : description;
  }

  /** Starts a builder with the two required fields. */
  public static Builder of(String technicalName, String version) {
    return new Builder(technicalName, version);
  }

  /** Fluent builder for {@link Manifest}. */
  public static final class Builder {
    private final String technicalName;
    private final String version;
    private String name;
    private String category;
    private List<String> depends = List.of();
    private String author;
    private String license;
    private String summary;
    private String description;
    private boolean installable = true;

    private Builder(String technicalName, String version) {
      this.technicalName = technicalName;
      this.version = version;
    }

    public Builder name(String v) { this.name = v; return this; }
    public Builder category(String v) { this.category = v; return this; }
    public Builder depends(String... v) { this.depends = List.of(v); return this; }
    public Builder author(String v) { this.author = v; return this; }
    public Builder license(String v) { this.license = v; return this; }
    public Builder summary(String v) { this.summary = v; return this; }
    public Builder description(String v) { this.description = v; return this; }
    public Builder installable(boolean v) { this.installable = v; return this; }

    public Manifest build() {
      return new Manifest(technicalName, name, version, category, depends, author, license, summary, description, installable);
    }
  }
}
