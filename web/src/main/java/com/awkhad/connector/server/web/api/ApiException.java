package com.awkhad.connector.server.web.api;

import java.util.List;

/** A request the API refuses: the HTTP status, what was wrong and, when it helps, what is allowed. */
final class ApiException extends RuntimeException {
  final int status;
  final List<String> allowed;

  ApiException(int status, String message) {
    this(status, message, null);
  }

  ApiException(int status, String message, List<String> allowed) {
    super(message, null, false, false);
    this.status = status;
    this.allowed = allowed;
  }

  static ApiException badRequest(String message, List<String> allowed) {
    return new ApiException(400, message, allowed);
  }

  static ApiException notFound(String message) {
    return new ApiException(404, message);
  }
}
