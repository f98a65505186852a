package dev.bellwether.launcher;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/**
 * One command line run through the launcher inside the test JVM: its exit code and what it
 * printed on standard output and standard error.
 */
record CommandRun(int code, String out, String err) {

  /** Runs {@code args} as {@code bellwether} would and returns what came of it. */
  static CommandRun of(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = Bellwether.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int code = cl.execute(args);
    return new CommandRun(code, out.toString(), err.toString());
  }
}
