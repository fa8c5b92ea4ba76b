package dev.mnemos.app;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The `mnemos` command line. Errors are one line on stderr and a non-zero exit. */
@Command(
    name = "mnemos",
    mixinStandardHelpOptions = true,
    version = "mnemos 0.1.0",
    description = "Mnemos, the memory of ML pipelines: an ML Metadata compatible store.",
    subcommands = {
      ServeCommand.class,
      WatchCommand.class,
      ReindexCommand.class,
      BackupCommand.class,
      GcCommand.class,
      DemoCommand.class
    })
public final class MnemosCommand implements Runnable {

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  static CommandLine commandLine() {
    CommandLine commandLine = new CommandLine(new MnemosCommand());
    commandLine.setParameterExceptionHandler(
        (e, args) -> {
          e.getCommandLine().getErr().println("mnemos: " + e.getMessage() + " (see --help)");
          return 2;
        });
    return commandLine;
  }

  @Override
  public void run() {
    CommandLine.usage(this, System.out);
  }
}
