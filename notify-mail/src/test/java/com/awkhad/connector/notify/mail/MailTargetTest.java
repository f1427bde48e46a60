package com.awkhad.connector.notify.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.awkhad.connector.notify.mail.MailSettings.Security;
import com.awkhad.connector.queue.notify.DeliveryException;
import com.awkhad.connector.queue.notify.Digest;
import com.awkhad.connector.queue.notify.Notice;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.net.ServerSocket;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Mails sent to GreenMail, a real SMTP server on 127.0.0.1. */
class MailTargetTest {
  GreenMail smtp;

  @BeforeEach
  void start() {
    smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    smtp.start();
    smtp.setUser("connector@example.com", "connector", "s3cret-pw");
  }

  @AfterEach
  void stop() {
    smtp.stop();
  }

  int port() {
    return smtp.getSmtp().getPort();
  }

  static Digest digest(int count) {
    Notice n = Notice.of("job.failed", "Job failed on root.coffee: ConnectorJobs.importRecord")
        .withText("FailedJobError: Max. retries (3) reached: Connection refused; token=abc123")
        .withField("uuid", "0b5e").withGroupKey("job.failed root.coffee");
    Instant t = Instant.parse("2026-12-01T14:22:05Z");
    return new Digest("job.failed root.coffee", "job.failed", count, t, t.plusSeconds(12), List.of(n), "runner-1");
  }

  @Test
  void aDigestArrivesAsAMailWithItsTitleAsSubjectAndItsTextAsBody() throws Exception {
    MailTarget mail = new MailTarget("mail", new MailSettings("127.0.0.1", port(), Security.NONE, "connector@example.com",
        List.of("ops@example.com", "oncall@example.com"), "connector", "s3cret-pw"));
    mail.send(digest(50));
    assertThat(smtp.waitForIncomingEmail(30_000, 2)).isTrue();
    MimeMessage[] got = smtp.getReceivedMessages();
    assertThat(got).hasSize(2);
    assertThat(got[0].getSubject())
        .isEqualTo("[connector] Job failed on root.coffee: ConnectorJobs.importRecord (and 49 more within 12 s)");
    assertThat(got[0].getFrom()[0].toString()).isEqualTo("connector@example.com");
    assertThat(got[0].getHeader("Auto-Submitted")[0]).isEqualTo("auto-generated");
    String body = GreenMailUtil.getBody(got[0]).replace("\r\n", "\n");
    assertThat(body).startsWith("50 notices of group 'job.failed root.coffee' between 2026-12-01T14:22:05Z and"
        + " 2026-12-01T14:22:17Z on runner-1.")
        .contains("FailedJobError: Max. retries (3) reached: Connection refused; token=***")
        .contains("... and 49 more not listed here.")
        .doesNotContain("abc123").doesNotContain("s3cret-pw");
  }

  @Test
  void aRefusedLoginFailsForGoodAndNamesWhatToCheckWithoutThePassword() {
    MailTarget mail = new MailTarget("mail", new MailSettings("127.0.0.1", port(), Security.NONE, "connector@example.com",
        List.of("ops@example.com"), "connector", "wrong-pw"));
    smtp.getManagers().getUserManager().setAuthRequired(true);
    assertThatThrownBy(() -> mail.send(digest(1))).isInstanceOfSatisfying(DeliveryException.class, e -> {
      assertThat(e.retryable()).isFalse();
      assertThat(e.getMessage()).contains("refused the login").contains("CONNECTOR_NOTIFY_SMTP_PASSWORD")
          .doesNotContain("wrong-pw");
    });
  }

  @Test
  void aServerThatCannotBeReachedIsRetried() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    MailTarget mail = new MailTarget("mail", new MailSettings("127.0.0.1", closed, Security.NONE, "connector@example.com",
        List.of("ops@example.com"), null, null));
    assertThatThrownBy(() -> mail.send(digest(1))).isInstanceOfSatisfying(DeliveryException.class,
        e -> assertThat(e.retryable()).isTrue());
  }

  @Test
  void aPasswordIsNeverSentInClearOffThisMachineAndNeverPrinted() {
    assertThatThrownBy(() -> new MailSettings("smtp.example.com", 25, Security.NONE, "a@example.com",
        List.of("b@example.com"), "u", "pw")).hasMessageContaining("in clear");
    MailSettings s = new MailSettings("smtp.example.com", 587, Security.STARTTLS, "a@example.com",
        List.of("b@example.com"), "u", "hunter2");
    assertThat(s.toString()).isEqualTo("smtp://u@smtp.example.com:587 (starttls) from a@example.com to b@example.com")
        .doesNotContain("hunter2");
  }
}
