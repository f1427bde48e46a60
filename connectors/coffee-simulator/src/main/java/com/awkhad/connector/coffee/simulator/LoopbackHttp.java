package com.awkhad.connector.coffee.simulator;

/**
 * Makes the JDK's {@code com.sun.net.httpserver.HttpServer} answer without Nagle's delay.
 *
 * <p>That server writes a response's headers and its body in two writes on a socket with Nagle's
 * algorithm on: the body waits for the client's ACK of the headers, and the client delays that ACK
 * (about 40 ms on Linux). Every answer then takes about 44 ms on loopback instead of about 1 ms,
 * and a sync bench measures that wait, not the connector. The server reads the system property
 * {@code sun.net.httpserver.nodelay} once, when its configuration class loads (at the JVM's first
 * {@code HttpServer.create}), so this must run before that; a value given on the command line wins.
 */
public final class LoopbackHttp {
  /** The JDK's switch for TCP_NODELAY on the sockets its HttpServer accepts. */
  public static final String NODELAY = "sun.net.httpserver.nodelay";

  private LoopbackHttp() {
  }

  /** Sets {@value #NODELAY} to true unless the JVM was started with a value for it. */
  public static void noDelay() {
    if (System.getProperty(NODELAY) == null) {
      System.setProperty(NODELAY, "true");
    }
  }
}
