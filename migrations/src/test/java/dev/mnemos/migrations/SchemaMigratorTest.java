package dev.mnemos.migrations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Runs the migrator on SQLite databases, including ones the MLMD library wrote (see fixtures). */
class SchemaMigratorTest {

  @TempDir Path dir;

  private Connection open(String name) throws SQLException {
    return DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(name));
  }

  private Connection fixture(int schemaVersion) throws Exception {
    String name = "mlmd-v" + schemaVersion + ".sqlite";
    try (InputStream in = getClass().getResourceAsStream("/mlmd-fixtures/" + name)) {
      Files.copy(in, dir.resolve(name));
    }
    return open(name);
  }

  private static long count(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      rows.next();
      return rows.getLong(1);
    }
  }

  @Test
  void createsTheWholeSchemaInAnEmptyDatabase() throws Exception {
    try (Connection connection = open("fresh.sqlite")) {
      OptionalLong found = new SchemaMigrator(SqlDialect.SQLITE, false).migrate(connection);

      assertThat(found).isEmpty();
      assertThat(count(connection, "SELECT schema_version FROM MLMDEnv")).isEqualTo(10);
      assertThat(
              count(
                  connection,
                  "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name != 'sqlite_sequence'"
                      + " AND name NOT LIKE 'mnemos_%'"))
          .as("MLMD's tables")
          .isEqualTo(15);
      assertThat(
              count(
                  connection,
                  "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name LIKE 'mnemos_%'"))
          .as(
              "Mnemos' summary tables (4), tenancy tables (2), MLflow metric tables (2), input tags"
                  + " (1) and logged models' tables (2)")
          .isEqualTo(11);
      assertThat(count(connection, "SELECT count(*) FROM Type WHERE name LIKE 'mlmd.%'"))
          .isEqualTo(9);
    }
  }

  @Test
  void addsTheMetricStepColumnToSummariesAnOlderMnemosMade() throws Exception {
    try (Connection connection = open("older-summaries.sqlite")) {
      new SchemaMigrator(SqlDialect.SQLITE, false).migrate(connection);
      try (Statement statement = connection.createStatement()) {
        statement.execute("ALTER TABLE mnemos_metric DROP COLUMN step");
        statement.execute(
            "INSERT INTO mnemos_metric (source_kind, source_id, run_id, name, value)"
                + " VALUES (1, 1, 1, 'loss', 0.5)");
      }

      new SchemaMigrator(SqlDialect.SQLITE, false).migrate(connection);

      assertThat(count(connection, "SELECT count(*) FROM mnemos_metric WHERE step = ''"))
          .as("rows made before the column get no step, until the summaries are rebuilt")
          .isEqualTo(1);
    }
  }

  @Test
  void secondRunChangesNothing() throws Exception {
    try (Connection connection = open("twice.sqlite")) {
      new SchemaMigrator(SqlDialect.SQLITE, false).migrate(connection);
      OptionalLong found = new SchemaMigrator(SqlDialect.SQLITE, false).migrate(connection);

      assertThat(found).hasValue(10);
      assertThat(count(connection, "SELECT count(*) FROM Type")).isEqualTo(9);
    }
  }

  @Test
  void adoptsADatabaseTheMlmdLibraryWroteWithoutChangingIt() throws Exception {
    try (Connection connection = fixture(10)) {
      long typesBefore = count(connection, "SELECT count(*) FROM Type");

      assertThat(new SchemaMigrator(SqlDialect.SQLITE, false).migrate(connection)).hasValue(10);
      assertThat(count(connection, "SELECT count(*) FROM Type")).isEqualTo(typesBefore);
      assertThat(count(connection, "SELECT count(*) FROM Artifact")).isEqualTo(6);
      assertThat(
              count(
                  connection,
                  "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name LIKE 'idx_mnemos_%'"
                      + " AND tbl_name NOT LIKE 'mnemos_%'"))
          .as("our own indexes are added to an adopted database")
          .isEqualTo(2);
      assertThat(count(connection, "SELECT count(*) FROM mnemos_run"))
          .as("summary tables are created empty, to be back-filled by the server")
          .isZero();
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {7, 8, 9})
  void refusesAnOlderSchemaUnlessUpgradingIsEnabled(int version) throws Exception {
    try (Connection connection = fixture(version)) {
      SchemaException refused =
          catchThrowableOfType(
              SchemaException.class,
              () -> new SchemaMigrator(SqlDialect.SQLITE, false).migrate(connection));

      assertThat(refused.kind()).isEqualTo(SchemaException.Kind.FAILED_PRECONDITION);
      assertThat(refused.getMessage())
          .contains("MLMD database version " + version + " is older than library version 10");
      assertThat(count(connection, "SELECT schema_version FROM MLMDEnv")).isEqualTo(version);
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {7, 8, 9})
  void upgradesAnOlderSchemaKeepingItsRows(int version) throws Exception {
    try (Connection connection = fixture(version)) {
      long artifacts = count(connection, "SELECT count(*) FROM Artifact");
      long events = count(connection, "SELECT count(*) FROM Event");
      long properties = count(connection, "SELECT count(*) FROM ArtifactProperty");

      assertThat(new SchemaMigrator(SqlDialect.SQLITE, true).migrate(connection)).hasValue(version);

      assertThat(count(connection, "SELECT schema_version FROM MLMDEnv")).isEqualTo(10);
      assertThat(count(connection, "SELECT count(*) FROM Artifact")).isEqualTo(artifacts);
      assertThat(count(connection, "SELECT count(*) FROM Event")).isEqualTo(events);
      assertThat(count(connection, "SELECT count(*) FROM ArtifactProperty")).isEqualTo(properties);
      assertThat(count(connection, "SELECT count(*) FROM Artifact WHERE external_id IS NOT NULL"))
          .isEqualTo(version == 9 ? 3 : 0);
      assertThat(
              count(
                  connection,
                  "SELECT count(proto_value) + count(bool_value) FROM ArtifactProperty"))
          .isZero();
      assertThat(new SchemaMigrator(SqlDialect.SQLITE, false).migrate(connection)).hasValue(10);
    }
  }

  @Test
  void upgradedDatabaseEnforcesTheNewUniqueKeys() throws Exception {
    try (Connection connection = fixture(7)) {
      new SchemaMigrator(SqlDialect.SQLITE, true).migrate(connection);
      try (Statement statement = connection.createStatement()) {
        statement.execute("UPDATE Artifact SET external_id = 'same' WHERE id = 1");
        SQLException duplicate =
            catchThrowableOfType(
                SQLException.class,
                () -> statement.execute("UPDATE Artifact SET external_id = 'same' WHERE id = 2"));
        assertThat(duplicate.getMessage()).contains("UNIQUE");
        SQLException duplicateEvent =
            catchThrowableOfType(
                SQLException.class,
                () ->
                    statement.execute(
                        "INSERT INTO Event (artifact_id, execution_id, type) SELECT artifact_id, execution_id, type FROM Event LIMIT 1"));
        assertThat(duplicateEvent.getMessage()).contains("UNIQUE");
      }
    }
  }

  @Test
  void refusesANewerSchema() throws Exception {
    try (Connection connection = fixture(10)) {
      try (Statement statement = connection.createStatement()) {
        statement.execute("UPDATE MLMDEnv SET schema_version = 11");
      }

      SchemaException refused =
          catchThrowableOfType(
              SchemaException.class,
              () -> new SchemaMigrator(SqlDialect.SQLITE, true).migrate(connection));

      assertThat(refused.kind()).isEqualTo(SchemaException.Kind.FAILED_PRECONDITION);
      assertThat(refused.getMessage())
          .startsWith("MLMD database version 11 is greater than library version 10");
    }
  }

  @Test
  void refusesAPartialSchema() throws Exception {
    try (Connection connection = open("partial.sqlite")) {
      new SchemaMigrator(SqlDialect.SQLITE, false).migrate(connection);
      try (Statement statement = connection.createStatement()) {
        statement.execute("DROP TABLE Attribution");
      }

      SchemaException refused =
          catchThrowableOfType(
              SchemaException.class,
              () -> new SchemaMigrator(SqlDialect.SQLITE, false).migrate(connection));

      assertThat(refused.kind()).isEqualTo(SchemaException.Kind.FAILED_PRECONDITION);
      assertThat(refused.getMessage()).contains("Attribution");
    }
  }

  @Test
  void refusesMlmdTablesOfAnotherShapeWithoutAVersionRow() throws Exception {
    try (Connection connection = fixture(7)) {
      try (Statement statement = connection.createStatement()) {
        statement.execute("DROP TABLE MLMDEnv");
      }

      SchemaException refused =
          catchThrowableOfType(
              SchemaException.class,
              () -> new SchemaMigrator(SqlDialect.SQLITE, true).migrate(connection));

      assertThat(refused.kind()).isEqualTo(SchemaException.Kind.FAILED_PRECONDITION);
      assertThat(refused.getMessage()).contains("no MLMDEnv version row");
    }
  }

  @Test
  void completesACreationThatStoppedBeforeItsVersionRow() throws Exception {
    try (Connection connection = open("interrupted.sqlite")) {
      new SchemaMigrator(SqlDialect.SQLITE, false).migrate(connection);
      try (Statement statement = connection.createStatement()) {
        statement.execute("DELETE FROM MLMDEnv");
        statement.execute("DROP TABLE Attribution");
        statement.execute("DROP TABLE mnemos_metric");
      }

      assertThat(new SchemaMigrator(SqlDialect.SQLITE, false).migrate(connection)).isEmpty();

      assertThat(count(connection, "SELECT schema_version FROM MLMDEnv")).isEqualTo(10);
      assertThat(count(connection, "SELECT count(*) FROM Attribution")).isZero();
      assertThat(count(connection, "SELECT count(*) FROM mnemos_metric")).isZero();
      assertThat(count(connection, "SELECT count(*) FROM Type")).isEqualTo(9);
    }
  }
}
