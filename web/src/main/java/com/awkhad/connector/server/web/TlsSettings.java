package com.awkhad.connector.server.web;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The certificate the dashboard serves HTTPS with: a PEM pair (certificate chain and unencrypted
 * PKCS#8 private key) or a PKCS#12 key store and its password.
 *
 * <pre>{@code
 * TlsSettings pem = TlsSettings.pem(Path.of("/etc/connector/cert.pem"), Path.of("/etc/connector/key.pem"));
 * TlsSettings p12 = TlsSettings.keystore(Path.of("/etc/connector/web.p12"),
 *     System.getenv("CONNECTOR_TLS_KEYSTORE_PASSWORD"));
 * KeyStore ks = pem.keyStore();     // read and checked now: a bad file says what is wrong
 * }</pre>
 */
public final class TlsSettings {
  /** The password of the in-memory key store built from a PEM pair (never leaves the process). */
  static final char[] PEM_STORE_PASSWORD = "connector-pem".toCharArray();
  private static final Pattern PEM = Pattern.compile(
      "-----BEGIN ([A-Z0-9 ]+)-----\\s*([A-Za-z0-9+/=\\s]+?)\\s*-----END \\1-----");

  private final Path cert;
  private final Path key;
  private final Path keystore;
  private final char[] password;

  private TlsSettings(Path cert, Path key, Path keystore, char[] password) {
    this.cert = cert;
    this.key = key;
    this.keystore = keystore;
    this.password = password;
  }

  /** A PEM certificate (chain, server certificate first) and its unencrypted PKCS#8 key. */
  public static TlsSettings pem(Path cert, Path key) {
    if (cert == null || key == null) {
      throw new IllegalArgumentException("TLS from PEM files needs both --tls-cert FILE and --tls-key FILE");
    }
    return new TlsSettings(cert, key, null, null);
  }

  /** A PKCS#12 file and its password (from CONNECTOR_TLS_KEYSTORE_PASSWORD; empty when it has none). */
  public static TlsSettings keystore(Path file, String password) {
    if (file == null) {
      throw new IllegalArgumentException("--tls-keystore needs a PKCS#12 file");
    }
    return new TlsSettings(null, null, file, password == null ? new char[0] : password.toCharArray());
  }

  /** The password of {@link #keyStore()}. */
  char[] password() {
    return keystore != null ? password.clone() : PEM_STORE_PASSWORD.clone();
  }

  /**
   * The key store holding the private key and its certificate chain.
   *
   * @throws IllegalArgumentException naming the file and what is wrong with it
   */
  public KeyStore keyStore() {
    return keystore != null ? loadPkcs12() : fromPem();
  }

  private KeyStore loadPkcs12() {
    try (InputStream in = Files.newInputStream(keystore)) {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(in, password);
      boolean hasKey = false;
      for (String alias : java.util.Collections.list(ks.aliases())) {
        hasKey |= ks.isKeyEntry(alias);
      }
      if (!hasKey) {
        throw new IllegalArgumentException("The key store " + keystore + " (--tls-keystore) holds no private key:"
            + " it must hold the server's key and certificate");
      }
      return ks;
    } catch (IOException e) {
      if (e.getCause() instanceof java.security.UnrecoverableKeyException || String.valueOf(e.getMessage())
          .contains("password")) {
        throw new IllegalArgumentException("Cannot open the key store " + keystore + " (--tls-keystore): wrong password;"
            + " set CONNECTOR_TLS_KEYSTORE_PASSWORD to its password", e);
      }
      throw new IllegalArgumentException("Cannot read the key store " + keystore + " (--tls-keystore): " + e.getMessage()
          + ". It must be a PKCS#12 file (.p12, .pfx)", e);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("Cannot read the key store " + keystore + " (--tls-keystore): " + e.getMessage(), e);
    }
  }

  private KeyStore fromPem() {
    List<Certificate> chain = new ArrayList<>();
    try {
      CertificateFactory cf = CertificateFactory.getInstance("X.509");
      for (byte[] der : blocks(cert, "CERTIFICATE", "--tls-cert")) {
        Collection<? extends Certificate> certs = cf.generateCertificates(new ByteArrayInputStream(der));
        chain.addAll(certs);
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("The certificate file " + cert + " (--tls-cert) is not a valid PEM"
          + " certificate: " + e.getMessage(), e);
    }
    List<byte[]> keys = blocks(key, "PRIVATE KEY", "--tls-key");
    PrivateKey privateKey = null;
    for (String algorithm : List.of("RSA", "EC", "Ed25519", "RSASSA-PSS")) {
      try {
        privateKey = KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(keys.get(0)));
        break;
      } catch (GeneralSecurityException e) {
        // try the next algorithm
      }
    }
    if (privateKey == null) {
      throw new IllegalArgumentException("The key file " + key + " (--tls-key) holds no RSA, EC or Ed25519 key this"
          + " server can read");
    }
    try {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      ks.setKeyEntry("connector", privateKey, PEM_STORE_PASSWORD, chain.toArray(new Certificate[0]));
      return ks;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException("The key in " + key + " does not go with the certificate in " + cert + ": "
          + e.getMessage(), e);
    }
  }

  /** The DER bytes of each {@code -----BEGIN <type>-----} block of a PEM file. */
  private static List<byte[]> blocks(Path file, String type, String option) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new IllegalArgumentException("Cannot read " + file + " (" + option + "): " + e.getMessage(), e);
    }
    List<byte[]> out = new ArrayList<>();
    List<String> others = new ArrayList<>();
    Matcher m = PEM.matcher(text);
    while (m.find()) {
      if (m.group(1).equals(type)) {
        out.add(Base64.getMimeDecoder().decode(m.group(2)));
      } else {
        others.add(m.group(1));
      }
    }
    if (out.isEmpty()) {
      String hint = type.equals("PRIVATE KEY") && !others.isEmpty()
          ? " It holds a " + others.get(0) + ": convert it to an unencrypted PKCS#8 key with"
              + " 'openssl pkcs8 -topk8 -nocrypt -in " + file + " -out key.pem'."
          : "";
      throw new IllegalArgumentException(file + " (" + option + ") holds no '-----BEGIN " + type + "-----' block." + hint);
    }
    return out;
  }

  /** The files, never the password. */
  @Override
  public String toString() {
    return keystore != null ? "PKCS#12 " + keystore : "PEM " + cert + " + " + key;
  }
}
