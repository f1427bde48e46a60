package com.awkhad.connector.server.web.api;

import com.awkhad.connector.queue.job.JobJson;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;

/** JSON in and out of the API, with the queue's mapper (ISO-8601 dates). */
final class Json {
  private Json() {}

  static void send(Context ctx, int status, Object body) {
    try {
      ctx.status(status).contentType("application/json").header("Cache-Control", "no-store")
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
      JsonNode node = JobJson.mapper().readTree(text);
      if (!node.isObject()) {
        throw ApiException.badRequest("The request body must be a JSON object, got " + node.getNodeType(), null);
      }
      return node;
    } catch (JsonProcessingException e) {
      throw ApiException.badRequest("The request body is not valid JSON: " + e.getOriginalMessage(), null);
    }
  }
}
