package dev.mnemos.migrations;

import static dev.mnemos.migrations.jooq.Tables.MLMDENV;
import static dev.mnemos.migrations.jooq.Tables.TYPE;

import dev.mnemos.migrations.SchemaException.Kind;
import dev.mnemos.migrations.jooq.DefaultSchema;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.OptionalLong;
import org.jooq.DSLContext;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a database to MLMD schema version {@value #SCHEMA_VERSION}, the way the MLMD library does:
 * the version lives in the one row of `MLMDEnv`, an empty database gets the whole schema, an older
 * one is upgraded step by step only when asked, a newer one is refused. Tables are recognised by
 * their column names alone, so databases that MLMD created and migrated over the years (other
 * column order, other constraint names) are adopted as they are.
 */
public final class SchemaMigrator {

  public static final int SCHEMA_VERSION = 10;

  /** The oldest schema this server can upgrade; older ones must first be upgraded by MLMD. */
  public static final int OLDEST_UPGRADABLE_VERSION = 7;

  private static final Logger log = LoggerFactory.getLogger(SchemaMigrator.class);

  private final SqlDialect dialect;
  private final boolean upgradeEnabled;

  public SchemaMigrator(SqlDialect dialect, boolean upgradeEnabled) {
    this.dialect = dialect;
    this.upgradeEnabled = upgradeEnabled;
  }

  /**
   * Creates, checks or upgrades the schema over {@code connection}, then makes sure the `mlmd.*`
   * simple types exist.
   *
   * @return the schema version found before anything was changed, empty for an empty database
   * @throws SchemaException when the database cannot be served; nothing was changed then
   */
  public OptionalLong migrate(Connection connection) {
    DSLContext sql = DSL.using(connection, dialect.jooqDialect());
    OptionalLong found = storedVersion(sql);
    if (found.isEmpty()) {
      createSchema(connection);
    } else {
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
    }
    ensureSimpleTypes(sql);
    addMnemosIndexes(connection);
    if (!tableExists(sql, "mnemos_summary_state")) {
      run(connection, SqlScript.load(dialect, "mnemos_summary.sql"));
    }
    return found;
  }

  private OptionalLong storedVersion(DSLContext sql) {
    if (!tableReadable(sql, MLMDENV)) {
      long present =
          DefaultSchema.DEFAULT_SCHEMA.getTables().stream()
              .filter(table -> tableExists(sql, table.getName()))
              .count();
      if (present == 0) {
        return OptionalLong.empty();
      }
      throw new SchemaException(
          Kind.FAILED_PRECONDITION,
          "the database holds MLMD tables but no MLMDEnv version row: a schema older than "
              + OLDEST_UPGRADABLE_VERSION
              + " or a partial schema. Upgrade it with the MLMD library first.");
    }
    List<Long> versions =
        sql.select(MLMDENV.SCHEMA_VERSION).from(MLMDENV).fetch(MLMDENV.SCHEMA_VERSION);
    if (versions.isEmpty()) {
      throw new SchemaException(
          Kind.ABORTED,
          "MLMDEnv has no schema version row; another process may be creating the schema. Retry.");
    }
    if (versions.size() > 1) {
      throw new SchemaException(
          Kind.DATA_LOSS, "MLMDEnv has more than one schema version row: " + versions);
    }
    return OptionalLong.of(versions.getFirst());
  }

  private void createSchema(Connection connection) {
    log.info("Empty database: creating MLMD schema version {}", SCHEMA_VERSION);
    inTransaction(
        connection,
        () -> {
          run(connection, SqlScript.load(dialect, "v" + SCHEMA_VERSION + "_create.sql"));
          DSL.using(connection, dialect.jooqDialect())
              .insertInto(MLMDENV, MLMDENV.SCHEMA_VERSION)
              .values((long) SCHEMA_VERSION)
              .execute();
        });
  }

  private void upgrade(Connection connection, long from) {
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
    for (long target = from + 1; target <= SCHEMA_VERSION; target++) {
      long version = target;
      log.info("Upgrading MLMD schema from version {} to {}", version - 1, version);
      inTransaction(
          connection,
          () -> {
            run(connection, SqlScript.load(dialect, "v" + version + "_upgrade.sql"));
            DSL.using(connection, dialect.jooqDialect())
                .update(MLMDENV)
                .set(MLMDENV.SCHEMA_VERSION, version)
                .execute();
          });
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
          Kind.ABORTED,
          "the MLMD schema is incomplete (missing or lacking columns: "
              + String.join(", ", missing)
              + "); another process may be creating it. Retry.");
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

  private static final int MYSQL_DUPLICATE_KEY_NAME = 1061;

  /**
   * Our own indexes, beyond MLMD's schema; MLMD ignores them, so adopted databases get them too.
   */
  private void addMnemosIndexes(Connection connection) {
    SqlScript script = SqlScript.load(dialect, "mnemos_indexes.sql");
    try (Statement statement = connection.createStatement()) {
      for (String sqlText : script.statements()) {
        try {
          statement.execute(sqlText);
        } catch (SQLException e) {
          if (e.getErrorCode() != MYSQL_DUPLICATE_KEY_NAME) {
            throw e;
          }
        }
      }
    } catch (SQLException e) {
      throw new SchemaException(
          Kind.INTERNAL, "schema script " + script.name() + " failed: " + e.getMessage(), e);
    }
  }

  /** A table counts as present when every column Mnemos reads from it can be selected. */
  private static boolean tableReadable(DSLContext sql, Table<?> table) {
    try {
      sql.select(table.fields()).from(table).limit(1).fetch();
      return true;
    } catch (org.jooq.exception.DataAccessException e) {
      return false;
    }
  }

  private static boolean tableExists(DSLContext sql, String name) {
    try {
      sql.selectOne().from(DSL.table(DSL.name(name))).limit(1).fetch();
      return true;
    } catch (org.jooq.exception.DataAccessException e) {
      return false;
    }
  }

  private static void run(Connection connection, SqlScript script) {
    try (Statement statement = connection.createStatement()) {
      for (String sqlText : script.statements()) {
        statement.execute(sqlText);
      }
    } catch (SQLException e) {
      throw new SchemaException(
          Kind.INTERNAL, "schema script " + script.name() + " failed: " + e.getMessage(), e);
    }
  }

  /**
   * SQLite changes its schema transactionally, so a failed step leaves the old version intact.
   * MySQL commits each DDL statement by itself, as it does for the MLMD library.
   */
  private static void inTransaction(Connection connection, Runnable work) {
    try {
      boolean autoCommit = connection.getAutoCommit();
      connection.setAutoCommit(false);
      try {
        work.run();
        connection.commit();
      } catch (RuntimeException e) {
        connection.rollback();
        throw e;
      } finally {
        connection.setAutoCommit(autoCommit);
      }
    } catch (SQLException e) {
      throw new SchemaException(Kind.INTERNAL, "schema transaction failed: " + e.getMessage(), e);
    }
  }
}
