package com.awkhad.connector.notify.mail;

import com.awkhad.connector.base.text.Redact;
import com.awkhad.connector.queue.notify.DeliveryException;
import com.awkhad.connector.queue.notify.Digest;
import com.awkhad.connector.queue.notify.NoticeTarget;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.util.Date;
import java.util.Properties;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;

/**
 * Sends each digest as a plain-text mail: the digest's title as subject (prefixed
 * {@value #SUBJECT_PREFIX}), its text as body. A server that cannot be reached, a timeout or a
 * 4xx answer is retried by the delivery job; a refused login or a 5xx answer (unknown
 * recipient, relay denied) fails it, since retrying will not help.
 *
 * <pre>{@code
 * NoticeTarget mail = new MailTarget("mail", new MailSettings("smtp.example.com", 587, Security.STARTTLS,
 *     "connector@example.com", List.of("ops@example.com"), "connector", password));
 * }</pre>
 */
public final class MailTarget implements NoticeTarget {
  public static final String SUBJECT_PREFIX = "[connector] ";
  static final int TIMEOUT_MS = 10_000;

  private final String name;
  private final MailSettings settings;
  private final InternetAddress from;
  private final InternetAddress[] to;

  /** @throws IllegalArgumentException when an address cannot be parsed, naming it */
  public MailTarget(String name, MailSettings settings) {
    this.name = name;
    this.settings = settings;
    this.from = address(settings.from());
    this.to = settings.to().stream().map(MailTarget::address).toArray(InternetAddress[]::new);
  }

  private static InternetAddress address(String a) {
    try {
      return new InternetAddress(a.trim(), true);
    } catch (AddressException e) {
      throw new IllegalArgumentException("'" + a + "' is not a mail address (" + e.getMessage() + ")");
    }
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String describe() {
    return "mail '" + name + "' (" + settings + ")";
  }

  Session session() {
    Properties p = new Properties();
    p.setProperty("mail.smtp.host", settings.host());
    p.setProperty("mail.smtp.port", String.valueOf(settings.port()));
    p.setProperty("mail.smtp.connectiontimeout", String.valueOf(TIMEOUT_MS));
    p.setProperty("mail.smtp.timeout", String.valueOf(TIMEOUT_MS));
    p.setProperty("mail.smtp.writetimeout", String.valueOf(TIMEOUT_MS));
    p.setProperty("mail.smtp.auth", String.valueOf(settings.user() != null));
    switch (settings.security()) {
      case STARTTLS -> {
        p.setProperty("mail.smtp.starttls.enable", "true");
        p.setProperty("mail.smtp.starttls.required", "true");
        p.setProperty("mail.smtp.ssl.checkserveridentity", "true");
      }
      case TLS -> {
        p.setProperty("mail.smtp.ssl.enable", "true");
        p.setProperty("mail.smtp.ssl.checkserveridentity", "true");
      }
      case NONE -> {
        // plain SMTP, refused with a password off this machine (MailSettings)
      }
    }
    return Session.getInstance(p);
  }

  /** The mail for {@code digest}, not yet sent. */
  MimeMessage message(Digest digest) throws MessagingException {
    MimeMessage m = new MimeMessage(session());
    m.setFrom(from);
    m.setRecipients(Message.RecipientType.TO, to);
    m.setSubject(SUBJECT_PREFIX + digest.title(), "UTF-8");
    m.setText(digest.text() + "\n\n-- \nSent by the Awkhad Connector notifier. The failed jobs are on the dashboard"
        + " (state failed), with their traces.\n", "UTF-8");
    m.setSentDate(new Date());
    m.setHeader("Auto-Submitted", "auto-generated");
    return m;
  }

  @Override
  public void send(Digest digest) throws DeliveryException {
    try {
      MimeMessage m = message(digest);
      if (settings.user() == null) {
        Transport.send(m);
      } else {
        Transport.send(m, settings.user(), settings.password());
      }
    } catch (AuthenticationFailedException e) {
      throw DeliveryException.permanent(describe() + ": the server refused the login (" + clean(e) + "). Check"
          + " notify.mail.user and CONNECTOR_NOTIFY_SMTP_PASSWORD.");
    } catch (MessagingException e) {
      int code = returnCode(e);
      String what = describe() + (code > 0 ? " answered " + code + ": " : " failed: ") + clean(e);
      if (code >= 500 || (code <= 0 && e instanceof SendFailedException && !(e.getCause() instanceof IOException))) {
        throw DeliveryException.permanent(what + ". Check the addresses and the server's relay settings.");
      }
      throw DeliveryException.retryable(what, e);
    }
  }

  /** The SMTP reply code of the failure, or -1. */
  private static int returnCode(MessagingException e) {
    for (Exception x = e; x != null; x = x instanceof MessagingException me ? me.getNextException() : null) {
      if (x instanceof SMTPSendFailedException s) {
        return s.getReturnCode();
      }
      if (x instanceof SMTPAddressFailedException a) {
        return a.getReturnCode();
      }
    }
    return -1;
  }

  private static String clean(Exception e) {
    String m = String.valueOf(e.getMessage()).strip().replaceAll("\\s+", " ");
    return Redact.text(m.length() <= 200 ? m : m.substring(0, 199) + "…");
  }
}
