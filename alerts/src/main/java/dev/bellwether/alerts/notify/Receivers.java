package dev.bellwether.alerts.notify;

import dev.bellwether.config.NotifierConfig;
import java.io.PrintStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Builds the receivers the notifier config asks for, reading their secrets once. */
final class Receivers {

  private Receivers() {}

  /**
   * The console (when on), email (when enabled) and every webhook, in that order.
   *
   * @param env where {@code *-env} settings are looked up
   * @throws dev.bellwether.config.ConfigException when a named secret is missing or unreadable
   */
  static List<Receiver> of(NotifierConfig config, Map<String, String> env, PrintStream out, Clock clock) {
    Secrets secrets = new Secrets(env);
    List<Receiver> receivers = new ArrayList<>();
    if (config.console()) {
      receivers.add(new ConsoleReceiver(out));
    }
    NotifierConfig.Email email = config.email();
    if (email.enabled()) {
      receivers.add(new EmailReceiver(
          email, secrets.read("notifier.email.password", email.passwordEnv(), email.passwordFile()), clock));
    }
    for (int i = 0; i < config.webhooks().size(); i++) {
      NotifierConfig.Webhook webhook = config.webhooks().get(i);
      receivers.add(new WebhookReceiver(
          webhook, secrets.read("notifier.webhooks[" + i + "].secret", webhook.secretEnv(), webhook.secretFile()), clock));
    }
    return receivers;
  }
}
