package com.awkhad.connector.queue.wake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class WakeTest {

  private static void send(WakeReceiver r, byte[] bytes) throws IOException {
    InetSocketAddress to = WakeHints.parse(r.address());
    try (DatagramChannel ch = DatagramChannel.open()) {
      ch.send(ByteBuffer.wrap(bytes), to);
    }
  }

  @Test
  void aDatagramWithTheReceiversTokenWakesItAndAnyOtherIsDropped() throws IOException {
    AtomicInteger woken = new AtomicInteger();
    try (WakeReceiver r = WakeReceiver.open("127.0.0.1", woken::incrementAndGet)) {
      assertThat(r.address()).startsWith("127.0.0.1:");
      assertThat(r.token()).hasSize(32).matches("[0-9a-f]+");
      send(r, WakeDatagram.encode(r.token()));
      await().atMost(Duration.ofSeconds(5)).until(() -> woken.get() == 1);

      send(r, "hello".getBytes(StandardCharsets.US_ASCII));
      send(r, WakeDatagram.encode(WakeDatagram.newToken())); // another runner's token
      byte[] longer = ByteBuffer.allocate(WakeDatagram.LENGTH + 4).put(WakeDatagram.encode(r.token())).array();
      send(r, longer);
      await().atMost(Duration.ofSeconds(5)).until(() -> r.rejected() == 3);
      assertThat(woken.get()).isEqualTo(1);
      assertThat(r.accepted()).isEqualTo(1);
    }
  }

  @Test
  void anInterruptThatClosesTheSocketIsSurvivedOnTheSameAddress() throws Exception {
    AtomicInteger woken = new AtomicInteger();
    java.util.concurrent.atomic.AtomicReference<Thread> receiving = new java.util.concurrent.atomic.AtomicReference<>();
    try (WakeReceiver r = WakeReceiver.open("127.0.0.1", () -> {
      receiving.set(Thread.currentThread());
      woken.incrementAndGet();
    })) {
      send(r, WakeDatagram.encode(r.token()));
      await().atMost(Duration.ofSeconds(5)).until(() -> woken.get() == 1);
      Thread.sleep(100); // back in receive(), where an interrupt closes the channel
      receiving.get().interrupt();
      await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
        send(r, WakeDatagram.encode(r.token()));
        assertThat(woken.get()).isGreaterThanOrEqualTo(2);
      });
    }
  }

  @Test
  void theEarlyHintGoesToTheRunnersThatTheHintAfterTheCommitWakesTakenInTurn() throws Exception {
    try (java.net.DatagramSocket socket = new java.net.DatagramSocket(0, java.net.InetAddress.getLoopbackAddress())) {
      socket.setSoTimeout(5_000);
      InetSocketAddress at = new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), socket.getLocalPort());
      // two runners behind one socket, told apart by their tokens: the datagrams arrive in the order sent
      byte[] a = WakeDatagram.encode(WakeDatagram.newToken());
      byte[] b = WakeDatagram.encode(WakeDatagram.newToken());
      List<WakeHints.Target> two = List.of(new WakeHints.Target(at, a), new WakeHints.Target(at, b));
      try (WakeHints hints = WakeHints.sendingTo(two, true)) {
        List<String> got = new java.util.ArrayList<>();
        for (int commit = 0; commit < 3; commit++) {
          hints.beforeCommit(List.of("job"));
          hints.afterCommit(List.of("job"));
        }
        hints.beforeCommit(List.of("job", "job2")); // two jobs: both runners, before and after
        hints.afterCommit(List.of("job", "job2"));
        for (int i = 0; i < 10; i++) {
          got.add(next(socket, a, b));
        }
        assertThat(got).containsExactly("a", "a", "b", "b", "a", "a", "b", "a", "b", "a");
      }
      // CONNECTOR_WAKE_HINTS=after-commit: no early hint, the same turns
      try (WakeHints hints = WakeHints.sendingTo(two, false)) {
        List<String> got = new java.util.ArrayList<>();
        for (int commit = 0; commit < 3; commit++) {
          hints.beforeCommit(List.of("job"));
          hints.afterCommit(List.of("job"));
        }
        // then a marker from here: the datagram after the three is the marker, so nothing more was sent
        try (DatagramChannel marker = DatagramChannel.open()) {
          marker.send(ByteBuffer.wrap("end".getBytes(StandardCharsets.US_ASCII)), at);
        }
        for (int i = 0; i < 4; i++) {
          got.add(next(socket, a, b));
        }
        assertThat(got).containsExactly("a", "b", "a", "end");
      }
    }
  }

  /** The next datagram on {@code socket}: "a" or "b" for those two tokens' datagrams, else its bytes as text. */
  private static String next(java.net.DatagramSocket socket, byte[] a, byte[] b) throws IOException {
    java.net.DatagramPacket p = new java.net.DatagramPacket(new byte[64], 64);
    socket.receive(p);
    byte[] bytes = java.util.Arrays.copyOf(p.getData(), p.getLength());
    return java.util.Arrays.equals(bytes, a) ? "a" : java.util.Arrays.equals(bytes, b) ? "b"
        : new String(bytes, StandardCharsets.US_ASCII);
  }

  @Test
  void aWildcardOrUnknownAddressIsRefusedWithTheReason() {
    assertThatThrownBy(() -> WakeReceiver.open("0.0.0.0", () -> { }))
        .isInstanceOf(IOException.class).hasMessageContaining("wildcard").hasMessageContaining("reach");
    assertThatThrownBy(() -> WakeReceiver.open("203.0.113.1", () -> { })).isInstanceOf(IOException.class); // not this machine
  }

  @Test
  void tokensAreRandomAndOnlyWellFormedOnesEncode() {
    assertThat(WakeDatagram.newToken()).isNotEqualTo(WakeDatagram.newToken());
    assertThat(WakeDatagram.encode(WakeDatagram.newToken())).hasSize(WakeDatagram.LENGTH);
    assertThat(WakeDatagram.encode("abc")).isNull();
    assertThat(WakeDatagram.encode("zz".repeat(16))).isNull();
    assertThat(WakeDatagram.encode("ab".repeat(17))).isNull();
  }

  @Test
  void addressesParseAsLiteralIpsOnly() {
    assertThat(WakeHints.parse("127.0.0.1:4000")).isEqualTo(new InetSocketAddress("127.0.0.1", 4000));
    assertThat(WakeHints.parse("[::1]:4000").getAddress().isLoopbackAddress()).isTrue();
    assertThat(WakeHints.parse("10.1.2.3:65535").getPort()).isEqualTo(65535);
    assertThat(WakeHints.parse("example.com:4000")).isNull(); // a name is not resolved
    assertThat(WakeHints.parse("127.0.0.1")).isNull();
    assertThat(WakeHints.parse("127.0.0.1:0")).isNull();
    assertThat(WakeHints.parse("127.0.0.1:70000")).isNull();
    assertThat(WakeHints.parse(":4000")).isNull();
    assertThat(WakeHints.parse("127.0.0.1:x")).isNull();
  }

  @Test
  void sendersSkipOtherHostsLoopbackTheirOwnRunnersAndMalformedRows() {
    String token = WakeDatagram.newToken();
    List<WakeHints.Published> rows = List.of(
        new WakeHints.Published("here", "127.0.0.1:5001", token),      // same host: hinted
        new WakeHints.Published("there", "127.0.0.1:5002", token),     // another host's loopback: not
        new WakeHints.Published("there", "10.0.0.7:5003", token),      // another host, routable: hinted
        new WakeHints.Published("here", "127.0.0.1:5004", token),      // a runner of this process: not
        new WakeHints.Published("here", "127.0.0.1:5005", "bad"),      // malformed token: not
        new WakeHints.Published("here", "localhost:5006", token));     // malformed address: not
    List<WakeHints.Target> targets = WakeHints.select(rows, "here", Set.of("127.0.0.1:5004"));
    assertThat(targets).extracting(t -> t.address().getPort()).containsExactly(5001, 5003);
    assertThat(targets.get(0).datagram()).isEqualTo(WakeDatagram.encode(token));
  }
}
