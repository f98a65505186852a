package dev.bellwether.launcher;

import dev.bellwether.config.ConfigException;
import java.io.PrintWriter;
import picocli.CommandLine;

/** Entry point of the {@code bellwether} command. */
public final class Bellwether {

  private Bellwether() {}

  /** Runs the command line and exits with its code. */
  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The command line with every subcommand, as {@code main} runs it; tests execute it directly. */
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new BellwetherCommand());
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    // Descriptions are written in lines of up to ~95 characters; wider terminals use their width.
    cl.setUsageHelpWidth(100);
    cl.setUsageHelpAutoWidth(true);
    cl.setExecutionExceptionHandler(Bellwether::handle);
    return cl;
  }

  /** Prints failures people can act on as one line instead of a stack trace. */
  private static int handle(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
    PrintWriter err = cl.getErr();
    if (e instanceof ConfigException) {
      err.println("bellwether: configuration error: " + e.getMessage());
      err.flush();
      return 2;
    }
    if (e instanceof UserFacingException) {
      err.println("bellwether: " + e.getMessage());
      err.flush();
      return 1;
    }
    throw new IllegalStateException(e);
  }
}
