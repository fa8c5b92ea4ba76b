package dev.mnemos.migrations;

import static dev.mnemos.migrations.jooq.Tables.MLMDENV;
import static dev.mnemos.migrations.jooq.Tables.TYPE;

import dev.mnemos.migrations.SchemaException.Kind;
import dev.mnemos.migrations.jooq.DefaultSchema;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Pattern;
import org.jooq.DSLContext;
import org.jooq.Table;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a database to MLMD schema version {@value #SCHEMA_VERSION}, the way the MLMD library does:
 * the version lives in the one row of `MLMDEnv`, an empty database gets the whole schema, an older
 * one is upgraded step by step only when asked, a newer one is refused. Tables are recognised by
 * their column names alone, so databases that MLMD created and migrated over the years (other
 * column order, other constraint names) are adopted as they are.
 *
 * <p>A kill at any point leaves a database the next start completes: setup runs under a {@link
 * SetupLock} (so a second process waits instead of seeing it half done); on SQLite all of it is one
 * transaction; on MySQL, whose DDL commits statement by statement, every statement is one that a
 * repeat finds done ("already exists" is skipped) and the version row is written last, once all it
 * stands for is there. MLMD tables without a version row that all have schema 10's columns are such
 * an interrupted creation, and are completed.
 */
public final class SchemaMigrator {

  public static final int SCHEMA_VERSION = 10;

  /** The oldest schema this server can upgrade; older ones must first be upgraded by MLMD. */
  public static final int OLDEST_UPGRADABLE_VERSION = 7;

  private static final Logger log = LoggerFactory.getLogger(SchemaMigrator.class);

  /** MySQL's answers to a statement whose work is already done: table, column, index exist. */
  private static final Set<Integer> MYSQL_ALREADY_DONE = Set.of(1050, 1060, 1061);

  /** PostgreSQL's: duplicate table or index, column, object (constraint). */
  private static final Set<String> POSTGRESQL_ALREADY_DONE = Set.of("42P07", "42701", "42710");

  private static final Pattern SQLITE_ALREADY_DONE =
      Pattern.compile("(table|index) \\S+ already exists|duplicate column name");

  /** The tables of mnemos_summary.sql, in its order. */
  private static final List<String> SUMMARY_TABLES =
      List.of("mnemos_run", "mnemos_run_parameter", "mnemos_metric", "mnemos_summary_state");

  /** The tables of mnemos_tenancy.sql, in its order. */
  private static final List<String> TENANCY_TABLES =
      List.of("mnemos_node_namespace", "mnemos_tenancy_state");

  /** The tables of mnemos_mlflow.sql, in its order. */
  private static final List<String> MLFLOW_TABLES =
      List.of("mnemos_mlflow_latest_metric", "mnemos_mlflow_metric");

  /** The table of mnemos_mlflow_input.sql. */
  private static final String MLFLOW_INPUT_TABLE = "mnemos_mlflow_input_tag";

  /** The tables of mnemos_mlflow_model.sql, in its order. */
  private static final List<String> MLFLOW_MODEL_TABLES =
      List.of("mnemos_mlflow_run_model", "mnemos_mlflow_model_metric");

  private final SqlDialect dialect;
  private final boolean upgradeEnabled;
  private final SetupLock lock;

  public SchemaMigrator(SqlDialect dialect, boolean upgradeEnabled) {
    this(dialect, upgradeEnabled, Duration.ofMinutes(10));
  }

  /**
   * @param patience how long to wait for another process that is setting up the same database
   */
  public SchemaMigrator(SqlDialect dialect, boolean upgradeEnabled, Duration patience) {
    this.dialect = dialect;
    this.upgradeEnabled = upgradeEnabled;
    this.lock = new SetupLock(patience);
  }

  /**
   * Creates, checks or upgrades the schema over {@code connection} (in auto-commit mode), then
   * makes sure the `mlmd.*` simple types and Mnemos' own tables and indexes exist.
   *
   * @return the schema version found before anything was changed, empty for an empty database or
   *     one whose creation was interrupted
   * @throws SchemaException when the database cannot be served; nothing was changed then
   */
  public OptionalLong migrate(Connection connection) {
    return lock.holding(dialect, connection, () -> migrateHoldingLock(connection));
  }

  private OptionalLong migrateHoldingLock(Connection connection) {
    DSLContext sql = dialect.using(connection);
    OptionalLong found = storedVersion(sql);
    if (found.isEmpty()) {
      log.info("Creating MLMD schema version {}", SCHEMA_VERSION);
      run(connection, SqlScript.load(dialect, "v" + SCHEMA_VERSION + "_create.sql"));
      requireAllTables(sql);
      addMnemosParts(connection, sql);
      // Last: the row says the schema is complete.
      sql.insertInto(MLMDENV, MLMDENV.SCHEMA_VERSION).values((long) SCHEMA_VERSION).execute();
      return found;
    }
    long version = found.getAsLong();
    if (version > SCHEMA_VERSION) {
      throw new SchemaException(
          Kind.FAILED_PRECONDITION,
          "MLMD database version "
              + version
              + " is greater than library version "
              + SCHEMA_VERSION
              + ". Please upgrade the library to use the given database in order to prevent"
              + " potential data loss.");
    }
    if (version < SCHEMA_VERSION) {
      upgrade(connection, version);
    }
    requireAllTables(sql);
    addMnemosParts(connection, sql);
    return found;
  }

  private void addMnemosParts(Connection connection, DSLContext sql) {
    ensureSimpleTypes(sql);
    run(connection, SqlScript.load(dialect, "mnemos_indexes.sql"));
    // Each table's indexes come right after it in the script: with all four tables there, all of
    // it is, and an ordinary start runs none of its DDL. Otherwise it runs again, skipping what
    // exists.
    if (!SUMMARY_TABLES.stream().allMatch(table -> tableExists(sql, table))) {
      run(connection, SqlScript.load(dialect, "mnemos_summary.sql"));
    }
    if (!columnExists(sql, "mnemos_metric", "step")) {
      run(connection, SqlScript.load(dialect, "mnemos_summary_metric_step.sql"));
    }
    if (!TENANCY_TABLES.stream().allMatch(table -> tableExists(sql, table))) {
      run(connection, SqlScript.load(dialect, "mnemos_tenancy.sql"));
    }
    if (!MLFLOW_TABLES.stream().allMatch(table -> tableExists(sql, table))) {
      run(connection, SqlScript.load(dialect, "mnemos_mlflow.sql"));
    }
    if (!tableExists(sql, MLFLOW_INPUT_TABLE)) {
      run(connection, SqlScript.load(dialect, "mnemos_mlflow_input.sql"));
    }
    if (!MLFLOW_MODEL_TABLES.stream().allMatch(table -> tableExists(sql, table))) {
      run(connection, SqlScript.load(dialect, "mnemos_mlflow_model.sql"));
    }
  }

  private OptionalLong storedVersion(DSLContext sql) {
    List<Long> versions =
        tableReadable(sql, MLMDENV)
            ? sql.select(MLMDENV.SCHEMA_VERSION).from(MLMDENV).fetch(MLMDENV.SCHEMA_VERSION)
            : List.of();
    if (versions.size() > 1) {
      throw new SchemaException(
          Kind.DATA_LOSS, "MLMDEnv has more than one schema version row: " + versions);
    }
    if (versions.size() == 1) {
      return OptionalLong.of(versions.getFirst());
    }
    List<Table<?>> present =
        DefaultSchema.DEFAULT_SCHEMA.getTables().stream()
            .filter(table -> tableExists(sql, table.getName()))
            .toList();
    if (!present.stream().allMatch(table -> tableReadable(sql, table))) {
      throw new SchemaException(
          Kind.FAILED_PRECONDITION,
          "the database holds MLMD tables but no MLMDEnv version row: a schema older than "
              + OLDEST_UPGRADABLE_VERSION
              + " or a foreign one. Upgrade it with the MLMD library first.");
    }
    if (!present.isEmpty()) {
      log.info("MLMD tables without a version row: completing an interrupted schema creation");
    }
    return OptionalLong.empty();
  }

  private void upgrade(Connection connection, long from) {
    if (dialect == SqlDialect.POSTGRESQL) {
      throw new SchemaException(
          Kind.FAILED_PRECONDITION,
          "MLMD database version "
              + from
              + " on PostgreSQL: the MLMD library writes PostgreSQL databases at version "
              + SCHEMA_VERSION
              + " only (since 1.14), so there is no upgrade from it; restore a backup.");
    }
    if (!upgradeEnabled) {
      throw new SchemaException(
          Kind.FAILED_PRECONDITION,
          "MLMD database version "
              + from
              + " is older than library version "
              + SCHEMA_VERSION
              + ". Schema migration is disabled. Please upgrade the database then use the library"
              + " version; or switch to a older library version to use the current database;"
              + " or start the server with --enable_database_upgrade.");
    }
    if (from < OLDEST_UPGRADABLE_VERSION) {
      throw new SchemaException(
          Kind.FAILED_PRECONDITION,
          "MLMD database version "
              + from
              + " is older than "
              + OLDEST_UPGRADABLE_VERSION
              + ", the oldest this server upgrades. Upgrade it with the MLMD library first.");
    }
    DSLContext sql = dialect.using(connection);
    for (long version = from + 1; version <= SCHEMA_VERSION; version++) {
      log.info("Upgrading MLMD schema from version {} to {}", version - 1, version);
      run(connection, SqlScript.load(dialect, "v" + version + "_upgrade.sql"));
      sql.update(MLMDENV).set(MLMDENV.SCHEMA_VERSION, version).execute();
    }
  }

  private void requireAllTables(DSLContext sql) {
    List<String> missing =
        DefaultSchema.DEFAULT_SCHEMA.getTables().stream()
            .filter(table -> !tableReadable(sql, table))
            .map(Table::getName)
            .toList();
    if (!missing.isEmpty()) {
      throw new SchemaException(
          Kind.FAILED_PRECONDITION,
          "the MLMD schema is incomplete (missing or lacking columns: "
              + String.join(", ", missing)
              + "); repair it with the MLMD library or restore a backup.");
    }
  }

  private void ensureSimpleTypes(DSLContext sql) {
    for (SimpleType simpleType : SimpleType.values()) {
      boolean present =
          sql.fetchExists(
              TYPE,
              TYPE.NAME
                  .eq(simpleType.typeName())
                  .and(TYPE.TYPE_KIND.eq(simpleType.kind().code()))
                  .and(TYPE.VERSION.isNull()));
      if (!present) {
        sql.insertInto(TYPE, TYPE.NAME, TYPE.TYPE_KIND)
            .values(simpleType.typeName(), simpleType.kind().code())
            .execute();
      }
    }
  }

  /** A table counts as present when every column Mnemos reads from it can be selected. */
  private static boolean tableReadable(DSLContext sql, Table<?> table) {
    try {
      sql.select(table.fields()).from(table).limit(1).fetch();
      return true;
    } catch (DataAccessException e) {
      return false;
    }
  }

  private static boolean tableExists(DSLContext sql, String name) {
    try {
      sql.selectOne().from(DSL.table(DSL.name(name))).limit(1).fetch();
      return true;
    } catch (DataAccessException e) {
      return false;
    }
  }

  private static boolean columnExists(DSLContext sql, String table, String column) {
    try {
      sql.select(DSL.field(DSL.name(column))).from(DSL.table(DSL.name(table))).limit(1).fetch();
      return true;
    } catch (DataAccessException e) {
      return false;
    }
  }

  /** Runs {@code script}, skipping each statement whose work a previous, killed run did. */
  private void run(Connection connection, SqlScript script) {
    try (Statement statement = connection.createStatement()) {
      for (String sqlText : script.statements()) {
        try {
          statement.execute(sqlText);
        } catch (SQLException e) {
          if (!alreadyDone(e)) {
            throw e;
          }
        }
      }
    } catch (SQLException e) {
      throw new SchemaException(
          Kind.INTERNAL, "schema script " + script.name() + " failed: " + e.getMessage(), e);
    }
  }

  private boolean alreadyDone(SQLException e) {
    return switch (dialect) {
      case MYSQL -> MYSQL_ALREADY_DONE.contains(e.getErrorCode());
      case SQLITE -> e.getMessage() != null && SQLITE_ALREADY_DONE.matcher(e.getMessage()).find();
      case POSTGRESQL -> POSTGRESQL_ALREADY_DONE.contains(e.getSQLState());
    };
  }
}
