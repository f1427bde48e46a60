package com.awkhad.connector.framework.adapter;

import com.awkhad.connector.component.ComponentSpec;
import com.awkhad.connector.framework.core.ConnectorComponent;
import com.awkhad.connector.framework.binding.RemoteVersion;
import com.awkhad.connector.framework.exception.MappingError;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Speaks to the external system for one binding model (usage {@code backend.adapter}): the CRUD
 * operations synchronizers use. Ids are the external ids, as strings.
 *
 * <pre>{@code
 * BackendAdapter adapter = work.component(BackendAdapter.class, "backend.adapter");
 * List<String> ids = adapter.search(Map.of("updated_since", "2026-11-01T00:00:00Z"));
 * Map<String, Object> product = adapter.read("42");
 * String id = adapter.create(Map.of("name", "Espresso"));
 * adapter.write(id, Map.of("name", "Ristretto"));
 * adapter.delete(id);
 * }</pre>
 *
 * <p>Errors: {@code NetworkRetryableError} when the system cannot be reached or asks to come back
 * later, {@code IDMissingInBackend} when the record does not exist, {@code BackendRequestError}
 * when the request is refused. {@link HttpJsonAdapter} implements all of them over HTTP and JSON.
 *
 * <p>What the synchronizers need beyond CRUD, each with a default: {@link #searchRead} (the records
 * of a listing, so an import need not fetch each again), {@link #createRecord} and
 * {@link #writeRecord} (what the remote answered, so fields it sets come back), {@link #clock()}
 * and {@link #versionOf} (the remote's timestamps and versions, compared only with each other).
 */
@ComponentSpec(name = "base.backend.adapter", usage = BackendAdapter.USAGE)
public abstract class BackendAdapter extends ConnectorComponent {
  public static final String USAGE = "backend.adapter";

  protected BackendAdapter() {}

  /** The external ids of the records matching {@code filters}. */
  public abstract List<String> search(Map<String, ?> filters);

  /**
   * The records matching {@code filters} as the listing gave them (every page), each with at
   * least its id ({@link #idOf}). A record of a list page may lack fields that a read returns: the
   * importer reads a record again when the page lacks a field its mapper needs.
   *
   * <p>By default {@link #search} and a record holding only the id; {@link HttpJsonAdapter} returns
   * the list page's objects.
   */
  public List<Map<String, Object>> searchRead(Map<String, ?> filters) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (String id : search(filters)) {
      Map<String, Object> record = new LinkedHashMap<>();
      record.put(idField(), id);
      out.add(record);
    }
    return out;
  }

  /**
   * The remote's clock at the start of the last {@link #searchRead} of this adapter instance (for
   * example the {@code Date} header of its first answer), if it knows it. The batch importer's
   * "changed since" mark never goes past it. Empty by default: the batch importer then uses the
   * local clock read before the listing.
   */
  public Optional<Instant> listingStartedAt() {
    return Optional.empty();
  }

  /** The name of the id field in the external records; {@code id} by default. */
  protected String idField() {
    return "id";
  }

  /**
   * The external id of a record this adapter returned.
   *
   * @throws MappingError when the record has no id
   */
  public String idOf(Map<String, ?> record) {
    Object id = record == null ? null : record.get(idField());
    if (id == null || id.toString().isEmpty()) {
      throw new MappingError("A " + modelName() + " record from backend '" + backend().name() + "' has no '" + idField()
          + "': override idField() in " + getClass().getSimpleName() + " to name the id field of this API");
    }
    return id.toString();
  }

  /**
   * How the remote writes timestamps (its format, precision and zone); ISO-8601 with microseconds
   * in UTC by default. Declare {@code RemoteClock.isoSeconds()} for an API in whole seconds: the
   * batch importer's mark is then sent without a fraction, rounded down.
   */
  public RemoteClock clock() {
    return RemoteClock.iso();
  }

  /** The field of an external record holding its last change; {@code updated_at} by default, null for none. */
  protected String updatedAtField() {
    return "updated_at";
  }

  /**
   * The field of an external record holding a version string (a revision, a lock version, an ETag
   * the adapter copied from a header); null (none) by default.
   */
  protected String versionField() {
    return null;
  }

  /** The record fields {@link #versionOf} reads (the non-null of {@link #updatedAtField()} and {@link #versionField()}). */
  public java.util.Set<String> versionFields() {
    java.util.Set<String> out = new java.util.LinkedHashSet<>();
    if (updatedAtField() != null) {
      out.add(updatedAtField());
    }
    if (versionField() != null) {
      out.add(versionField());
    }
    return out;
  }

  /**
   * What {@code record} says about its version: {@link #updatedAtField()} read with
   * {@link #clock()}, and {@link #versionField()}. {@link RemoteVersion#NONE} when it has neither.
   *
   * @throws MappingError when the timestamp cannot be read
   */
  public RemoteVersion versionOf(Map<String, ?> record) {
    if (record == null) {
      return RemoteVersion.NONE;
    }
    String field = updatedAtField();
    Instant updated = null;
    if (field != null) {
      try {
        updated = clock().parse(record.get(field)).orElse(null);
      } catch (IllegalArgumentException e) {
        throw new MappingError("The '" + field + "' of a " + modelName() + " record from backend '" + backend().name() + "': "
            + e.getMessage() + ". Declare the remote's format with clock() in " + getClass().getSimpleName(), e);
      }
    }
    String versionField = versionField();
    Object tag = versionField == null ? null : record.get(versionField);
    return new RemoteVersion(updated, tag == null ? null : tag.toString());
  }

  /** The external record {@code id}. */
  public abstract Map<String, Object> read(String id);

  /** Creates an external record; returns its external id. */
  public abstract String create(Map<String, ?> values);

  /**
   * Creates an external record at most once per {@code idempotencyKey}: a second call with the
   * same key (a retry after a lost answer, or after the runner died between the call and the
   * job's commit) must return the id of the record the first call created instead of creating
   * another. The exporter passes a key that stays the same for every try of one binding's first
   * export.
   *
   * <p>By default the key is ignored and {@link #create(Map)} is called: override this when the
   * external system offers a way to de-duplicate (an idempotency-key header, a client reference it
   * stores and lets you search, a unique external field). {@link HttpJsonAdapter} sends it as the
   * {@code Idempotency-Key} header.
   */
  public String create(Map<String, ?> values, String idempotencyKey) {
    return create(values);
  }

  /**
   * Creates an external record like {@link #create(Map, String)} and returns it as the remote has
   * it now, with the fields the remote set (its id, a number, a status, timestamps): the exporter
   * reads them back into the binding's version and the local record.
   *
   * <p>By default {@link #create(Map, String)} then {@link #read}; {@link HttpJsonAdapter} uses the
   * answer's body when it has one.
   */
  public Map<String, Object> createRecord(Map<String, ?> values, String idempotencyKey) {
    return read(create(values, idempotencyKey));
  }

  /** Writes {@code values} on external record {@code id}. */
  public abstract void write(String id, Map<String, ?> values);

  /**
   * Writes like {@link #write} and returns the record as the remote has it after the write (see
   * {@link #createRecord}). By default {@link #write} then {@link #read}; {@link HttpJsonAdapter}
   * uses the answer's body when it has one (a {@code 204} has none: it reads).
   */
  public Map<String, Object> writeRecord(String id, Map<String, ?> values) {
    write(id, values);
    return read(id);
  }

  /**
   * True when {@link #writeRecordIf} is a write the remote itself checks against a version (an
   * {@code If-Match} with the record's version tag): the exporter then skips its read before an
   * update and reads only when the remote refuses the version. False by default.
   */
  public boolean writesIfVersion() {
    return false;
  }

  /**
   * Writes {@code values} on external record {@code id} only if the remote still has version
   * {@code expected} (its {@link RemoteVersion#tag}), in one request the remote checks; returns the
   * record as {@link #writeRecord} does, or empty when the remote refused because its version is
   * another (nothing was written). Only called when {@link #writesIfVersion} is true;
   * {@link HttpJsonAdapter} sends {@code If-Match} and reads {@code 412} as that refusal.
   *
   * <pre>{@code
   * Optional<Map<String, Object>> written = adapter.writeRecordIf("42", values, binding.remoteVersion());
   * if (written.isEmpty()) { ... the remote changed since: read it, then decide ... }
   * }</pre>
   *
   * @throws UnsupportedOperationException when the adapter does not write conditionally
   */
  public Optional<Map<String, Object>> writeRecordIf(String id, Map<String, ?> values, RemoteVersion expected) {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " does not write conditionally: call"
        + " writeRecordIf only when writesIfVersion() is true");
  }

  /** Deletes external record {@code id}. */
  public abstract void delete(String id);

  /**
   * Checks that the external system can be reached with the backend's location and credentials,
   * without throwing: {@code ./connector backends check NAME} calls it on the adapter of each
   * binding model. {@link ConnectionCheck.Outcome#UNSUPPORTED} by default; {@link HttpJsonAdapter}
   * sends {@code GET checkPath()}.
   *
   * <pre>{@code
   * try (WorkContext work = backend.workOn("coffee.beverage.binding")) {
   *   ConnectionCheck c = work.component(BackendAdapter.class, BackendAdapter.USAGE).check();
   * }
   * }</pre>
   */
  public ConnectionCheck check() {
    return ConnectionCheck.unsupported(getClass().getName());
  }
}
