package dev.mnemos.app;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/**
 * Runs the `mnemos` command line in this JVM, as a shell would, keeping what it printed to stdout
 * and stderr.
 */
final class CommandRun {

  record Outcome(int exitCode, String err, String out) {}

  private CommandRun() {}

  static Outcome run(String... args) {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream originalErr = System.err;
    PrintStream originalOut = System.out;
    CommandLine commandLine = MnemosCommand.commandLine();
    commandLine.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      int exitCode = commandLine.execute(args);
      return new Outcome(
          exitCode, err.toString(StandardCharsets.UTF_8), out.toString(StandardCharsets.UTF_8));
    } finally {
      System.setErr(originalErr);
      System.setOut(originalOut);
    }
  }
}
