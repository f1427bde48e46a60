package com.awkhad.connector.component.event;

import com.awkhad.connector.component.event.capture.ExportScope;

/**
 * A scope in which export listeners stay silent, so that writing what was just imported does
 * not send it back to the external system. It covers the current thread, where record events
 * are delivered, and nests.
 *
 * <pre>{@code
 * try (NoExport.Scope s = NoExport.scope()) {
 *   env.model("res.partner").write(id, values);        // listeners marked @SkipIf(NoExport.class) are skipped
 * }
 *
 * @Override
 * @SkipIf(NoExport.class)
 * public void onRecordWrite(RecordRef record, Set<String> fields) { ...enqueue an export... }
 * }</pre>
 */
public final class NoExport implements SkipCondition {
  /** This scope as the change capture sees it ({@code ChangeCapture.install}). */
  public static final ExportScope EXPORT_SCOPE = new ExportScope() {
    @Override
    public boolean suppressed() {
      return active();
    }

    @Override
    public ExportScope.Scope suppress() {
      return scope();
    }
  };

  private static final ThreadLocal<int[]> DEPTH = new ThreadLocal<>();

  /** Used by {@link SkipIf}; call the static methods otherwise. */
  public NoExport() {}

  /** Opens a scope on this thread; close it (try-with-resources) to end it. */
  public static Scope scope() {
    int[] depth = DEPTH.get();
    if (depth == null) {
      depth = new int[1];
      DEPTH.set(depth);
    }
    depth[0]++;
    return new Scope();
  }

  /** True inside a {@link #scope()} on this thread. */
  public static boolean active() {
    int[] depth = DEPTH.get();
    return depth != null && depth[0] > 0;
  }

  @Override
  public boolean skip(EventListener listener, Event event) {
    return active();
  }

  /** An open no-export scope; closing it twice has no further effect. */
  public static final class Scope implements ExportScope.Scope {
    private final Thread owner = Thread.currentThread();
    private boolean closed;

    private Scope() {}

    @Override
    public void close() {
      if (closed) {
        return;
      }
      if (Thread.currentThread() != owner) {
        throw new IllegalStateException("A NoExport scope must be closed by the thread that opened it (" + owner.getName() + ")");
      }
      closed = true;
      int[] depth = DEPTH.get();
      if (--depth[0] == 0) {
        DEPTH.remove();
      }
    }
  }
}
