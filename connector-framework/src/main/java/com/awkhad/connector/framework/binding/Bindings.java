package com.awkhad.connector.framework.binding;

import com.awkhad.connector.base.env.Environment;
import com.awkhad.connector.framework.exception.ConnectorException;
import com.awkhad.connector.queue.job.JobJson;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The bindings of an environment: one generic table, {@code connector_binding}, for every connector
 * and binding model. Registered by the {@code connector} addon: {@code Bindings.of(env)}. Every
 * method joins the caller's transaction.
 *
 * <pre>{@code
 * Bindings bindings = Bindings.of(env);
 * Binding b = bindings.create(backend.id(), "coffee.product", "product.product", productId, null, null, Map.of());
 * bindings.byExternal(backend.id(), "coffee.product", "42");      // Optional[Binding[...]]
 * bindings.ofLocal("product.product", productId);                 // on every backend
 * }</pre>
 *
 * <p>Uniqueness: one binding per (backend, binding model, external id) and per (backend, binding
 * model, local record). Breaking it raises {@link BindingConflict}; connectors go through the
 * binder, which turns it into a retry.
 */
public final class Bindings {
  private static final String COLUMNS =
      "id, backend_id, binding_model, local_model, local_id, external_id, sync_date, extra, remote_updated_at, remote_version";
  /** The same columns, for a write that returns the row it wrote ({@code getGeneratedKeys}, both drivers). */
  private static final String[] COLUMN_NAMES = COLUMNS.split(", ");
  private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {};
  /** Unique violation (both databases), lock or serialization conflicts (PostgreSQL). */
  private static final Set<String> CONFLICT_STATES = Set.of("23505", "55P03", "40001");
  /** H2: 50200 lock timeout, 90131 concurrent update of the same row. */
  private static final Set<Integer> H2_CONFLICTS = Set.of(50200, 90131);

  private final Environment env;

  private Bindings(Environment env) {
    this.env = env;
  }

  /** Creates the service (the {@code connector} addon does it at start-up). */
  public static Bindings create(Environment env) {
    return new Bindings(env);
  }

  /** The service of a started environment. */
  public static Bindings of(Environment env) {
    return env.service(Bindings.class);
  }

  /** The binding {@code id}, if it exists. */
  public Optional<Binding> find(long id) {
    return first("SELECT " + COLUMNS + " FROM connector_binding WHERE id = ?", id);
  }

  /**
   * The binding {@code id}, locked until the current transaction ends ({@code SELECT ... FOR
   * UPDATE NOWAIT}): one statement where a lock, then a {@link #find}, would take two. Empty when
   * it does not exist.
   *
   * <pre>{@code
   * env.tx().run(c -> {
   *   Binding b = bindings.findLocked(bindingId).orElseThrow();   // BindingConflict: another transaction holds it
   *   ...                                                          // nobody else writes it until this commits
   * });
   * }</pre>
   *
   * @throws BindingConflict when another transaction holds the row (the caller retries later)
   * @throws IllegalStateException outside a transaction (the lock would end at once)
   */
  public Optional<Binding> findLocked(long id) {
    if (env.tx().current().isEmpty()) {
      throw new IllegalStateException("Cannot lock binding " + id + " outside a transaction: the lock would be released"
          + " at once. Run it inside env.tx().run(...)");
    }
    try {
      return first("SELECT " + COLUMNS + " FROM connector_binding WHERE id = ? FOR UPDATE NOWAIT", id);
    } catch (RuntimeException e) {
      SQLException busy = lockBusy(e);
      if (busy != null) {
        throw new BindingConflict("Binding " + id + " is locked by another transaction (an export or import of the same"
            + " record is running)", busy);
      }
      throw e;
    }
  }

  /** The SQL exception of a lock that another transaction holds, found in {@code e}'s causes; null if none. */
  private static SQLException lockBusy(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof SQLException se && conflict(se)) {
        return se; // a lock held elsewhere (a unique violation cannot come from a SELECT)
      }
    }
    return null;
  }

  /** The binding of {@code externalId} on this backend and binding model. */
  public Optional<Binding> byExternal(long backendId, String bindingModel, String externalId) {
    return first("SELECT " + COLUMNS + " FROM connector_binding WHERE backend_id = ? AND binding_model = ? AND external_id = ?",
        backendId, bindingModel, externalId);
  }

  /** The binding of local record {@code localId} on this backend and binding model. */
  public Optional<Binding> byLocal(long backendId, String bindingModel, long localId) {
    return first("SELECT " + COLUMNS + " FROM connector_binding WHERE backend_id = ? AND binding_model = ? AND local_id = ?",
        backendId, bindingModel, localId);
  }

  /** Every binding of local record {@code localId} of {@code localModel}, on every backend, by id. */
  public List<Binding> ofLocal(String localModel, long localId) {
    return query("SELECT " + COLUMNS + " FROM connector_binding WHERE local_model = ? AND local_id = ? ORDER BY id",
        localModel, localId);
  }

  /** The bindings of a backend and binding model, by id (limit 0: all). */
  public List<Binding> list(long backendId, String bindingModel, int limit) {
    return query("SELECT " + COLUMNS + " FROM connector_binding WHERE backend_id = ? AND binding_model = ? ORDER BY id"
        + (limit > 0 ? " LIMIT " + limit : ""), backendId, bindingModel);
  }

  /** How many bindings a backend has for a binding model. */
  public long count(long backendId, String bindingModel) {
    return env.tx().inTransaction(c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT COUNT(*) FROM connector_binding WHERE backend_id = ? AND binding_model = ?")) {
        ps.setLong(1, backendId);
        ps.setString(2, bindingModel);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          return rs.getLong(1);
        }
      }
    });
  }

  /**
   * A backend's bindings of one binding model that have an external id (the record exists on both
   * sides): how many, how many local records they bind, and the lowest local id (null when none).
   */
  public record Bound(long bindings, long localRecords, Long firstLocalId) {}

  /** The {@link Bound} bindings of backend {@code backendId} for {@code bindingModel}. */
  public Bound bound(long backendId, String bindingModel) {
    return env.tx().inTransaction(c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*), COUNT(DISTINCT local_id), MIN(local_id)"
          + " FROM connector_binding WHERE backend_id = ? AND binding_model = ? AND external_id IS NOT NULL")) {
        ps.setLong(1, backendId);
        ps.setString(2, bindingModel);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          long first = rs.getLong(3);
          Long firstLocalId = rs.wasNull() ? null : first;
          return new Bound(rs.getLong(1), rs.getLong(2), firstLocalId);
        }
      }
    });
  }

  /** How many bindings backend {@code backendId} has, per binding model (models without bindings absent). */
  public Map<String, Long> countsByModel(long backendId) {
    return env.tx().inTransaction(c -> {
      Map<String, Long> out = new java.util.TreeMap<>();
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT binding_model, COUNT(*) FROM connector_binding WHERE backend_id = ? GROUP BY binding_model")) {
        ps.setLong(1, backendId);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.put(rs.getString(1), rs.getLong(2));
          }
        }
      }
      return out;
    });
  }

  /**
   * Deletes every binding of backend {@code backendId} (the local records stay, unbound); returns
   * how many. For deleting a backend: {@code ./connector backends delete NAME --force}.
   */
  public int deleteOf(long backendId) {
    return env.tx().inTransaction(c -> {
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM connector_binding WHERE backend_id = ?")) {
        ps.setLong(1, backendId);
        return ps.executeUpdate();
      }
    });
  }

  /**
   * Inserts a binding.
   *
   * @throws BindingConflict when the external id or the local record is already bound
   */
  public Binding create(long backendId, String bindingModel, String localModel, long localId, String externalId,
      Instant syncDate, Map<String, ?> extra) {
    return create(backendId, bindingModel, localModel, localId, externalId, syncDate, extra, RemoteVersion.NONE);
  }

  /**
   * Inserts a binding with the remote version of the record it synchronized.
   *
   * @throws BindingConflict when the external id or the local record is already bound
   */
  public Binding create(long backendId, String bindingModel, String localModel, long localId, String externalId,
      Instant syncDate, Map<String, ?> extra, RemoteVersion version) {
    RemoteVersion v = version == null ? RemoteVersion.NONE : version;
    String json = toJson(extra == null ? Map.of() : extra);
    return write("bind " + localModel + " #" + localId + " as " + bindingModel + " '" + externalId + "' on backend " + backendId,
        c -> {
          try (PreparedStatement ps = c.prepareStatement(
              "INSERT INTO connector_binding (backend_id, binding_model, local_model, local_id, external_id, sync_date, extra,"
                  + " remote_updated_at, remote_version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", COLUMN_NAMES)) {
            ps.setLong(1, backendId);
            ps.setString(2, bindingModel);
            ps.setString(3, localModel);
            ps.setLong(4, localId);
            ps.setString(5, externalId);
            setInstant(ps, 6, syncDate);
            ps.setString(7, json);
            setInstant(ps, 8, v.updatedAt());
            ps.setString(9, v.tag());
            ps.executeUpdate();
            return written(ps).orElseThrow();
          }
        });
  }

  /**
   * Sets the external id and sync date of binding {@code id}, keeping its remote version.
   *
   * @throws BindingConflict when another binding has this external id
   */
  public Binding setExternal(long id, String externalId, Instant syncDate) {
    return write("set external id '" + externalId + "' on binding " + id, c -> {
      try (PreparedStatement ps = c.prepareStatement("UPDATE connector_binding SET external_id = ?, sync_date = ? WHERE id = ?",
          COLUMN_NAMES)) {
        ps.setString(1, externalId);
        setInstant(ps, 2, syncDate);
        ps.setLong(3, id);
        ps.executeUpdate();
        return written(ps);
      }
    }).orElseThrow(() -> new ConnectorException("Binding " + id + " no longer exists"));
  }

  /**
   * Sets the external id, the sync date and the remote version of binding {@code id}: what a
   * synchronizer writes in the transaction that imported or exported the record's values.
   *
   * @throws BindingConflict when another binding has this external id
   */
  public Binding setSynchronized(long id, String externalId, Instant syncDate, RemoteVersion version) {
    RemoteVersion v = version == null ? RemoteVersion.NONE : version;
    return write("set external id '" + externalId + "' on binding " + id, c -> {
      try (PreparedStatement ps = c.prepareStatement("UPDATE connector_binding SET external_id = ?, sync_date = ?,"
          + " remote_updated_at = ?, remote_version = ? WHERE id = ?", COLUMN_NAMES)) {
        ps.setString(1, externalId);
        setInstant(ps, 2, syncDate);
        setInstant(ps, 3, v.updatedAt());
        ps.setString(4, v.tag());
        ps.setLong(5, id);
        ps.executeUpdate();
        return written(ps);
      }
    }).orElseThrow(() -> new ConnectorException("Binding " + id + " no longer exists"));
  }

  /** Merges {@code changes} into the binding's connector-specific fields (a null value removes the key). */
  public Binding updateExtra(long id, Map<String, ?> changes) {
    Binding b = find(id).orElseThrow(() -> new ConnectorException("Binding " + id + " does not exist"));
    Map<String, Object> extra = new LinkedHashMap<>(b.extra());
    changes.forEach((k, v) -> {
      if (v == null) {
        extra.remove(k);
      } else {
        extra.put(k, v);
      }
    });
    String json = toJson(extra);
    return write("update binding " + id, c -> {
      try (PreparedStatement ps = c.prepareStatement("UPDATE connector_binding SET extra = ? WHERE id = ?", COLUMN_NAMES)) {
        ps.setString(1, json);
        ps.setLong(2, id);
        ps.executeUpdate();
        return written(ps);
      }
    }).orElseThrow(() -> new ConnectorException("Binding " + id + " no longer exists"));
  }

  /** Deletes binding {@code id} (not the local record); false when it did not exist. */
  public boolean delete(long id) {
    return env.tx().inTransaction(c -> {
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM connector_binding WHERE id = ?")) {
        ps.setLong(1, id);
        return ps.executeUpdate() > 0;
      }
    });
  }

  private <T> T write(String what, com.awkhad.connector.base.tx.TxWork<T> work) {
    return env.tx().inTransaction(c -> {
      try {
        return work.run(c);
      } catch (SQLException e) {
        if (conflict(e)) {
          throw new BindingConflict("Cannot " + what + ": another binding already holds this external id or local record"
              + " (" + e.getSQLState() + ")", e);
        }
        throw e;
      }
    });
  }

  /** A unique violation, or a lock another transaction holds ({@link #CONFLICT_STATES}, {@link #H2_CONFLICTS}). */
  private static boolean conflict(SQLException e) {
    return CONFLICT_STATES.contains(e.getSQLState()) || H2_CONFLICTS.contains(e.getErrorCode());
  }

  private Optional<Binding> first(String sql, Object... params) {
    List<Binding> found = query(sql, params);
    return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
  }

  private List<Binding> query(String sql, Object... params) {
    return env.tx().inTransaction(c -> {
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        for (int i = 0; i < params.length; i++) {
          ps.setObject(i + 1, params[i]);
        }
        List<Binding> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(binding(rs));
          }
        }
        return out;
      }
    });
  }

  /** The row a write with {@link #COLUMN_NAMES} wrote; empty when it wrote none. */
  private static Optional<Binding> written(PreparedStatement ps) throws SQLException {
    try (ResultSet rs = ps.getGeneratedKeys()) {
      return rs.next() ? Optional.of(binding(rs)) : Optional.empty();
    }
  }

  private static Binding binding(ResultSet rs) throws SQLException {
    OffsetDateTime sync = rs.getObject("sync_date", OffsetDateTime.class);
    OffsetDateTime remoteUpdated = rs.getObject("remote_updated_at", OffsetDateTime.class);
    String extra = rs.getString("extra");
    return new Binding(rs.getLong("id"), rs.getLong("backend_id"), rs.getString("binding_model"),
        rs.getString("local_model"), rs.getLong("local_id"), rs.getString("external_id"),
        sync == null ? null : sync.toInstant(), extra == null ? Map.of() : fromJson(extra),
        new RemoteVersion(remoteUpdated == null ? null : remoteUpdated.toInstant(), rs.getString("remote_version")));
  }

  private static void setInstant(PreparedStatement ps, int index, Instant at) throws SQLException {
    if (at == null) {
      ps.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
    } else {
      ps.setObject(index, at.truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC));
    }
  }

  private static String toJson(Map<String, ?> extra) {
    try {
      return JobJson.mapper().writeValueAsString(extra);
    } catch (JsonProcessingException e) {
      throw new ConnectorException("Binding fields must be plain JSON values: " + e.getOriginalMessage());
    }
  }

  private static Map<String, Object> fromJson(String json) {
    try {
      return JobJson.mapper().readValue(json, MAP);
    } catch (JsonProcessingException e) {
      throw new ConnectorException("The extra fields of a binding are not a JSON object: " + e.getOriginalMessage());
    }
  }
}
