package com.awkhad.connector.component.event;

import com.awkhad.connector.component.RecordRef;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One notification as a {@link SkipCondition} sees it.
 *
 * @param name the event name, e.g. {@code on_record_write}
 * @param modelName the model the event is about
 * @param collectionName the collection it was published for, or {@code null} for every collection
 * @param args the arguments given to the handlers ({@code (record, fields)} for create and
 *     write, {@code (record)} for unlink)
 */
public record Event(String name, String modelName, String collectionName, List<Object> args) {
  public Event {
    args = Collections.unmodifiableList(args);
  }

  /** The first argument if it is a record reference (always so for record events). */
  public Optional<RecordRef> record() {
    return !args.isEmpty() && args.get(0) instanceof RecordRef r ? Optional.of(r) : Optional.empty();
  }

  /** The fields of a create or write event (the second argument); empty otherwise. */
  @SuppressWarnings("unchecked")
  public Set<String> fields() {
    return args.size() > 1 && args.get(1) instanceof Set<?> s ? (Set<String>) s : Set.of();
  }
}
