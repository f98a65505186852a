package dev.bellwether.launcher;

import dev.bellwether.config.ConfigException;
import java.io.PrintWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/** Entry point of the {@code bellwether} command. */
public final class Bellwether {

  private static final Logger LOG = LoggerFactory.getLogger(Bellwether.class);

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

  /**
   * Prints every failure of a command as one line ({@link FailureMessage}) and logs its stack trace
   * at debug level; exit code 2 for a configuration error, 1 otherwise.
   */
  private static int handle(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
    PrintWriter err = cl.getErr();
    LOG.debug("{} failed", cl.getCommandName(), e);
    boolean config = e instanceof ConfigException;
    err.println("bellwether: " + (config ? "configuration error: " : "") + FailureMessage.of(e));
    err.flush();
    return config ? 2 : 1;
  }
}
