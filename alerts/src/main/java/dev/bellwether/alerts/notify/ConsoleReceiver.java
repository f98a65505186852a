package dev.bellwether.alerts.notify;

import java.io.PrintStream;

/** Prints each announcement of a notification as one {@link AlertLine}, the lines of a group together. */
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
    StringBuilder lines = new StringBuilder();
    for (Announcement a : notification.announcements()) {
      lines.append(AlertLine.format(a.alert(), a.event())).append(System.lineSeparator());
    }
    // One write, so that the lines of a group are not interleaved with other output.
    out.print(lines);
    out.flush();
  }
}
