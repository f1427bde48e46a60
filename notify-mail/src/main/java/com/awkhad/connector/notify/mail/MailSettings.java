package com.awkhad.connector.notify.mail;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Where and how {@link MailTarget} sends: the SMTP server, the sender, the recipients and the
 * login. The password is given by the caller (the runner reads it from
 * {@code CONNECTOR_NOTIFY_SMTP_PASSWORD}) and never appears in {@link #toString()}.
 *
 * <pre>{@code
 * MailSettings s = new MailSettings("smtp.example.com", 587, Security.STARTTLS, "connector@example.com",
 *     List.of("ops@example.com"), "connector", System.getenv("CONNECTOR_NOTIFY_SMTP_PASSWORD"));
 * }</pre>
 *
 * @param user null or blank for a server that takes mail without login (a local relay)
 */
public record MailSettings(String host, int port, Security security, String from, List<String> to, String user,
    String password) {
  /** How the connection is protected. */
  public enum Security {
    /** Plain SMTP: only for a relay on this machine or a trusted network, never with a password elsewhere. */
    NONE,
    /** Plain connection upgraded with STARTTLS, which is required (port 587). */
    STARTTLS,
    /** TLS from the first byte (port 465). */
    TLS;

    public static Security parse(String value, String where) {
      try {
        return valueOf(value.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(where + " must be none, starttls or tls, got '" + value + "'");
      }
    }
  }

  public MailSettings {
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("Mail notifications need the SMTP server's host name");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("The SMTP port must be between 1 and 65535, got " + port);
    }
    Objects.requireNonNull(security, "security");
    if (from == null || from.isBlank()) {
      throw new IllegalArgumentException("Mail notifications need a sender address (from)");
    }
    to = List.copyOf(to);
    if (to.isEmpty()) {
      throw new IllegalArgumentException("Mail notifications need at least one recipient (to)");
    }
    user = user == null || user.isBlank() ? null : user;
    if (user != null && (password == null || password.isEmpty())) {
      throw new IllegalArgumentException("The SMTP user " + user + " needs a password: set CONNECTOR_NOTIFY_SMTP_PASSWORD");
    }
    if (user != null && security == Security.NONE && !isLoopback(host)) {
      throw new IllegalArgumentException("Security none would send the SMTP password in clear to " + host
          + ": use starttls (port 587) or tls (port 465)");
    }
  }

  private static boolean isLoopback(String host) {
    return host.equals("localhost") || host.startsWith("127.") || host.equals("::1");
  }

  @Override
  public String toString() {
    return "smtp://" + (user == null ? "" : user + "@") + host + ":" + port + " (" + security.name().toLowerCase(Locale.ROOT)
        + ") from " + from + " to " + String.join(", ", to);
  }
}
