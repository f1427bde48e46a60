package com.awkhad.connector.connector.adapter;

import com.awkhad.connector.component.ComponentSpec;
import com.awkhad.connector.connector.exception.BackendRequestError;
import com.awkhad.connector.queue.job.JobJson;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link BackendAdapter} for REST-style JSON APIs, on the work context's {@link HttpJsonClient}
 * (resource {@code http}): {@code GET /things?filters} (a JSON array of ids, or of objects with an
 * {@code id}), {@code GET /things/{id}}, {@code POST /things} (answering an object with the new
 * {@code id}, with the exporter's idempotency key in the {@code Idempotency-Key} header),
 * {@code PUT /things/{id}}, {@code DELETE /things/{id}}.
 *
 * <pre>{@code
 * @ComponentSpec(name = "coffee.product.adapter", collection = "coffee.backend", applyOn = "coffee.product")
 * public class ProductAdapter extends HttpJsonAdapter {
 *   protected String resourcePath() { return "/products"; }
 * }
 * }</pre>
 *
 * <p>Override a method to follow another convention (paging, envelopes, another id field).
 */
@ComponentSpec(name = "base.http.json.adapter")
public abstract class HttpJsonAdapter extends BackendAdapter {
  private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {};

  protected HttpJsonAdapter() {}

  /** The collection path of the binding model's records, e.g. {@code /products}. */
  protected abstract String resourcePath();

  /** The name of the id field in the external records; {@code id} by default. */
  @Override
  protected String idField() {
    return "id";
  }

  /** The client of the work context (resource {@link HttpJsonClient#RESOURCE}). */
  protected HttpJsonClient client() {
    return work().attribute(HttpJsonClient.RESOURCE, HttpJsonClient.class);
  }

  @Override
  public List<String> search(Map<String, ?> filters) {
    JsonNode body = client().get(resourcePath(), filters);
    if (body == null || !body.isArray()) {
      throw new BackendRequestError("GET " + resourcePath() + " on backend '" + backend().name()
          + "' should answer a JSON array of ids, got " + (body == null ? "nothing" : body.getNodeType()), 200);
    }
    List<String> ids = new ArrayList<>();
    for (JsonNode item : body) {
      ids.add(item.isObject() ? item.path(idField()).asText() : item.asText());
    }
    return ids;
  }

  @Override
  public Map<String, Object> read(String id) {
    JsonNode body = client().get(itemPath(id));
    if (body == null || !body.isObject()) {
      throw new BackendRequestError("GET " + itemPath(id) + " on backend '" + backend().name()
          + "' should answer a JSON object, got " + (body == null ? "nothing" : body.getNodeType()), 200);
    }
    return JobJson.mapper().convertValue(body, MAP);
  }

  @Override
  public String create(Map<String, ?> values) {
    JsonNode body = client().post(resourcePath(), values);
    if (body == null || !body.hasNonNull(idField())) {
      throw new BackendRequestError("POST " + resourcePath() + " on backend '" + backend().name()
          + "' should answer the created record with its '" + idField() + "'", 200);
    }
    return body.get(idField()).asText();
  }

  /**
   * {@code POST resourcePath()} with header {@link #idempotencyHeader()} set to the key, so that a
   * system honouring it answers a repeated create with the record it created first.
   */
  @Override
  public String create(Map<String, ?> values, String idempotencyKey) {
    String header = idempotencyHeader();
    if (idempotencyKey == null || header == null) {
      return create(values);
    }
    JsonNode body = client().post(resourcePath(), values, Map.of(header, idempotencyKey));
    if (body == null || !body.hasNonNull(idField())) {
      throw new BackendRequestError("POST " + resourcePath() + " on backend '" + backend().name()
          + "' should answer the created record with its '" + idField() + "'", 200);
    }
    return body.get(idField()).asText();
  }

  /**
   * The request header carrying the idempotency key of a create; {@code Idempotency-Key} by
   * default, null to send none (then a create retried after a lost answer may create twice).
   */
  protected String idempotencyHeader() {
    return "Idempotency-Key";
  }

  @Override
  public void write(String id, Map<String, ?> values) {
    client().put(itemPath(id), values);
  }

  @Override
  public void delete(String id) {
    client().delete(itemPath(id));
  }

  /** The path of record {@code id}: {@code resourcePath()/id}, the id URL-encoded. */
  protected String itemPath(String id) {
    return resourcePath() + "/" + URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
