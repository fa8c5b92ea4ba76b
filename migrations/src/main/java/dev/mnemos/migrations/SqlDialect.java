package dev.mnemos.migrations;

import java.sql.Connection;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.conf.RenderQuotedNames;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;

/** The database families Mnemos serves, each with its own folder of schema scripts. */
public enum SqlDialect {
  SQLITE("sqlite", SQLDialect.SQLITE),
  MYSQL("mysql", SQLDialect.MYSQL),
  POSTGRESQL("postgresql", SQLDialect.POSTGRES);

  private final String scriptFolder;
  private final SQLDialect jooqDialect;

  SqlDialect(String scriptFolder, SQLDialect jooqDialect) {
    this.scriptFolder = scriptFolder;
    this.jooqDialect = jooqDialect;
  }

  public SQLDialect jooqDialect() {
    return jooqDialect;
  }

  /**
   * How jOOQ writes SQL for this family. The generated classes carry MLMD's MySQL names
   * (`Artifact`, `ArtifactProperty`); SQLite and MySQL get them quoted, as MLMD writes them, and
   * PostgreSQL unquoted, which folds them to the lower-case names MLMD's unquoted DDL created
   * there.
   */
  public Settings jooqSettings() {
    return new Settings()
        .withRenderSchema(false)
        .withRenderQuotedNames(
            this == POSTGRESQL
                ? RenderQuotedNames.EXPLICIT_DEFAULT_UNQUOTED
                : RenderQuotedNames.EXPLICIT_DEFAULT_QUOTED);
  }

  /** jOOQ over one connection, with this family's dialect and settings. */
  public DSLContext using(Connection connection) {
    return DSL.using(connection, jooqDialect, jooqSettings());
  }

  /** The JDBC URL's subprotocol decides the dialect; MariaDB speaks the MySQL dialect. */
  public static SqlDialect fromJdbcUrl(String jdbcUrl) {
    if (jdbcUrl.startsWith("jdbc:sqlite:")) {
      return SQLITE;
    }
    if (jdbcUrl.startsWith("jdbc:mysql:") || jdbcUrl.startsWith("jdbc:mariadb:")) {
      return MYSQL;
    }
    if (jdbcUrl.startsWith("jdbc:postgresql:")) {
      return POSTGRESQL;
    }
    throw new IllegalArgumentException(
        "unsupported database URL (expected jdbc:sqlite:, jdbc:mysql:, jdbc:mariadb: or"
            + " jdbc:postgresql:): "
            + jdbcUrl);
  }

  String scriptResource(String scriptName) {
    return "/dev/mnemos/migrations/" + scriptFolder + "/" + scriptName;
  }
}
