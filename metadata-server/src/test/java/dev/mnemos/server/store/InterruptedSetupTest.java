package dev.mnemos.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mnemos.migrations.SchemaException;
import dev.mnemos.migrations.SchemaMigrator;
import dev.mnemos.migrations.SqlDialect;
import dev.mnemos.proto.mlmd.Artifact;
import dev.mnemos.proto.mlmd.ArtifactType;
import dev.mnemos.proto.mlmd.PutArtifactTypeRequest;
import dev.mnemos.proto.mlmd.PutArtifactsRequest;
import dev.mnemos.server.testing.Backend;
import dev.mnemos.server.testing.CrashingConnection;
import dev.mnemos.server.testing.DatabaseShape;
import dev.mnemos.server.testing.StoreTest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Schema setup killed before each statement that changes the database — creation, adoption of a
 * database the MLMD library wrote, upgrades from 9, 8 and 7 — then started again: every time the
 * second start completes it, to the very shape (tables, columns, indexes, rows) an uninterrupted
 * setup gives, and the store serves it. The shapes an uninterrupted setup gives are the ones the
 * conformance suite has the MLMD library read.
 */
class InterruptedSetupTest {

  @StoreTest
  void creation(Backend.FreshDatabase database) throws Exception {
    killAtEveryStatement(database.jdbcUrl(), 0);
  }

  @StoreTest
  void adoptionOfAnMlmdDatabase(Backend.FreshDatabase database) throws Exception {
    killAtEveryStatement(database.jdbcUrl(), 10);
  }

  @StoreTest
  void upgradeFrom9(Backend.FreshDatabase database) throws Exception {
    killAtEveryUpgradeStatement(database.jdbcUrl(), 9);
  }

  @StoreTest
  void upgradeFrom8(Backend.FreshDatabase database) throws Exception {
    killAtEveryUpgradeStatement(database.jdbcUrl(), 8);
  }

  @StoreTest
  void upgradeFrom7(Backend.FreshDatabase database) throws Exception {
    killAtEveryUpgradeStatement(database.jdbcUrl(), 7);
  }

  /**
   * The MLMD library writes PostgreSQL databases at schema 10 only, so there is nothing to upgrade
   * there: a PostgreSQL database that says it is older is refused, and left as it was.
   */
  private static void killAtEveryUpgradeStatement(String url, int mlmdVersion) throws Exception {
    if (SqlDialect.fromJdbcUrl(url) != SqlDialect.POSTGRESQL) {
      killAtEveryStatement(url, mlmdVersion);
      return;
    }
    try (Connection connection = DriverManager.getConnection(url);
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE mlmdenv (schema_version INTEGER PRIMARY KEY)");
      statement.execute("INSERT INTO mlmdenv VALUES (" + mlmdVersion + ")");
      DatabaseShape before = DatabaseShape.of(connection);
      assertThatThrownBy(() -> new SchemaMigrator(SqlDialect.POSTGRESQL, true).migrate(connection))
          .isInstanceOfSatisfying(
              SchemaException.class,
              e -> {
                assertThat(e.kind()).isEqualTo(SchemaException.Kind.FAILED_PRECONDITION);
                assertThat(e).hasMessageContaining("no upgrade");
              });
      assertThat(DatabaseShape.of(connection)).isEqualTo(before);
    }
  }

  /**
   * @param mlmdVersion the schema the MLMD library wrote the starting database with; 0: empty
   */
  private static void killAtEveryStatement(String url, int mlmdVersion) throws Exception {
    SchemaMigrator migrator = new SchemaMigrator(SqlDialect.fromJdbcUrl(url), true);
    Map<Integer, DatabaseShape> resumed = new LinkedHashMap<>();
    DatabaseShape finished;
    for (int killAt = 1; ; killAt++) {
      startFrom(url, mlmdVersion);
      try (Connection connection = DriverManager.getConnection(url)) {
        try {
          migrator.migrate(CrashingConnection.before(connection, killAt));
          finished = DatabaseShape.of(connection);
          break;
        } catch (Throwable e) {
          if (!CrashingConnection.killed(e)) {
            throw e;
          }
        }
      }
      try (Connection connection = DriverManager.getConnection(url)) {
        migrator.migrate(connection);
        resumed.put(killAt, DatabaseShape.of(connection));
      }
    }

    assertThat(resumed).as("statements the setup was killed before").hasSizeGreaterThan(10);
    DatabaseShape uninterrupted = finished;
    resumed.forEach(
        (killAt, shape) ->
            assertThat(shape)
                .as("killed before statement %d, then started", killAt)
                .isEqualTo(uninterrupted));
    try (MetadataStore store = MetadataStore.open(DatabaseSettings.of(url))) {
      long type =
          store
              .types()
              .putArtifactType(
                  PutArtifactTypeRequest.newBuilder()
                      .setArtifactType(ArtifactType.newBuilder().setName("AfterTheKills"))
                      .build())
              .getTypeId();
      assertThat(
              store
                  .nodes()
                  .putArtifacts(
                      PutArtifactsRequest.newBuilder()
                          .addArtifacts(Artifact.newBuilder().setTypeId(type).setUri("s3://a"))
                          .build())
                  .getArtifactIdsCount())
          .isEqualTo(1);
    }
  }

  /** Empties the database, then loads what the MLMD library wrote at {@code mlmdVersion}. */
  private static void startFrom(String url, int mlmdVersion) throws Exception {
    if (url.startsWith("jdbc:sqlite:")) {
      Path file = Path.of(url.substring("jdbc:sqlite:".length()));
      for (String suffix : new String[] {"", "-wal", "-shm", "-journal"}) {
        Files.deleteIfExists(Path.of(file + suffix));
      }
      if (mlmdVersion > 0) {
        try (InputStream fixture = fixture("mlmd-v" + mlmdVersion + ".sqlite")) {
          Files.copy(fixture, file, StandardCopyOption.REPLACE_EXISTING);
        }
      }
      return;
    }
    if (url.startsWith("jdbc:postgresql:")) {
      try (Connection connection = DriverManager.getConnection(url);
          Statement statement = connection.createStatement()) {
        statement.execute("DROP SCHEMA public CASCADE");
        statement.execute("CREATE SCHEMA public");
        if (mlmdVersion > 0) {
          for (String sql : dumpStatements("mlmd-v" + mlmdVersion + ".postgresql.sql")) {
            if (!sql.isBlank()) {
              statement.execute(sql);
            }
          }
        }
      }
      return;
    }
    try (Connection connection = DriverManager.getConnection(url);
        Statement statement = connection.createStatement()) {
      String name = connection.getCatalog();
      statement.execute("DROP DATABASE `" + name + "`");
      statement.execute("CREATE DATABASE `" + name + "`");
      statement.execute("USE `" + name + "`");
      if (mlmdVersion > 0) {
        for (String sql : dumpStatements("mlmd-v" + mlmdVersion + ".mysql.sql")) {
          if (!sql.isBlank()) {
            statement.execute(sql);
          }
        }
      }
    }
  }

  private static InputStream fixture(String name) throws IOException {
    InputStream in = InterruptedSetupTest.class.getResourceAsStream("/mlmd-fixtures/" + name);
    if (in == null) {
      throw new IOException("missing fixture " + name + " (clients/conformance/make_fixtures.py)");
    }
    return in;
  }

  /** A mariadb-dump's or pg_dump's statements: each ends with ';' at the end of a line. */
  private static String[] dumpStatements(String name) throws IOException {
    try (InputStream in = fixture(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).split(";\n");
    }
  }
}
