package dev.mnemos.app;

import dev.mnemos.server.errors.StoreException;
import dev.mnemos.server.store.MetadataStore;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Copies the embedded SQLite store into one file, consistently, while a server may be writing to
 * it. The search index is not copied: a server started on the restored file rebuilds it.
 */
@Command(
    name = "backup",
    mixinStandardHelpOptions = true,
    description = {
      "Copy the embedded SQLite store into FILE (consistent, while the server runs).",
      "Restore: stop the server, put FILE in place of <data_dir>/metadata.sqlite, remove"
          + " <data_dir>/search-index (it is rebuilt at start), start the server."
    })
final class BackupCommand implements Callable<Integer> {

  @Mixin DatabaseOptions database;

  @Option(
      names = "--to",
      required = true,
      paramLabel = "FILE",
      description = "The copy to write; must not exist yet.")
  Path target;

  @Override
  public Integer call() throws Exception {
    PrintStream err = System.err;
    if (Files.exists(target)) {
      err.println("mnemos: " + target + " exists; a backup never overwrites a file");
      return 1;
    }
    if (!database.sqlite()) {
      err.println(
          "mnemos: backup copies SQLite stores; back up MariaDB or MySQL with mariadb-dump"
              + " --single-transaction (docs/reliability.md)");
      return 1;
    }
    if (database.embedded() && !Files.exists(database.embeddedFile())) {
      err.println("mnemos: no store at " + database.embeddedFile());
      return 1;
    }
    long started = System.nanoTime();
    try (MetadataStore store = MetadataStore.open(database.databaseSettings())) {
      PrivateFiles.file(target);
      try {
        store.database().copyTo(target);
      } catch (RuntimeException e) {
        Files.deleteIfExists(target);
        throw e;
      }
    } catch (StoreException e) {
      err.println("mnemos: " + e.code() + ": " + e.getMessage());
      return 1;
    }
    err.printf(
        "mnemos: copied the store to %s (%d bytes) in %.1f s%n",
        target, Files.size(target), (System.nanoTime() - started) / 1e9);
    return 0;
  }
}
