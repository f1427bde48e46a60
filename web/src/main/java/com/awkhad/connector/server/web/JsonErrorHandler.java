package com.awkhad.connector.server.web;

import com.awkhad.connector.queue.job.JobJson;
import com.awkhad.connector.server.web.api.Errors;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's own error answers (a request it refuses before the dashboard sees it: an address or
 * headers too large, a malformed request line) as JSON like the API's, without a stack.
 */
final class JsonErrorHandler extends ErrorHandler {
  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    int status = response.getStatus();
    Object detail = request.getAttribute(ERROR_MESSAGE);
    String method = request.getMethod();
    String path = request.getHttpURI() == null ? "" : String.valueOf(request.getHttpURI().getPath());
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", status);
    body.put("error", Errors.message(status, method, path, status >= 500 ? null : detail == null ? null
        : String.valueOf(detail)));
    byte[] bytes = JobJson.mapper().writeValueAsBytes(body);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    response.getHeaders().put("X-Content-Type-Options", "nosniff");
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    response.write(true, ByteBuffer.wrap(bytes), callback);
    return true;
  }
}
