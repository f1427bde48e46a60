package com.awkhad.connector.server;

import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The dashboard's two tokens, options of {@code run} (within {@link HttpSettings}) and of
 * {@code demo} (module dev-tools): each option wins over its environment variable.
 */
public final class HttpTokens {
  @Option(names = "--http-token", paramLabel = "TOKEN",
      description = "Token the API and metrics require as 'Authorization: Bearer TOKEN' (default: $CONNECTOR_HTTP_TOKEN;"
          + " prefer the variable: options show in process lists). At least 16 characters.")
  String token;

  @Option(names = "--http-read-token", paramLabel = "TOKEN",
      description = "A second, read-only token: it may read pages, the API and /metrics but not requeue, cancel or"
          + " set done (default: $CONNECTOR_HTTP_READ_TOKEN). Needs --http-token too.")
  String readToken;

  /** --http-token, else {@code CONNECTOR_HTTP_TOKEN} of {@code env}, else null. */
  public String token(Map<String, String> env) {
    return token != null ? token : env.get("CONNECTOR_HTTP_TOKEN");
  }

  /** --http-read-token, else {@code CONNECTOR_HTTP_READ_TOKEN} of {@code env}, else null. */
  public String readToken(Map<String, String> env) {
    return readToken != null ? readToken : env.get("CONNECTOR_HTTP_READ_TOKEN");
  }
}
