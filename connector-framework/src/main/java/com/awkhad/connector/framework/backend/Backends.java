package com.awkhad.connector.framework.backend;

import com.awkhad.connector.base.env.Environment;
import com.awkhad.connector.base.text.ControlChars;
import com.awkhad.connector.framework.exception.ConnectorException;
import com.awkhad.connector.queue.job.JobJson;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Objects;

/**
 * The configured backends of an environment ({@code connector_backend}) and the declared backend
 * types. Registered by the {@code connector} addon: {@code Backends.of(env)}.
 *
 * <pre>{@code
 * Backends backends = Backends.of(env);
 * Backend shop = backends.newBackend("Coffee shop", "coffee.backend")
 *     .location("http://127.0.0.1:8070").version("1")
 *     .setting("cups_per_day", 12)
 *     .secret(Secret.of(System.getenv("COFFEE_TOKEN")))
 *     .create();
 * backends.updateSettings(shop.id(), Map.of("cups_per_day", 14));
 * backends.setSecret(shop.id(), Secret.of(newToken));
 * }</pre>
 *
 * <p>The secret is stored in the {@code secret} column, which the {@code connector.backend} model
 * does not declare: generic model reads (dashboard, REST API) never return it; only
 * {@link #get(long)} loads it, masked in {@code toString()} and refused by JSON. With
 * {@code CONNECTOR_SECRET_KEY} set, it is stored encrypted (AES-256-GCM, see {@link SecretBox}).
 */
public final class Backends {
  private static final String COLUMNS = "id, name, backend_type, location, version, active, settings, secret";
  private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {};

  private final Environment env;
  private final Map<String, BackendType> types;
  private final SecretBox box;

  Backends(Environment env, Collection<BackendType> declared, SecretBox box) {
    this.env = env;
    this.box = box;
    Map<String, BackendType> byName = new LinkedHashMap<>();
    for (BackendType t : declared) {
      if (byName.putIfAbsent(t.name(), t) != null) {
        throw new ConnectorException("Backend type '" + t.name() + "' is declared by two addons: give one of them another name");
      }
    }
    this.types = Map.copyOf(byName);
  }

  /**
   * Creates the service (the {@code connector} addon does it at start-up), encrypting secrets at
   * rest with the key in {@code CONNECTOR_SECRET_KEY} when set among the environment's settings
   * ({@code env.settings()}, see {@link SecretBox}).
   */
  public static Backends create(Environment env, Collection<BackendType> declared) {
    return new Backends(env, declared, SecretBox.from(env.settings()));
  }

  /** Whether secrets written now are encrypted at rest ({@code CONNECTOR_SECRET_KEY} set). */
  public boolean encryptsSecrets() {
    return box.hasKey();
  }

  /** The service of a started environment. */
  public static Backends of(Environment env) {
    return env.service(Backends.class);
  }

  Environment env() {
    return env;
  }

  /** The declared backend types by name. */
  public Map<String, BackendType> types() {
    return types;
  }

  /**
   * The declaration of backend type {@code name}.
   *
   * @throws ConnectorException listing the declared types when none has that name
   */
  public BackendType type(String name) {
    BackendType t = types.get(name);
    if (t == null) {
      throw new ConnectorException("No backend type '" + name + "' is declared. Declared types: "
          + types.keySet().stream().sorted().toList()
          + ". Start the connector addon that declares it (its addon class implements BackendTypeProvider).");
    }
    return t;
  }

  /** Starts a new backend of a declared type. */
  public NewBackend newBackend(String name, String type) {
    return new NewBackend(name, type);
  }

  /**
   * The backend {@code id}, with its settings and secret.
   *
   * @throws ConnectorException when there is no such backend
   */
  public Backend get(long id) {
    List<Backend> found = query("SELECT " + COLUMNS + " FROM connector_backend WHERE id = ?", id);
    if (found.isEmpty()) {
      throw new ConnectorException("No connector backend with id " + id
          + ": it was deleted, or the id is wrong. List the backends with Backends.list()");
    }
    return found.get(0);
  }

  /** A binding's backend and binding model ({@link #ofBinding}). */
  public record OfBinding(Backend backend, String bindingModel) {}

  /**
   * The backend of binding {@code bindingId} and the binding's model, read in one statement: the
   * export job needs both to pick its exporter, which then locks and reads the binding itself.
   * Empty when there is no such binding.
   *
   * <pre>{@code
   * backends.ofBinding(bindingId).ifPresent(b -> b.backend().workOn(b.bindingModel()));
   * }</pre>
   */
  public Optional<OfBinding> ofBinding(long bindingId) {
    List<OfBinding> found = query(rs -> new OfBinding(read(rs), rs.getString("binding_model")), "SELECT " + COLUMNS
        + ", b.binding_model FROM connector_backend JOIN (SELECT backend_id, binding_model FROM connector_binding"
        + " WHERE id = ?) b ON b.backend_id = connector_backend.id", bindingId);
    return found.stream().findFirst();
  }

  /** Every backend, by id. */
  public List<Backend> list() {
    return query("SELECT " + COLUMNS + " FROM connector_backend ORDER BY id");
  }

  /** How a backend's secret is stored. */
  public enum SecretStorage { NONE, CLEAR, ENCRYPTED }

  /**
   * A backend as an operator lists it: never its secret, only how it is stored, and the names of
   * its settings without their values (in the order stored; none when the column is not a JSON object).
   */
  public record Summary(long id, String name, String type, String location, String version, boolean active,
      SecretStorage secret, List<String> settingNames) {
    public Summary {
      settingNames = List.copyOf(settingNames);
    }
  }

  /** Every backend, by id, without reading any secret (no key needed). */
  public List<Summary> summaries() {
    return env.tx().inTransaction(c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT id, name, backend_type, location, version, active, settings,"
          + " CASE WHEN secret IS NULL THEN 'NONE' WHEN secret LIKE '" + SecretBox.PREFIX + "%' THEN 'ENCRYPTED'"
          + " ELSE 'CLEAR' END AS storage FROM connector_backend ORDER BY id");
          ResultSet rs = ps.executeQuery()) {
        List<Summary> out = new ArrayList<>();
        while (rs.next()) {
          out.add(new Summary(rs.getLong("id"), rs.getString("name"), rs.getString("backend_type"),
              rs.getString("location"), rs.getString("version"), rs.getBoolean("active"),
              SecretStorage.valueOf(rs.getString("storage")), settingNames(rs.getString("settings"))));
        }
        return out;
      }
    });
  }

  /** Which key opens a backend's stored secret; see {@link #checkSecrets()}. */
  public enum SecretOpener {
    /** Stored in clear: readable, and {@code seal-secrets} encrypts it when a key is set. */
    CLEAR,
    /** Encrypted with the key in {@code CONNECTOR_SECRET_KEY}. */
    KEY,
    /** Only the key in {@code CONNECTOR_SECRET_KEY_PREVIOUS} opens it: {@code seal-secrets} rewrites it. */
    PREVIOUS_KEY,
    /** Encrypted, and no key set opens it: the backend's jobs fail until the right key is set. */
    NONE
  }

  /** How one backend's secret can be read with the keys of this process. */
  public record SecretCheck(long id, String name, SecretOpener opener) {
    public boolean readable() {
      return opener != SecretOpener.NONE;
    }

    /** The backend as messages name it: {@code 'Kitchen machine' (id 3)}. */
    public String label() {
      return Backends.label(id, name);
    }
  }

  /**
   * Every backend that has a secret, by id, with the key that opens it (no secret is returned):
   * what {@code ./connector backends check-secrets} prints.
   *
   * <pre>{@code
   * List<Backends.SecretCheck> unreadable = backends.checkSecrets().stream().filter(c -> !c.readable()).toList();
   * }</pre>
   */
  public List<SecretCheck> checkSecrets() {
    return env.tx().inTransaction(c -> {
      List<SecretCheck> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT id, name, secret FROM connector_backend"
          + " WHERE secret IS NOT NULL ORDER BY id");
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new SecretCheck(rs.getLong("id"), rs.getString("name"),
              SecretOpener.valueOf(box.opener(rs.getString("secret")).name())));
        }
      }
      return out;
    });
  }

  /**
   * Encrypts every secret still stored in clear, and every one only the previous key opens (a
   * rotation: {@code CONNECTOR_SECRET_KEY_PREVIOUS}), with the key in {@code CONNECTOR_SECRET_KEY},
   * in one transaction; returns how many.
   *
   * @throws ConnectorException when no key is set, or when a secret is opened by no key set (the
   *     key is wrong, or the previous one is missing): then nothing is written, and the message
   *     names those backends
   */
  public int sealSecrets() {
    if (!box.hasKey()) {
      throw new ConnectorException("No key to encrypt the backend secrets with: set " + SecretBox.KEY_ENV
          + " (32 random bytes in base64, e.g. openssl rand -base64 32), the same in every process that uses this"
          + " database, then run this again");
    }
    return env.tx().inTransaction(c -> {
      List<Long> ids = new ArrayList<>();
      List<String> sealed = new ArrayList<>();
      List<String> unreadable = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT id, name, secret FROM connector_backend"
          + " WHERE secret IS NOT NULL ORDER BY id FOR UPDATE");
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String stored = rs.getString("secret");
          if (box.opener(stored) == SecretBox.Opener.NONE) {
            unreadable.add(label(rs.getLong("id"), rs.getString("name")));
            continue;
          }
          String resealed = box.reseal(stored);
          if (resealed != null) {
            ids.add(rs.getLong("id"));
            sealed.add(resealed);
          }
        }
      }
      if (!unreadable.isEmpty()) {
        throw new ConnectorException(unreadableMessage(unreadable) + " Nothing was changed.");
      }
      for (int i = 0; i < ids.size(); i++) {
        try (PreparedStatement ps = c.prepareStatement("UPDATE connector_backend SET secret = ? WHERE id = ?")) {
          ps.setString(1, sealed.get(i));
          ps.setLong(2, ids.get(i));
          ps.executeUpdate();
        }
      }
      return ids.size();
    });
  }

  /** A backend as messages name it: {@code 'Kitchen machine' (id 3)}, control characters escaped. */
  static String label(long id, String name) {
    return "'" + ControlChars.escape(name) + "' (id " + id + ")";
  }

  /**
   * Why the secrets of the {@code backends} (labels) cannot be opened, and what to do: the same
   * words for {@code seal-secrets} and {@code check-secrets}.
   */
  public String unreadableMessage(List<String> backends) {
    String keys = !box.hasKey() ? "no key is set (" + SecretBox.KEY_ENV + ")"
        : "neither the key in " + SecretBox.KEY_ENV + (box.hasPrevious() ? " nor the one in " + SecretBox.PREVIOUS_ENV
            : " (and " + SecretBox.PREVIOUS_ENV + " is not set)") + " opens them";
    return backends.size() + " backend secret(s) cannot be opened: " + String.join(", ", backends) + "; " + keys
        + ". Set " + SecretBox.KEY_ENV + " to the key they were written with; during a rotation, put the new key in "
        + SecretBox.KEY_ENV + " and the old one in " + SecretBox.PREVIOUS_ENV + ", then run ./connector backends"
        + " seal-secrets. A secret whose key is lost must be set again (Backends.setSecret).";
  }

  /** The active backends of type {@code type}, by id. */
  public List<Backend> active(String type) {
    return query("SELECT " + COLUMNS + " FROM connector_backend WHERE backend_type = ? AND active = TRUE ORDER BY id", type);
  }

  /** Merges {@code changes} into the backend's settings (a null value removes the key). */
  public void updateSettings(long id, Map<String, ?> changes) {
    Map<String, Object> settings = new LinkedHashMap<>(get(id).settings());
    changes.forEach((k, v) -> {
      if (v == null) {
        settings.remove(k);
      } else {
        settings.put(k, v);
      }
    });
    update(id, "settings", toJson(settings));
  }

  /** Replaces the backend's secret; {@link Secret#none()} clears it. */
  public void setSecret(long id, Secret secret) {
    get(id);
    update(id, "secret", stored(secret));
  }

  /** Archives or restores a backend; jobs of an archived backend do nothing. */
  public void setActive(long id, boolean active) {
    get(id);
    env.tx().run(c -> {
      try (PreparedStatement ps = c.prepareStatement("UPDATE connector_backend SET active = ? WHERE id = ?")) {
        ps.setBoolean(1, active);
        ps.setLong(2, id);
        ps.executeUpdate();
      }
    });
  }

  /** Renames a backend (names are how operators find it: keep them unique). */
  public void rename(long id, String name) {
    if (name == null || name.isBlank()) {
      throw new ConnectorException("A backend needs a name, e.g. \"Coffee shop\"");
    }
    get(id);
    update(id, "name", name);
  }

  /** Sets where the external system is (null: nowhere). */
  public void setLocation(long id, String location) {
    get(id);
    update(id, "location", location);
  }

  /** Sets the external system's version (null: none). */
  public void setVersion(long id, String version) {
    get(id);
    update(id, "version", version);
  }

  /**
   * Deletes a backend that has no bindings left (delete them first with {@code Bindings.deleteOf});
   * prefer {@link #setActive(long, boolean) archiving} a backend that synchronized records.
   *
   * @throws ConnectorException when the backend still has bindings
   */
  public void delete(long id) {
    get(id);
    env.tx().run(c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM connector_binding WHERE backend_id = ?")) {
        ps.setLong(1, id);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          if (rs.getLong(1) > 0) {
            throw new ConnectorException("Backend " + id + " still has " + rs.getLong(1) + " binding(s): archive it"
                + " instead (setActive(id, false)), or delete its bindings first");
          }
        }
      }
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM connector_backend WHERE id = ?")) {
        ps.setLong(1, id);
        ps.executeUpdate();
      }
    });
  }

  /** The column's value for a secret: null for none, sealed when there is a key. */
  private String stored(Secret secret) {
    return secret.isEmpty() ? null : box.seal(secret.reveal());
  }

  private void update(long id, String column, String value) {
    env.tx().run(c -> {
      // column is one of our constants, never user input
      try (PreparedStatement ps = c.prepareStatement("UPDATE connector_backend SET " + column + " = ? WHERE id = ?")) {
        ps.setString(1, value);
        ps.setLong(2, id);
        ps.executeUpdate();
      }
    });
  }

  private List<Backend> query(String sql, Object... params) {
    return query(this::read, sql, params);
  }

  /** One row of a query, read into a value. */
  private interface RowReader<T> {
    T read(ResultSet rs) throws SQLException;
  }

  private <T> List<T> query(RowReader<T> reader, String sql, Object... params) {
    return env.tx().inTransaction(c -> {
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        for (int i = 0; i < params.length; i++) {
          ps.setObject(i + 1, params[i]);
        }
        List<T> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(reader.read(rs));
          }
        }
        return out;
      }
    });
  }

  private Backend read(ResultSet rs) throws SQLException {
    String settings = rs.getString("settings");
    return new Backend(this, rs.getLong("id"), rs.getString("name"), rs.getString("backend_type"), rs.getString("location"),
        rs.getString("version"), rs.getBoolean("active"), settings == null ? Map.of() : fromJson(settings),
        Secret.of(box.open(rs.getString("secret"), rs.getString("name"))));
  }

  /** The keys of a settings column's JSON object; none when it is empty or not an object (a listing never fails on it). */
  private static List<String> settingNames(String json) {
    if (json == null) {
      return List.of();
    }
    try {
      JsonNode node = JobJson.mapper().readTree(json);
      List<String> names = new ArrayList<>();
      if (node != null && node.isObject()) {
        node.fieldNames().forEachRemaining(names::add);
      }
      return names;
    } catch (JsonProcessingException e) {
      return List.of();
    }
  }

  private static String toJson(Map<String, Object> settings) {
    try {
      return JobJson.mapper().writeValueAsString(settings);
    } catch (JsonProcessingException e) {
      throw new ConnectorException("Backend settings must be plain JSON values (strings, numbers, booleans, lists, maps): "
          + e.getOriginalMessage());
    }
  }

  private static Map<String, Object> fromJson(String json) {
    try {
      return JobJson.mapper().readValue(json, MAP);
    } catch (JsonProcessingException e) {
      throw new ConnectorException("The settings of a connector backend are not a JSON object: " + e.getOriginalMessage()
          + ". Fix the settings column of connector_backend");
    }
  }

  /** A backend being created; see {@link Backends#newBackend}. */
  public final class NewBackend {
    private final String name;
    private final String type;
    private String location;
    private String version;
    private final Map<String, Object> settings = new LinkedHashMap<>();
    private Secret secret = Secret.none();

    private NewBackend(String name, String type) {
      if (name == null || name.isBlank()) {
        throw new ConnectorException("A backend needs a name, e.g. \"Coffee shop\"");
      }
      this.name = name;
      this.type = type(type).name();
    }

    public NewBackend location(String value) {
      this.location = value;
      return this;
    }

    public NewBackend version(String value) {
      this.version = value;
      return this;
    }

    public NewBackend setting(String key, Object value) {
      settings.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, () -> "setting '" + key + "' is null"));
      return this;
    }

    public NewBackend settings(Map<String, ?> values) {
      values.forEach(this::setting);
      return this;
    }

    public NewBackend secret(Secret value) {
      this.secret = Objects.requireNonNull(value, "secret (use Secret.none())");
      return this;
    }

    /** Inserts the backend (in the caller's transaction, if any) and returns it. */
    public Backend create() {
      String json = toJson(settings);
      long id = env.tx().inTransaction((Connection c) -> {
        try (PreparedStatement ps = c.prepareStatement(
            "INSERT INTO connector_backend (name, backend_type, location, version, active, settings, secret)"
                + " VALUES (?, ?, ?, ?, TRUE, ?, ?)", new String[] {"id"})) {
          ps.setString(1, name);
          ps.setString(2, type);
          ps.setString(3, location);
          ps.setString(4, version);
          ps.setString(5, json);
          ps.setString(6, stored(secret));
          ps.executeUpdate();
          try (ResultSet keys = ps.getGeneratedKeys()) {
            keys.next();
            return keys.getLong(1);
          }
        }
      });
      return get(id);
    }
  }
}
