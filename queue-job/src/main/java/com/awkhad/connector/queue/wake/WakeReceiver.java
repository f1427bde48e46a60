package com.awkhad.connector.queue.wake;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A runner's end of the wake hints: a UDP socket on {@code host} (an ephemeral port) and a thread
 * that calls {@code onWake} for each datagram carrying this receiver's token; hints that queued
 * up while {@code onWake} ran count as one call. Anything else is counted as rejected and dropped.
 * {@code onWake} runs on the receiving thread, and may do work there (the runner claims and runs
 * a short job on it).
 *
 * <pre>{@code
 * try (WakeReceiver hints = WakeReceiver.open("127.0.0.1", signal::raise)) {
 *   // store hints.address() and hints.token() where senders find them (queue_worker)
 * }
 * }</pre>
 */
public final class WakeReceiver implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(WakeReceiver.class);

  private final InetSocketAddress bound;
  private volatile DatagramChannel channel;
  private final String address;
  private final String token;
  private final byte[] expected;
  private final Runnable onWake;
  private final Thread thread;
  private final AtomicLong accepted = new AtomicLong();
  private final AtomicLong rejected = new AtomicLong();
  private volatile boolean closed;

  private WakeReceiver(DatagramChannel channel, InetSocketAddress bound, String address, Runnable onWake) {
    this.channel = channel;
    this.bound = bound;
    this.address = address;
    this.token = WakeDatagram.newToken();
    this.expected = WakeDatagram.encode(token);
    this.onWake = onWake;
    this.thread = new Thread(this::receive, "queue-job-wake");
    this.thread.setDaemon(true);
  }

  /**
   * Binds a UDP socket on {@code host}, an address of this machine that the enqueuing processes
   * can reach (127.0.0.1 when they run on the same machine), and starts listening.
   *
   * @throws IOException when {@code host} is unknown or cannot be bound here
   */
  public static WakeReceiver open(String host, Runnable onWake) throws IOException {
    InetAddress ip = InetAddress.getByName(host);
    if (ip.isAnyLocalAddress()) {
      throw new IOException("a wildcard address (" + host + ") cannot be given to other processes; name an address"
          + " of this machine that they can reach");
    }
    DatagramChannel channel = DatagramChannel.open();
    try {
      channel.bind(new InetSocketAddress(ip, 0));
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
    InetSocketAddress bound = new InetSocketAddress(ip, ((InetSocketAddress) channel.getLocalAddress()).getPort());
    WakeReceiver receiver = new WakeReceiver(channel, bound, WakeHints.text(bound), onWake);
    receiver.thread.start();
    return receiver;
  }

  /** Where senders reach this receiver: {@code ip:port} ({@code [ip]:port} for IPv6). */
  public String address() {
    return address;
  }

  /** The token a datagram must carry, in hex (stored in the database, never logged). */
  public String token() {
    return token;
  }

  /** Datagrams that carried the token and woke the runner. */
  public long accepted() {
    return accepted.get();
  }

  /** Datagrams dropped for not carrying the token. */
  public long rejected() {
    return rejected.get();
  }

  private void receive() {
    ByteBuffer buffer = ByteBuffer.allocate(WakeDatagram.LENGTH + 1); // one byte more: longer ones do not match
    while (!closed) {
      buffer.clear();
      try {
        channel.receive(buffer);
      } catch (ClosedChannelException e) {
        if (closed || !reopen()) {
          return;
        }
        continue;
      } catch (IOException e) {
        if (closed) {
          return;
        }
        log.debug("wake hint receive failed on {}: {}", address, e.toString());
        continue;
      }
      buffer.flip();
      if (!WakeDatagram.matches(buffer, expected)) {
        rejected.incrementAndGet();
        continue;
      }
      accepted.incrementAndGet();
      // hints that queued up meanwhile (while onWake claimed, say) are one wake-up with this one
      drain(buffer);
      try {
        onWake.run();
      } catch (RuntimeException e) {
        log.warn("wake hint handling failed on {}", address, e);
      }
    }
  }

  /**
   * An interrupt of this thread closes the channel (an interruptible NIO channel): bind the same
   * address and port again, which stay published. Jobs never run here (the runner's wake-up only
   * claims and hands over), so this is a safety net for code that interrupts it anyway.
   */
  private boolean reopen() {
    Thread.interrupted();
    try {
      DatagramChannel again = DatagramChannel.open();
      try {
        again.bind(bound);
      } catch (IOException | RuntimeException e) {
        again.close();
        throw e;
      }
      channel = again;
      if (closed) {
        again.close();
        return false;
      }
      log.info("Wake hint socket {} bound again after an interrupt closed it", address);
      return true;
    } catch (IOException | RuntimeException e) {
      log.warn("Wake hints stop on {}: the socket was closed by an interrupt and cannot be bound again ({});"
          + " NOTIFY still wakes this runner", address, e.toString());
      return false;
    }
  }

  private void drain(ByteBuffer buffer) {
    try {
      channel.configureBlocking(false);
      try {
        while (true) {
          buffer.clear();
          if (channel.receive(buffer) == null) {
            return;
          }
          buffer.flip();
          (WakeDatagram.matches(buffer, expected) ? accepted : rejected).incrementAndGet();
        }
      } finally {
        channel.configureBlocking(true);
      }
    } catch (IOException e) {
      log.debug("draining wake hints on {}: {}", address, e.toString());
    }
  }

  @Override
  public void close() {
    closed = true;
    try {
      channel.close();
    } catch (IOException e) {
      log.debug("closing the wake hint socket {}: {}", address, e.toString());
    }
    try {
      thread.join(2_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
