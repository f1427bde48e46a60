package com.awkhad.connector.server.web.api;

import com.awkhad.connector.queue.job.JobJson;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;

/** JSON in and out of the API, with the queue's mapper (ISO-8601 dates). */
final class Json {
  /** Request bodies: a key given twice or anything after the object is refused, not silently taken. */
  private static final ObjectReader STRICT = JobJson.mapper().readerFor(JsonNode.class)
      .with(StreamReadFeature.STRICT_DUPLICATE_DETECTION).with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private Json() {}

  static void send(Context ctx, int status, Object body) {
    try {
      ctx.status(status).contentType("application/json").header("Cache-Control", "no-store")
          .header("X-Content-Type-Options", "nosniff")
          .result(JobJson.mapper().writeValueAsString(body));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write the response as JSON: " + e.getOriginalMessage(), e);
    }
  }

  static void ok(Context ctx, Object body) {
    send(ctx, 200, body);
  }

  /** Stored JSON text as a tree, so that it is shown as JSON and not as a string; text that is not JSON stays text. */
  static Object tree(String json) {
    if (json == null) {
      return null;
    }
    try {
      return JobJson.mapper().readTree(json);
    } catch (JsonProcessingException e) {
      return json;
    }
  }

  /** A request body as a JSON object ({@code {}} for an empty body). */
  static JsonNode body(Context ctx) {
    String text = ctx.body();
    if (text == null || text.isBlank()) {
      return JobJson.mapper().createObjectNode();
    }
    try {
      JsonNode node = STRICT.readValue(text);
      if (node == null || !node.isObject()) {
        throw ApiException.badRequest("The request body must be a JSON object, got " + node.getNodeType(), null);
      }
      return node;
    } catch (JsonProcessingException e) {
      String why = e.getOriginalMessage();
      if (why != null && why.startsWith("Duplicate field")) {
        why += ": give each key once";
      } else if (why != null && why.contains("Trailing token")) {
        why = "there is more after the JSON object: send one object and nothing after it";
      }
      throw ApiException.badRequest("The request body is not valid JSON: " + why, null);
    }
  }
}
