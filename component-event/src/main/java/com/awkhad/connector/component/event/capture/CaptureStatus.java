package com.awkhad.connector.component.event.capture;

import com.awkhad.connector.base.env.Environment;
import java.util.List;

/**
 * What change capture shows an operator: whether it is installed, the models it captures and its
 * backlog (null when it is not installed). The dashboard's {@code GET /api/capture} reads it.
 *
 * <pre>{@code
 * CaptureStatus s = CaptureStatus.of(env);
 * s.installed();   // true
 * s.backlog();     // capture backlog: 3 change(s), oldest 120 ms old
 * }</pre>
 */
public record CaptureStatus(boolean installed, List<String> models, CaptureBacklog backlog) {
  public CaptureStatus {
    models = List.copyOf(models);
  }

  /** The status in {@code env}: read from its {@link ChangeCapture} service, when there is one. */
  public static CaptureStatus of(Environment env) {
    if (!env.hasService(ChangeCapture.class)) {
      return new CaptureStatus(false, List.of(), null);
    }
    ChangeCapture capture = ChangeCapture.of(env);
    return new CaptureStatus(true, capture.models(), capture.backlog());
  }
}
