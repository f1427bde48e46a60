package com.awkhad.connector.framework.backend;

import com.awkhad.connector.base.settings.Settings;
import com.awkhad.connector.framework.exception.ConnectorException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encryption at rest of the backends' secrets: AES-256-GCM with the key in
 * {@value #KEY_ENV} (32 random bytes in base64, e.g. {@code openssl rand -base64 32}). A secret
 * written with a key is stored as {@code enc:v1:<base64 of nonce and ciphertext>}; without a key
 * it is stored in clear, as before. Reading a clear secret needs no key, so setting a key later
 * keeps existing backends working ({@link Backends#setSecret} then stores them encrypted). Every
 * runner and application process of a database needs the same key.
 *
 * <pre>{@code
 * export CONNECTOR_SECRET_KEY=$(openssl rand -base64 32)
 * }</pre>
 *
 * <p>Rotation: set the new key in {@value #KEY_ENV} and the old one in {@value #PREVIOUS_ENV}
 * everywhere, run {@code ./connector backends seal-secrets} (it writes every secret again with the
 * new key), then remove the old key.
 */
final class SecretBox {
  static final String KEY_ENV = "CONNECTOR_SECRET_KEY";
  static final String PREVIOUS_ENV = "CONNECTOR_SECRET_KEY_PREVIOUS";
  static final String PREFIX = "enc:v1:";
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final byte[] AAD = "connector_backend.secret".getBytes(StandardCharsets.US_ASCII);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final SecretKeySpec key; // null: no key, secrets stored in clear
  private final SecretKeySpec previous; // null: none; only read with, during a rotation

  private SecretBox(SecretKeySpec key, SecretKeySpec previous) {
    this.key = key;
    this.previous = previous;
  }

  /**
   * From {@value #KEY_ENV} and {@value #PREVIOUS_ENV}, else the system properties
   * {@code connector.secretKey} and {@code connector.secretKeyPrevious}, else none, among the
   * environment's {@code settings}.
   */
  static SecretBox from(Settings settings) {
    return of(settings.get(KEY_ENV, "connector.secretKey").orElse(null),
        settings.get(PREVIOUS_ENV, "connector.secretKeyPrevious").orElse(null));
  }

  /** A box for the key in base64 (null or blank: none). */
  static SecretBox of(String base64Key) {
    return of(base64Key, null);
  }

  /**
   * A box for the key and, during a rotation, the previous key, both in base64 (null or blank:
   * none).
   *
   * @throws ConnectorException when a text is not 32 bytes in base64, or a previous key comes
   *     without a key
   */
  static SecretBox of(String base64Key, String base64Previous) {
    SecretKeySpec key = key(KEY_ENV, base64Key);
    SecretKeySpec previous = key(PREVIOUS_ENV, base64Previous);
    if (previous != null && key == null) {
      throw new ConnectorException(PREVIOUS_ENV + " is set but " + KEY_ENV + " is not: a rotation needs the new key in "
          + KEY_ENV + " and the old one in " + PREVIOUS_ENV);
    }
    return new SecretBox(key, previous);
  }

  private static SecretKeySpec key(String name, String base64Key) {
    if (base64Key == null || base64Key.isBlank()) {
      return null;
    }
    byte[] raw;
    try {
      raw = Base64.getDecoder().decode(base64Key.trim());
    } catch (IllegalArgumentException e) {
      raw = new byte[0];
    }
    if (raw.length != 32) {
      throw new ConnectorException(name + " must be 32 random bytes in base64 (44 characters), got "
          + base64Key.trim().length() + " characters that "
          + (raw.length == 0 ? "are not base64" : "decode to " + raw.length + " bytes")
          + ". Make one with: openssl rand -base64 32");
    }
    boolean allZero = true;
    for (byte b : raw) {
      allZero &= b == 0;
    }
    if (allZero) {
      throw new ConnectorException(name + " is 32 zero bytes, a placeholder rather than a key: anyone could open the"
          + " secrets sealed with it. Make a random one with: openssl rand -base64 32");
    }
    return new SecretKeySpec(raw, "AES");
  }

  boolean hasKey() {
    return key != null;
  }

  /** What to store for {@code clear}: encrypted when there is a key. */
  String seal(String clear) {
    if (clear == null || key == null) {
      return clear;
    }
    try {
      byte[] nonce = new byte[NONCE_BYTES];
      RANDOM.nextBytes(nonce);
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(AAD);
      byte[] sealed = cipher.doFinal(clear.getBytes(StandardCharsets.UTF_8));
      return PREFIX + Base64.getEncoder().encodeToString(ByteBuffer.allocate(nonce.length + sealed.length)
          .put(nonce).put(sealed).array());
    } catch (GeneralSecurityException e) {
      throw new ConnectorException("Cannot encrypt a backend secret: " + e.getMessage(), e);
    }
  }

  /**
   * The clear secret of what was stored for the backend named {@code backend}.
   *
   * @throws ConnectorException when it is encrypted and there is no key, or another key
   */
  String open(String stored, String backend) {
    if (stored == null || !stored.startsWith(PREFIX)) {
      return stored;
    }
    if (key == null) {
      throw new ConnectorException("The secret of backend '" + backend + "' is encrypted at rest: set " + KEY_ENV
          + " to the key it was written with, in every process that uses this database");
    }
    byte[] all = decode(stored);
    String clear = decrypt(key, all);
    if (clear == null && previous != null) {
      clear = decrypt(previous, all);
    }
    if (clear == null) {
      throw new ConnectorException("The secret of backend '" + backend + "' cannot be decrypted with the key in "
          + KEY_ENV + (previous == null ? "" : " nor " + PREVIOUS_ENV) + ": it was written with another key (or"
          + " altered). Set the key it was written with (during a rotation, the old one in " + PREVIOUS_ENV
          + "), or set the secret again (Backends.setSecret)");
    }
    return clear;
  }

  /** Which key opens a stored secret. */
  enum Opener { CLEAR, KEY, PREVIOUS_KEY, NONE }

  /** Which key opens {@code stored} (not null): none in clear, the key, the previous key, or none. */
  Opener opener(String stored) {
    if (!stored.startsWith(PREFIX)) {
      return Opener.CLEAR;
    }
    if (key == null) {
      return Opener.NONE;
    }
    byte[] all = decode(stored);
    if (decrypt(key, all) != null) {
      return Opener.KEY;
    }
    return previous != null && decrypt(previous, all) != null ? Opener.PREVIOUS_KEY : Opener.NONE;
  }

  /** Whether a previous key is set (a rotation). */
  boolean hasPrevious() {
    return previous != null;
  }

  /**
   * What to store instead of {@code stored} with the current key: the secret sealed when it is in
   * clear, or when only the previous key opens it (a rotation); null when it stays as it is (no
   * secret, no key, already sealed with the key, or opened by neither key: {@link #open} reports
   * that one when it is read).
   */
  String reseal(String stored) {
    if (stored == null || key == null) {
      return null;
    }
    if (!stored.startsWith(PREFIX)) {
      return seal(stored);
    }
    byte[] all = decode(stored);
    if (previous == null || decrypt(key, all) != null) {
      return null;
    }
    String clear = decrypt(previous, all);
    return clear == null ? null : seal(clear);
  }

  /** The nonce and ciphertext of a sealed text; empty when it is not base64 (no key opens it). */
  private static byte[] decode(String stored) {
    try {
      return Base64.getDecoder().decode(stored.substring(PREFIX.length()));
    } catch (IllegalArgumentException e) {
      return new byte[0];
    }
  }

  /** The clear text, or null when {@code k} does not open it. */
  private static String decrypt(SecretKeySpec k, byte[] all) {
    if (all.length <= NONCE_BYTES) {
      return null;
    }
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, k, new GCMParameterSpec(TAG_BITS, all, 0, NONCE_BYTES));
      cipher.updateAAD(AAD);
      return new String(cipher.doFinal(all, NONCE_BYTES, all.length - NONCE_BYTES), StandardCharsets.UTF_8);
    } catch (GeneralSecurityException e) {
      return null;
    }
  }
}
