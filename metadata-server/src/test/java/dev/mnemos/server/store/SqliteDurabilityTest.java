package dev.mnemos.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded store answers a write only once it is on disk: WAL with synchronous=FULL syncs the
 * log at every commit, where NORMAL (WAL's usual setting) may lose the last commits to a power loss
 * or an OS crash.
 */
class SqliteDurabilityTest {

  @Test
  void everyCommitIsSyncedBeforeItIsAcknowledged(@TempDir Path dir) {
    try (MetadataStore store =
        MetadataStore.open(DatabaseSettings.of("jdbc:sqlite:" + dir.resolve("m.sqlite")))) {
      Database database = store.database();
      Object journal = database.write(tx -> tx.sql().fetchValue("PRAGMA journal_mode"));
      Object synchronous = database.write(tx -> tx.sql().fetchValue("PRAGMA synchronous"));
      assertThat(journal).hasToString("wal");
      assertThat(synchronous).as("2 is FULL").hasToString("2");
    }
  }
}
