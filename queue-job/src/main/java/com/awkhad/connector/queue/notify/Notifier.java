package com.awkhad.connector.queue.notify;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Groups {@link Notice}s into {@link Digest}s: the first notice of a group key opens a window
 * of {@code window}; every notice of that key posted before it closes joins it (counted, the
 * first {@code samples} kept); when it closes, one digest goes to {@code dispatch}. An outage
 * that fails 500 jobs in a minute sends one message saying 500, not 500 messages. A window of
 * zero sends each notice on its own.
 *
 * <p>{@link #post} only takes a lock and counts: it is safe on a runner's worker thread. The
 * dispatch runs on the notifier's own thread (or the caller of {@link #flush}/{@link #close}).
 *
 * <pre>{@code
 * try (Notifier notifier = new Notifier(Duration.ofSeconds(30), 5, "runner-1", digest -> send(digest))) {
 *   notifier.post(Notice.of("job.failed", "Job failed: import").withGroupKey("job.failed root"));
 * } // close() sends what is still grouped
 * }</pre>
 */
public final class Notifier implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Notifier.class);

  private final Duration window;
  private final int samples;
  private final String source;
  private final Consumer<Digest> dispatch;
  private final Clock clock;
  private final ScheduledExecutorService timer;
  private final Map<String, Window> open = new LinkedHashMap<>();
  private boolean closed;

  private static final class Window {
    final String kind;
    final Instant firstAt;
    Instant lastAt;
    int count;
    final List<Notice> kept = new ArrayList<>();
    ScheduledFuture<?> closing;

    Window(String kind, Instant firstAt) {
      this.kind = kind;
      this.firstAt = firstAt;
    }
  }

  /**
   * @param window how long a group collects notices after its first one; zero sends each at once
   * @param samples how many notices of a group the digest lists in full (1 to 100)
   * @param source which process this is (shown in the message), null for none
   * @param dispatch receives each digest; its exceptions are logged
   */
  public Notifier(Duration window, int samples, String source, Consumer<Digest> dispatch) {
    this(window, samples, source, dispatch, Clock.systemUTC());
  }

  Notifier(Duration window, int samples, String source, Consumer<Digest> dispatch, Clock clock) {
    if (window.isNegative()) {
      throw new IllegalArgumentException("The grouping window cannot be negative, got " + window);
    }
    if (samples < 1 || samples > 100) {
      throw new IllegalArgumentException("The notifier's sample size must be between 1 and 100, got " + samples);
    }
    this.window = window;
    this.samples = samples;
    this.source = source;
    this.dispatch = Objects.requireNonNull(dispatch, "dispatch");
    this.clock = clock;
    ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, r -> {
      Thread th = new Thread(r, "connector-notifier");
      th.setDaemon(true);
      return th;
    });
    t.setRemoveOnCancelPolicy(true);
    this.timer = t;
  }

  /** Adds {@code notice} to its group's window, opening one if none is open. Never blocks on delivery. */
  public void post(Notice notice) {
    Objects.requireNonNull(notice, "notice");
    Instant now = clock.instant();
    synchronized (open) {
      if (closed) {
        log.warn("Notice after the notifier closed, not sent: {}", notice.title());
        return;
      }
      Window w = open.get(notice.groupKey());
      if (w == null) {
        w = new Window(notice.kind(), now);
        open.put(notice.groupKey(), w);
        String key = notice.groupKey();
        w.closing = timer.schedule(() -> closeWindow(key), window.toMillis(), TimeUnit.MILLISECONDS);
      }
      w.count++;
      w.lastAt = now;
      if (w.kept.size() < samples) {
        w.kept.add(notice);
      }
    }
  }

  /** Closes every open window now and dispatches their digests on this thread. */
  public void flush() {
    drain(false);
  }

  private void drain(boolean close) {
    List<Digest> due = new ArrayList<>();
    synchronized (open) {
      closed |= close;
      for (Map.Entry<String, Window> e : open.entrySet()) {
        e.getValue().closing.cancel(false);
        due.add(digest(e.getKey(), e.getValue()));
      }
      open.clear();
    }
    due.forEach(this::send);
  }

  /** The number of groups collecting notices now. */
  public int openWindows() {
    synchronized (open) {
      return open.size();
    }
  }

  public Duration window() {
    return window;
  }

  private void closeWindow(String key) {
    Digest d;
    synchronized (open) {
      Window w = open.remove(key);
      if (w == null) {
        return;
      }
      d = digest(key, w);
    }
    send(d);
  }

  private Digest digest(String key, Window w) {
    return new Digest(key, w.kind, w.count, w.firstAt, w.lastAt, w.kept, source);
  }

  private void send(Digest d) {
    try {
      dispatch.accept(d);
    } catch (RuntimeException e) {
      log.warn("Notification '{}' could not be handed over for delivery: {}", d.title(), e.toString());
    }
  }

  /** Sends what is still grouped, then stops the timer; later notices are dropped with a warning. */
  @Override
  public void close() {
    drain(true);
    timer.shutdownNow();
  }
}
