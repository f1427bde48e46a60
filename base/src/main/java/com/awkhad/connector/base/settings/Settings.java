package com.awkhad.connector.base.settings;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The settings of a process, read once: its environment variables and system properties. The
 * environment holds them ({@code env.settings()}) and addons read theirs from it at start-up rather
 * than calling {@link System#getenv}, so that a test or an embedding application passes them in.
 *
 * <pre>{@code
 * Settings settings = Settings.fromProcess();                        // what Environment.start reads by default
 * Settings inTest = Settings.of(Map.of("CONNECTOR_WAKE_HINTS", "off")); // no process state involved
 * Optional<String> key = settings.get("CONNECTOR_SECRET_KEY", "connector.secretKey");
 * }</pre>
 *
 * <p>A setting has an environment variable and, for tests and {@code -D} options, a system
 * property; the variable wins unless it is blank.
 */
public final class Settings {
  /** No setting at all. */
  public static final Settings NONE = new Settings(Map.of(), Map.of());

  private final Map<String, String> variables;
  private final Map<String, String> properties;

  private Settings(Map<String, String> variables, Map<String, String> properties) {
    this.variables = Map.copyOf(variables);
    this.properties = Map.copyOf(properties);
  }

  /** A copy of this process's environment variables and system properties, as they are now. */
  public static Settings fromProcess() {
    return of(System.getenv(), System.getProperties());
  }

  /** Settings from environment variables only. */
  public static Settings of(Map<String, String> variables) {
    return new Settings(variables, Map.of());
  }

  /** Settings from environment variables and system properties. */
  public static Settings of(Map<String, String> variables, Properties properties) {
    Map<String, String> props = new HashMap<>();
    for (String name : properties.stringPropertyNames()) {
      props.put(name, properties.getProperty(name));
    }
    return new Settings(variables, props);
  }

  /**
   * The value of the environment variable {@code variable} unless it is missing or blank, else of
   * the system property {@code property} unless it is missing or blank (null: no property).
   */
  public Optional<String> get(String variable, String property) {
    String v = variables.get(variable);
    if (v != null && !v.isBlank()) {
      return Optional.of(v);
    }
    String p = property == null ? null : properties.get(property);
    return p == null || p.isBlank() ? Optional.empty() : Optional.of(p);
  }

  /** These settings with the environment variable {@code variable} set to {@code value}. */
  public Settings with(String variable, String value) {
    Map<String, String> copy = new HashMap<>(variables);
    copy.put(variable, value);
    return new Settings(copy, properties);
  }

  /** How many settings there are, never their values (some are secrets). */
  @Override
  public String toString() {
    return "Settings(" + variables.size() + " variables, " + properties.size() + " properties)";
  }
}
