package com.awkhad.connector.queue.wake;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;

/** The hint's bytes: {@code "AWKW"}, a version byte, then the receiving runner's 16-byte token. */
final class WakeDatagram {
  static final byte[] MAGIC = "AWKW".getBytes(StandardCharsets.US_ASCII);
  static final byte VERSION = 1;
  static final int TOKEN_BYTES = 16;
  static final int LENGTH = MAGIC.length + 1 + TOKEN_BYTES;
  private static final SecureRandom RANDOM = new SecureRandom();

  private WakeDatagram() {}

  /** A new random token, as the hex text stored in {@code queue_worker.wake_token}. */
  static String newToken() {
    byte[] token = new byte[TOKEN_BYTES];
    RANDOM.nextBytes(token);
    return HexFormat.of().formatHex(token);
  }

  /** The datagram for a token in hex; null when the text is not a token of this version. */
  static byte[] encode(String tokenHex) {
    byte[] token;
    try {
      token = HexFormat.of().parseHex(tokenHex);
    } catch (IllegalArgumentException e) {
      return null;
    }
    if (token.length != TOKEN_BYTES) {
      return null;
    }
    return ByteBuffer.allocate(LENGTH).put(MAGIC).put(VERSION).put(token).array();
  }

  /** Whether the received bytes (position to limit) are exactly {@code expected}. */
  static boolean matches(ByteBuffer received, byte[] expected) {
    if (received.remaining() != expected.length) {
      return false;
    }
    byte[] got = new byte[expected.length];
    received.get(got);
    return MessageDigest.isEqual(got, expected); // constant time: the token is not guessable byte by byte
  }
}
