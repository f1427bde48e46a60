package com.awkhad.connector.component.event.capture;

/**
 * The event layer's no-export scope as the capture sees it: whether a write happens inside one
 * (the trigger then records the change with {@code no_export}), and opening one to publish such a
 * change with the export listeners silent. The {@code component_event} addon hands
 * {@code NoExport}'s to {@link ChangeCapture#install}, so that this package does not depend on the
 * event layer's (which installs it).
 */
public interface ExportScope {
  /** True inside a no-export scope on this thread. */
  boolean suppressed();

  /** Opens a no-export scope on this thread; closing it ends it. */
  Scope suppress();

  /** An open scope. */
  interface Scope extends AutoCloseable {
    @Override
    void close();
  }
}
