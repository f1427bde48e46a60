package com.awkhad.connector.component.event;

/**
 * A predicate that skips a listener method, named by {@link SkipIf}.
 *
 * <pre>{@code
 * public final class OnlyTechnicalFields implements SkipCondition {
 *   public boolean skip(EventListener listener, Event event) {
 *     return Set.of("write_date").containsAll(event.fields());
 *   }
 * }
 * }</pre>
 */
@FunctionalInterface
public interface SkipCondition {
  /** True to skip the call of {@code listener} for {@code event}. */
  boolean skip(EventListener listener, Event event);
}
