package com.awkhad.connector.connector.adapter;

import com.awkhad.connector.component.ComponentSpec;
import com.awkhad.connector.connector.ConnectorComponent;
import java.util.List;
import java.util.Map;

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
 */
@ComponentSpec(name = "base.backend.adapter", usage = BackendAdapter.USAGE)
public abstract class BackendAdapter extends ConnectorComponent {
  public static final String USAGE = "backend.adapter";

  protected BackendAdapter() {}

  /** The external ids of the records matching {@code filters}. */
  public abstract List<String> search(Map<String, ?> filters);

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

  /** Writes {@code values} on external record {@code id}. */
  public abstract void write(String id, Map<String, ?> values);

  /** Deletes external record {@code id}. */
  public abstract void delete(String id);
}
