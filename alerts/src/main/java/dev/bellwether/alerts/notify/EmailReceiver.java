package dev.bellwether.alerts.notify;

import dev.bellwether.config.NotifierConfig;
import jakarta.mail.Address;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Date;
import java.util.Optional;
import java.util.Properties;

/**
 * Sends each notification as one email by SMTP (Jakarta Mail): a {@code multipart/alternative}
 * message with the plain-text and HTML bodies of {@link AlertMail}, listing every alert of the
 * group.
 *
 * <p>Connection failures and transient server errors are retryable; refused credentials and
 * refused recipients are not.
 */
final class EmailReceiver implements Receiver {

  private final NotifierConfig.Email config;
  private final Optional<String> password;
  private final Session session;
  private final InternetAddress from;
  private final InternetAddress[] to;
  private final Clock clock;

  EmailReceiver(NotifierConfig.Email config, Optional<String> password, Clock clock) {
    this.config = config;
    this.password = password;
    this.clock = clock;
    Properties props = new Properties();
    String timeout = Long.toString(config.timeout().toMillis());
    props.put("mail.smtp.host", config.host());
    props.put("mail.smtp.port", Integer.toString(config.port()));
    props.put("mail.smtp.connectiontimeout", timeout);
    props.put("mail.smtp.timeout", timeout);
    props.put("mail.smtp.writetimeout", timeout);
    props.put("mail.smtp.starttls.enable", Boolean.toString(config.starttls()));
    props.put("mail.smtp.starttls.required", Boolean.toString(config.starttls()));
    props.put("mail.smtp.auth", Boolean.toString(!config.username().isEmpty()));
    this.session = Session.getInstance(props);
    try {
      this.from = new InternetAddress(config.from(), true);
      this.to = new InternetAddress[config.to().size()];
      for (int i = 0; i < to.length; i++) {
        to[i] = new InternetAddress(config.to().get(i), true);
      }
    } catch (MessagingException e) {
      throw new IllegalArgumentException("notifier.email: an address is not valid: " + e.getMessage(), e);
    }
  }

  @Override
  public String name() {
    return "email";
  }

  @Override
  public String kind() {
    return "email";
  }

  @Override
  public void deliver(Notification notification) throws DeliveryException {
    try {
      MimeMessage message = message(notification);
      if (config.username().isEmpty()) {
        Transport.send(message);
      } else {
        Transport.send(message, config.username(), password.orElse(""));
      }
    } catch (AuthenticationFailedException e) {
      throw DeliveryException.permanent("SMTP server " + config.host() + " refused the credentials of " + config.username());
    } catch (SendFailedException e) {
      Address[] invalid = e.getInvalidAddresses();
      if (invalid != null && invalid.length > 0) {
        throw DeliveryException.permanent("SMTP server " + config.host() + " refused recipients: " + e.getMessage());
      }
      throw DeliveryException.retryable(reason(e), null);
    } catch (MessagingException e) {
      throw DeliveryException.retryable(reason(e), null);
    }
  }

  /** The message of {@code notification}, ready to send. */
  MimeMessage message(Notification notification) throws MessagingException {
    AlertMail mail = new AlertMail(notification);
    MimeMessage message = new MimeMessage(session);
    message.setFrom(from);
    message.setRecipients(Message.RecipientType.TO, to);
    message.setSubject(mail.subject(), StandardCharsets.UTF_8.name());
    message.setSentDate(Date.from(clock.instant()));
    for (Announcement a : notification.announcements()) {
      message.addHeader("X-Bellwether-Alert-Id", a.alert().id());
    }
    message.setHeader("X-Bellwether-Idempotency-Key", notification.idempotencyKey());
    MimeBodyPart text = new MimeBodyPart();
    text.setText(mail.text(), StandardCharsets.UTF_8.name(), "plain");
    MimeBodyPart html = new MimeBodyPart();
    html.setText(mail.html(), StandardCharsets.UTF_8.name(), "html");
    // Alternatives go from plainest to richest; clients show the last one they can render.
    MimeMultipart body = new MimeMultipart("alternative", text, html);
    message.setContent(body);
    return message;
  }

  private String reason(MessagingException e) {
    String text = "SMTP delivery to " + config.host() + ":" + config.port() + " failed: "
        + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + AlertLine.oneLine(e.getMessage()));
    return password.map(p -> text.replace(p, "***")).orElse(text);
  }
}
