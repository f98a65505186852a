package dev.bellwether.alerts.notify;

import java.io.PrintStream;

/** Prints each announcement as one {@link AlertLine}. */
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
  public void deliver(Announcement announcement) {
    out.println(AlertLine.format(announcement.alert(), announcement.event()));
  }
}
