package com.awkhad.connector.faults;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback TCP proxy (127.0.0.1 only) between clients and a server port, that a test can make
 * stop forwarding without closing anything: a network cut as the two ends see it (no FIN, no RST,
 * bytes sent go nowhere, reads wait), then {@link #resume} it (everything held goes through) or
 * {@link #tearDown} the connections it carries (both ends see them closed; new ones are accepted).
 *
 * <pre>{@code
 * try (TcpProxy proxy = TcpProxy.to(5432)) {
 *   String url = "jdbc:postgresql://127.0.0.1:" + proxy.port() + "/db";
 *   proxy.cut();      // connections hang
 *   proxy.resume();   // and go on
 * }
 * }</pre>
 */
final class TcpProxy implements AutoCloseable {
  private final int target;
  private final ServerSocket server;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private final Object gate = new Object();
  private volatile boolean cut;
  private volatile boolean closed;
  private volatile long cuts;

  private TcpProxy(int target) throws IOException {
    this.target = target;
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::accept, "tcp-proxy-accept-" + server.getLocalPort());
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** A proxy on a free loopback port to {@code 127.0.0.1:targetPort}. */
  static TcpProxy to(int targetPort) throws IOException {
    return new TcpProxy(targetPort);
  }

  int port() {
    return server.getLocalPort();
  }

  /** How many times {@link #cut} was called. */
  long cuts() {
    return cuts;
  }

  /** Stops forwarding in both directions; every socket stays open. */
  void cut() {
    cuts++;
    cut = true;
  }

  /** Forwards again, what was held first. */
  void resume() {
    synchronized (gate) {
      cut = false;
      gate.notifyAll();
    }
  }

  /** Closes every connection carried so far (both sides), then forwards again for new ones. */
  void tearDown() {
    for (Socket s : sockets) {
      closeQuietly(s);
    }
    sockets.clear();
    resume();
  }

  private void accept() {
    while (!closed) {
      Socket client;
      try {
        client = server.accept();
      } catch (IOException e) {
        return; // closed
      }
      Socket upstream = new Socket();
      try {
        upstream.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), target), 5_000);
      } catch (IOException e) {
        closeQuietly(client);
        closeQuietly(upstream);
        continue;
      }
      sockets.add(client);
      sockets.add(upstream);
      pump(client, upstream, "up");
      pump(upstream, client, "down");
    }
  }

  private void pump(Socket from, Socket to, String direction) {
    Thread t = new Thread(() -> {
      byte[] buffer = new byte[16 * 1024];
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        int n;
        while ((n = in.read(buffer)) >= 0) {
          awaitForwarding();
          out.write(buffer, 0, n);
          out.flush();
        }
      } catch (IOException | InterruptedException e) {
        // closed by tearDown or by an end
      } finally {
        closeQuietly(from);
        closeQuietly(to);
        sockets.remove(from);
        sockets.remove(to);
      }
    }, "tcp-proxy-" + direction + "-" + port());
    t.setDaemon(true);
    t.start();
  }

  private void awaitForwarding() throws InterruptedException {
    synchronized (gate) {
      while (cut && !closed) {
        gate.wait();
      }
    }
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }

  @Override
  public void close() {
    closed = true;
    try {
      server.close();
    } catch (IOException ignored) {
      // closing anyway
    }
    tearDown();
  }
}
