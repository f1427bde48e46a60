package com.awkhad.connector.component.event.capture;

import com.awkhad.connector.base.event.RecordEvent;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;

/** One row of {@code record_change}: a captured change not consumed yet. */
record RecordChange(long id, String model, long recordId, String op, String fields, boolean noExport, int attempts) {

  /** The record event this change becomes. */
  RecordEvent event() {
    RecordEvent.Kind kind = switch (op) {
      case "create" -> RecordEvent.Kind.CREATE;
      case "write" -> RecordEvent.Kind.WRITE;
      case "unlink" -> RecordEvent.Kind.UNLINK;
      default -> throw new IllegalStateException("record_change " + id + " has unknown op '" + op + "'");
    };
    Set<String> names = new LinkedHashSet<>();
    if (kind != RecordEvent.Kind.UNLINK && fields != null && !fields.isEmpty()) {
      names.addAll(Arrays.asList(fields.split(",")));
    }
    return new RecordEvent(kind, model, recordId, names);
  }
}
