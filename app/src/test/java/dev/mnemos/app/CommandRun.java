package dev.mnemos.app;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/**
 * Runs the `mnemos` command line in this JVM, as a shell would, keeping what it printed to stderr.
 */
final class CommandRun {

  record Outcome(int exitCode, String err) {}

  private CommandRun() {}

  static Outcome run(String... args) {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream originalErr = System.err;
    CommandLine commandLine = MnemosCommand.commandLine();
    commandLine.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      return new Outcome(commandLine.execute(args), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setErr(originalErr);
    }
  }
}
