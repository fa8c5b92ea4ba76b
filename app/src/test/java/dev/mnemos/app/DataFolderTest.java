package dev.mnemos.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnemos.server.store.MetadataStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded store's files are the server user's alone, whatever the umask. */
class DataFolderTest {

  @Test
  void theDataFolderIsPrivateAndSoAreTheDatabaseAndItsLog(@TempDir Path dir) throws Exception {
    DatabaseOptions options = new DatabaseOptions();
    options.dataDir = dir.resolve("nested/mnemos-data");

    try (MetadataStore store = MetadataStore.open(options.databaseSettings())) {
      store.database().write(tx -> tx.sql().execute("CREATE TABLE written (x INT)"));
      Path index = options.searchIndexFolder();

      assertThat(mode(options.dataDir)).isEqualTo("rwx------");
      assertThat(mode(index)).isEqualTo("rwx------");
      assertThat(mode(options.dataDir.resolve("metadata.sqlite"))).isEqualTo("rw-------");
      assertThat(mode(options.dataDir.resolve("metadata.sqlite-wal")))
          .as("SQLite gives its log the database file's mode")
          .isEqualTo("rw-------");
    }
  }

  private static String mode(Path path) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
  }
}
