package dev.bellwether.alerts.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import dev.bellwether.config.NotifierConfig;
import dev.bellwether.event.Alert;
import dev.bellwether.event.Headline;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.PrintStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Email delivery against GreenMail, a real SMTP server inside the test JVM on 127.0.0.1. */
class EmailReceiverTest {

  private static final String PASSWORD = "s3cret-smtp-pw";

  @RegisterExtension
  static final GreenMailExtension SMTP =
      new GreenMailExtension(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort())
          .withConfiguration(GreenMailConfiguration.aConfig().withUser("bell@example.com", "bell", PASSWORD));

  private final Clock clock = Clock.fixed(Instant.parse("2026-11-29T10:16:00Z"), ZoneOffset.UTC);

  @Test
  void oneAnnouncementIsOneMultipartMessageWithSubjectFactsAndHeadlineLinks() throws Exception {
    List<Headline> headlines = List.of(
        AlertLineTest.headline(1, "ACME recalls every widget"),
        AlertLineTest.headline(2, "ACME <script>alert('x')</script> & co"));
    Alert alert = AlertLineTest.alert(Alert.Severity.CRITICAL, Alert.Status.FIRING, 1, headlines);

    receiver("", "").deliver(Notification.of("email", new Announcement(alert, AlertLine.Event.NEW)));

    MimeMessage[] received = SMTP.getReceivedMessages();
    assertThat(received).hasSize(1);
    MimeMessage message = received[0];
    assertThat(message.getSubject())
        .isEqualTo("[Bellwether] CRITICAL entity:ACME negative share 0.71 vs 0.12 (5.8x)");
    assertThat(message.getFrom()[0].toString()).isEqualTo("bell@example.com");
    assertThat(message.getRecipients(Message.RecipientType.TO)[0].toString()).isEqualTo("desk@example.com");
    assertThat(message.getHeader("X-Bellwether-Alert-Id")).containsExactly(alert.id());

    MimeMultipart body = (MimeMultipart) message.getContent();
    assertThat(body.getContentType()).startsWith("multipart/alternative");
    assertThat(body.getCount()).isEqualTo(2);
    assertThat(body.getBodyPart(0).isMimeType("text/plain")).isTrue();
    assertThat(body.getBodyPart(1).isMimeType("text/html")).isTrue();
    String text = (String) body.getBodyPart(0).getContent();
    String html = (String) body.getBodyPart(1).getContent();

    assertThat(text)
        .contains("Negative-sentiment spike in entity:ACME: CRITICAL, new")
        .contains("0.71 vs baseline 0.12 (5.8x)")
        .contains("9 vs baseline 1.3 (z = 7.4)")
        .contains("15m window 2026-11-29 10:00-10:15Z")
        .contains("firing")
        .contains(alert.id() + " revision 1")
        .contains("finbert@1#ab12cd34ef56")
        .contains("ACME recalls every widget").contains("https://news.example/1");
    assertThat(html)
        .contains("<a href=\"https://news.example/1\">ACME recalls every widget</a>")
        .contains("<a href=\"https://news.example/2\">ACME &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; co</a>")
        .doesNotContain("<script>")
        .contains("0.71 vs baseline 0.12 (5.8x)")
        .contains(alert.id());
  }

  @Test
  void authenticatesWithThePasswordFromTheNamedEnvironmentVariable() throws Exception {
    NotifierConfig config = new NotifierConfig(false, Duration.ofHours(6),
        email("bell", "SMTP_PW"), List.of(), NotifierConfig.Retry.DEFAULT);
    List<Receiver> receivers =
        Receivers.of(config, Map.of("SMTP_PW", PASSWORD), new PrintStream(OutputStream.nullOutputStream()), clock);
    assertThat(receivers).singleElement().extracting(Receiver::kind).isEqualTo("email");

    Alert alert = AlertLineTest.alert(Alert.Severity.WARNING, Alert.Status.RESOLVED, 4, List.of());
    receivers.get(0).deliver(Notification.of("email", new Announcement(alert, AlertLine.Event.RESOLVED)));

    assertThat(SMTP.getReceivedMessages()).singleElement()
        .satisfies(m -> assertThat(m.getSubject()).startsWith("[Bellwether] WARNING resolved entity:ACME"));
  }

  @Test
  void refusedCredentialsAreFinalAndTheReasonHoldsNoPassword() {
    String wrong = "not-the-password";
    EmailReceiver receiver = receiver("bell", wrong);
    Alert alert = AlertLineTest.alert(Alert.Severity.WARNING, Alert.Status.FIRING, 1, List.of());

    DeliveryException e = org.junit.jupiter.api.Assertions.assertThrows(
        DeliveryException.class, () -> receiver.deliver(Notification.of("email", new Announcement(alert, AlertLine.Event.NEW))));

    assertThat(e.retryable()).isFalse();
    assertThat(e.getMessage()).contains("refused the credentials of bell").doesNotContain(wrong).doesNotContain(PASSWORD);
    assertThat(SMTP.getReceivedMessages()).isEmpty();
  }

  private EmailReceiver receiver(String user, String password) {
    NotifierConfig.Email config = email(user, user.isEmpty() ? "" : "UNUSED_ENV");
    return new EmailReceiver(config, password.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(password), clock);
  }

  private static NotifierConfig.Email email(String user, String passwordEnv) {
    return new NotifierConfig.Email(true, "127.0.0.1", SMTP.getSmtp().getPort(), false, user, passwordEnv, "",
        "bell@example.com", List.of("desk@example.com"), Duration.ofSeconds(5));
  }
}
