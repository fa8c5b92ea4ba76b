package dev.mnemos.migrations;

import org.jooq.SQLDialect;

/** The database families Mnemos serves, each with its own folder of schema scripts. */
public enum SqlDialect {
  SQLITE("sqlite", SQLDialect.SQLITE),
  MYSQL("mysql", SQLDialect.MYSQL);

  private final String scriptFolder;
  private final SQLDialect jooqDialect;

  SqlDialect(String scriptFolder, SQLDialect jooqDialect) {
    this.scriptFolder = scriptFolder;
    this.jooqDialect = jooqDialect;
  }

  public SQLDialect jooqDialect() {
    return jooqDialect;
  }

  /** The JDBC URL's subprotocol decides the dialect; MariaDB speaks the MySQL dialect. */
  public static SqlDialect fromJdbcUrl(String jdbcUrl) {
    if (jdbcUrl.startsWith("jdbc:sqlite:")) {
      return SQLITE;
    }
    if (jdbcUrl.startsWith("jdbc:mysql:") || jdbcUrl.startsWith("jdbc:mariadb:")) {
      return MYSQL;
    }
    throw new IllegalArgumentException(
        "unsupported database URL (expected jdbc:sqlite: or jdbc:mysql:): " + jdbcUrl);
  }

  String scriptResource(String scriptName) {
    return "/dev/mnemos/migrations/" + scriptFolder + "/" + scriptName;
  }
}
