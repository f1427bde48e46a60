package com.awkhad.connector.queue.exec;

/**
 * Finds the object a job runs on among objects an application already holds, for example its
 * Spring beans (the Spring Boot starter adds one). Consulted by {@link JobTargets} after the
 * registered factories and before the constructors. The object it returns may be shared by
 * several jobs at once: it must be thread-safe, as singleton beans usually are.
 *
 * <pre>{@code
 * queue.targets().addResolver(new TargetResolver() {
 *   public boolean resolves(Class<?> type) { return type == OrderExporter.class; }
 *   public Object resolve(Class<?> type) { return exporter; }
 * });
 * }</pre>
 */
public interface TargetResolver {
  /** Whether {@link #resolve} has an object for {@code type}. */
  boolean resolves(Class<?> type);

  /** The object to run a job of {@code type} on; called only when {@link #resolves} said yes. */
  Object resolve(Class<?> type);
}
