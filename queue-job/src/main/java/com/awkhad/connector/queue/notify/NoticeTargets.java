package com.awkhad.connector.queue.notify;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The notification targets of this process by name, registered on the environment by
 * {@link Notifications#start} so that the delivery job finds the target it names.
 *
 * <pre>{@code
 * env.service(NoticeTargets.class).get("ops").orElseThrow().send(digest);
 * }</pre>
 */
public final class NoticeTargets {
  private final Map<String, NoticeTarget> byName = new LinkedHashMap<>();

  /** @throws IllegalArgumentException when two targets share a name */
  public NoticeTargets(List<? extends NoticeTarget> targets) {
    for (NoticeTarget t : targets) {
      if (byName.putIfAbsent(t.name(), t) != null) {
        throw new IllegalArgumentException("Two notification targets are named '" + t.name() + "': give each its own name");
      }
    }
  }

  public Optional<NoticeTarget> get(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  public List<NoticeTarget> all() {
    return List.copyOf(byName.values());
  }

  public boolean isEmpty() {
    return byName.isEmpty();
  }
}
