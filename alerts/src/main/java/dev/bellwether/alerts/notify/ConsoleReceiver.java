package dev.bellwether.alerts.notify;

import java.io.PrintStream;

/**
 * Prints a notification as {@link AlertLine}s: one line per incident it announces (the alerts one
 * event raised in several scopes), one per alert without an incident, the lines of a group together.
 */
final class ConsoleReceiver implements Receiver {

  private final PrintStream out;

  ConsoleReceiver(PrintStream out) {
    this.out = out;
  }

  @Override
  public String name() {
    return "console";
  }

  @Override
  public String kind() {
    return "console";
  }

  @Override
  public void deliver(Notification notification) {
    // One write, so that the lines of a group are not interleaved with other output.
    out.print(AlertLine.format(notification));
    out.flush();
  }
}
