package com.awkhad.connector.base.event;

import java.util.Set;

/**
 * A change of one record, published by the record layer: {@code CREATE} and {@code WRITE} after
 * the change (in the same transaction), {@code UNLINK} before the row is deleted.
 *
 * @param fields the fields written ({@code CREATE}: every field given); empty for {@code UNLINK}
 */
public record RecordEvent(Kind kind, String model, long id, Set<String> fields) {
  public enum Kind {
    CREATE("on_record_create"),
    WRITE("on_record_write"),
    UNLINK("on_record_unlink");

    private final String eventName;

    Kind(String eventName) {
      this.eventName = eventName;
    }

    /** The seed's event name, e.g. {@code on_record_write}. */
    public String eventName() {
      return eventName;
    }
  }

  public RecordEvent {
    fields = Set.copyOf(fields);
  }
}
