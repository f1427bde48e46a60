package com.awkhad.connector.queue.wake;

import com.awkhad.connector.base.jdbc.Jdbc;
import com.awkhad.connector.base.tx.Transactions;
import com.awkhad.connector.queue.store.EnqueueListener;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sending end of the wake hints, an {@link EnqueueListener}: after each commit that made k
 * jobs pending it sends one datagram to k of the live runners that published a {@link
 * WakeReceiver} (to all of them when k is at least their number), taking them in turn; the same
 * runners get an early hint just before that commit is sent ({@link #beforeCommit}).
 * Which runners are live comes from {@code queue_worker}, re-read in the background when the list
 * is older than a second at an enqueue; a runner started since then is woken by {@code NOTIFY}
 * alone until the next read.
 *
 * <pre>{@code
 * WakeHints hints = WakeHints.open(env.tx());
 * queue.addEnqueueListener(hints);
 * }</pre>
 *
 * <p>The queue_job addon installs one per environment on PostgreSQL (unless
 * {@code CONNECTOR_WAKE_HINTS=off}); nothing else needs to.
 */
public final class WakeHints implements EnqueueListener, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(WakeHints.class);
  static final long REFRESH_NANOS = TimeUnit.SECONDS.toNanos(1);

  /** A runner to wake: where, and the bytes that wake it. */
  record Target(InetSocketAddress address, byte[] datagram) {}

  /** A {@code queue_worker} row as read: the runner's host name, wake address and token. */
  record Published(String host, String address, String token) {}

  private final Transactions tx;
  private final boolean early;
  private final String localHost;
  private final DatagramChannel channel;
  private final ExecutorService refresher;
  private final AtomicBoolean refreshing = new AtomicBoolean();
  private final AtomicInteger turn = new AtomicInteger();
  private final Set<String> inProcess = ConcurrentHashMap.newKeySet();
  private volatile List<Target> targets = List.of();
  private volatile long refreshedAt;
  private volatile boolean loaded;

  private WakeHints(Transactions tx, boolean early, String localHost, DatagramChannel channel) {
    this.tx = tx;
    this.early = early;
    this.localHost = localHost;
    this.channel = channel;
    this.refresher = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "queue-job-wake-hints");
      t.setDaemon(true);
      return t;
    });
  }

  /**
   * A sender for the runners of the database behind {@code tx}.
   *
   * @throws IOException when no UDP socket can be opened
   */
  public static WakeHints open(Transactions tx) throws IOException {
    return open(tx, true);
  }

  /**
   * As {@link #open(Transactions)}; {@code early} false sends no early hint before the commits
   * ({@code CONNECTOR_WAKE_HINTS=after-commit}).
   */
  public static WakeHints open(Transactions tx, boolean early) throws IOException {
    return open(tx, early, localHostName());
  }

  /** As {@link #open(Transactions, boolean)}, as if on the host named {@code localHost} (tests). */
  static WakeHints open(Transactions tx, boolean early, String localHost) throws IOException {
    DatagramChannel channel = DatagramChannel.open();
    channel.configureBlocking(false);
    return new WakeHints(tx, early, localHost, channel);
  }

  /**
   * A sender to {@code targets} without a database (tests), with or without the early hint: a
   * refresh, once they are a second old, fails and keeps them.
   */
  static WakeHints sendingTo(List<Target> targets, boolean early) throws IOException {
    WakeHints hints = open(null, early, "test");
    hints.targets = List.copyOf(targets);
    hints.loaded = true;
    hints.refreshedAt = System.nanoTime();
    return hints;
  }

  /**
   * This machine's host name, as runners record it in {@code queue_worker.host}: a loopback wake
   * address is only used by processes with the same host name.
   */
  public static String localHostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "unknown";
    }
  }

  /**
   * Skips a runner of this process: it is woken by an in-process signal already, and a hint
   * would only make it claim a second time.
   */
  public void inProcessRunner(String address) {
    inProcess.add(address);
    targets = targets.stream().filter(t -> !address.equals(text(t.address()))).toList();
  }

  /** Forgets {@link #inProcessRunner}, once that runner stopped. */
  public void inProcessRunnerStopped(String address) {
    inProcess.remove(address);
  }

  /**
   * The early hint: the runners that the hint after the commit will wake get the same datagram
   * now, while the commit is flushed. A runner woken from idle takes about a millisecond to get
   * its thread and its database session going (each wakes from an idle CPU); it spends that
   * during the commit instead of after it. Its claim may find nothing yet (the jobs are not
   * committed); the hint after the commit then finds it ready. A transaction that fails to commit
   * has cost those runners one claim that found nothing.
   */
  @Override
  public void beforeCommit(List<String> uuids) {
    if (!early) {
      return;
    }
    send(uuids.size(), turn.get());
  }

  @Override
  public void afterCommit(List<String> uuids) {
    send(uuids.size(), turn.getAndIncrement());
  }

  /** Sends one datagram each to {@code jobs} live runners (all when at least their number), from turn {@code from}. */
  private void send(int jobs, int from) {
    if (System.nanoTime() - refreshedAt > REFRESH_NANOS || !loaded) {
      refreshLater();
    }
    List<Target> all = targets;
    int n = all.size();
    if (n == 0) {
      return;
    }
    // k new jobs wake k runners (all when k >= n), in turn: several runners woken for one job
    // would only queue on the claim lock, and NOTIFY reaches every runner a moment later anyway
    int k = Math.min(n, Math.max(1, jobs));
    int start = Math.floorMod(from, n);
    for (int i = 0; i < k; i++) {
      Target t = all.get((start + i) % n);
      try {
        channel.send(ByteBuffer.wrap(t.datagram()), t.address());
      } catch (IOException | RuntimeException e) {
        log.debug("wake hint to {} not sent: {}", t.address(), e.toString());
      }
    }
  }

  private void refreshLater() {
    if (refreshing.compareAndSet(false, true)) {
      try {
        refresher.execute(() -> {
          try {
            refresh();
          } finally {
            refreshing.set(false);
          }
        });
      } catch (java.util.concurrent.RejectedExecutionException closed) {
        refreshing.set(false);
      }
    }
  }

  /**
   * Reads the live runners' wake addresses now (at an enqueue, this happens in the background
   * when the list is older than a second).
   */
  public void refresh() {
    try {
      List<Published> rows = tx.inNewTransaction(c -> Jdbc.queryList(c, "SELECT host, wake_address, wake_token"
          + " FROM queue_worker WHERE lease_until > CURRENT_TIMESTAMP AND wake_address IS NOT NULL"
          + " AND wake_token IS NOT NULL", rs -> new Published(rs.getString(1), rs.getString(2), rs.getString(3))));
      targets = select(rows, localHost, inProcess);
      loaded = true;
    } catch (RuntimeException e) {
      log.debug("wake hint targets not refreshed: {}", e.toString());
    } finally {
      refreshedAt = System.nanoTime();
    }
  }

  /**
   * The rows worth a datagram: a well-formed address and token, not a runner of this process, and
   * not a loopback address published by another host (it would reach this machine instead).
   */
  static List<Target> select(List<Published> rows, String localHost, Set<String> skip) {
    List<Target> out = new ArrayList<>();
    for (Published p : rows) {
      if (skip.contains(p.address())) {
        continue;
      }
      byte[] datagram = WakeDatagram.encode(p.token());
      InetSocketAddress address = parse(p.address());
      if (datagram == null || address == null) {
        continue;
      }
      if (address.getAddress().isLoopbackAddress() && !p.host().equals(localHost)) {
        continue;
      }
      out.add(new Target(address, datagram));
    }
    return List.copyOf(out);
  }

  /** {@code ip:port} or {@code [ip6]:port} as a resolved address; null when malformed. */
  static InetSocketAddress parse(String text) {
    int colon = text.lastIndexOf(':');
    if (colon <= 0 || colon == text.length() - 1) {
      return null;
    }
    String host = text.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port;
    try {
      port = Integer.parseInt(text.substring(colon + 1));
    } catch (NumberFormatException e) {
      return null;
    }
    if (port < 1 || port > 65_535 || host.isEmpty()) {
      return null;
    }
    try {
      // only literal addresses are published; a name here is malformed, not something to resolve
      if (!host.chars().allMatch(ch -> Character.digit(ch, 16) >= 0 || ch == '.' || ch == ':' || ch == '%')) {
        return null;
      }
      return new InetSocketAddress(InetAddress.getByName(host), port);
    } catch (UnknownHostException e) {
      return null;
    }
  }

  /** The published form of an address, {@code ip:port} or {@code [ip6]:port} (what {@link #parse} reads). */
  static String text(InetSocketAddress a) {
    String ip = a.getAddress().getHostAddress();
    return (ip.indexOf(':') >= 0 ? "[" + ip + "]" : ip) + ":" + a.getPort();
  }

  @Override
  public void close() {
    refresher.shutdownNow();
    try {
      channel.close();
    } catch (IOException e) {
      log.debug("closing the wake hint socket: {}", e.toString());
    }
  }
}
