package dev.mnemos.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnemos.proto.mlmd.Context;
import dev.mnemos.proto.mlmd.ContextType;
import dev.mnemos.proto.mlmd.PutContextTypeRequest;
import dev.mnemos.proto.mlmd.PutContextsRequest;
import dev.mnemos.server.store.DatabaseSettings;
import dev.mnemos.server.store.MetadataStore;
import java.nio.file.Path;
import java.sql.DriverManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MnemosCommandTest {

  private static CommandRun.Outcome run(String... args) {
    return CommandRun.run(args);
  }

  @Test
  void unknownFlagIsOneLineAndExitCodeTwo() {
    CommandRun.Outcome outcome = run("serve", "--grpc-port", "1");

    assertThat(outcome.exitCode()).isEqualTo(2);
    assertThat(outcome.err().strip()).startsWith("mnemos: Unknown option").doesNotContain("\n");
  }

  @Test
  void unreachableDatabaseIsOneLineAndNonZeroExit() {
    CommandRun.Outcome outcome =
        run(
            "serve",
            "--grpc_port",
            "0",
            "--mysql_config_host",
            "127.0.0.1",
            "--mysql_config_port",
            "1",
            "--metadata_store_connection_retries=0");

    assertThat(outcome.exitCode()).isEqualTo(1);
    assertThat(outcome.err().strip())
        .startsWith("mnemos: UNAVAILABLE: cannot connect to jdbc:mysql://127.0.0.1:1/")
        .doesNotContain("\n");
  }

  @Test
  void newerSchemaIsRefusedWithFailedPrecondition(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("newer.sqlite");
    try (var connection = DriverManager.getConnection("jdbc:sqlite:" + file);
        var statement = connection.createStatement()) {
      statement.execute("CREATE TABLE `MLMDEnv` (`schema_version` INTEGER PRIMARY KEY)");
      statement.execute("INSERT INTO `MLMDEnv` VALUES (11)");
    }

    CommandRun.Outcome outcome = run("serve", "--grpc_port", "0", "--db", "jdbc:sqlite:" + file);

    assertThat(outcome.exitCode()).isEqualTo(1);
    assertThat(outcome.err())
        .startsWith(
            "mnemos: FAILED_PRECONDITION: MLMD database version 11 is greater than library version 10");
  }

  @Test
  void conflictingDatabaseFlagsAreRefused() {
    CommandRun.Outcome outcome =
        run("serve", "--db", "jdbc:sqlite:x.db", "--mysql_config_host", "h");

    assertThat(outcome.exitCode()).isEqualTo(2);
    assertThat(outcome.err()).contains("either --db or --mysql_config_host");
  }

  @Test
  void reindexRebuildsTheSearchIndexWithProgress(@TempDir Path dir) throws Exception {
    try (var store =
        MetadataStore.open(DatabaseSettings.of("jdbc:sqlite:" + dir.resolve("metadata.sqlite")))) {
      long type =
          store
              .types()
              .putContextType(
                  PutContextTypeRequest.newBuilder()
                      .setContextType(ContextType.newBuilder().setName("t"))
                      .build())
              .getTypeId();
      var contexts = PutContextsRequest.newBuilder();
      for (int i = 0; i < 3; i++) {
        contexts.addContexts(Context.newBuilder().setTypeId(type).setName("c" + i));
      }
      store.nodes().putContexts(contexts.build());
    }

    CommandRun.Outcome outcome = run("reindex", "--data_dir", dir.toString());

    assertThat(outcome.exitCode()).as(outcome.err()).isZero();
    assertThat(outcome.err())
        .contains("indexing [" + "#".repeat(40) + "] 3/3 100%")
        .contains("mnemos: indexed 3 nodes");
    assertThat(dir.resolve("search-index"))
        .isDirectoryContaining(p -> p.getFileName().toString().startsWith("segments"));
  }
}
