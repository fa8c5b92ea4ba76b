package dev.mnemos.app;

import dev.mnemos.server.store.DatabaseSettings;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;
import picocli.CommandLine.Option;

/**
 * Where the metadata lives: the flags KFP passes to the reference MLMD server, plus {@code --db}
 * and {@code --data_dir}. Without flags: a SQLite file under ./mnemos-data.
 */
final class DatabaseOptions {

  @Option(
      names = "--db",
      description =
          "JDBC URL of the database (jdbc:sqlite:..., jdbc:mysql://... or"
              + " jdbc:postgresql://...).")
  String jdbcUrl;

  @Option(
      names = "--data_dir",
      defaultValue = "mnemos-data",
      description =
          "Folder of the embedded SQLite database and of the search index (default"
              + " ${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(names = "--mysql_config_host", description = "MySQL host, as for the MLMD server.")
  String mysqlHost;

  @Option(
      names = "--mysql_config_port",
      defaultValue = "3306",
      description = "MySQL port (default ${DEFAULT-VALUE}).")
  int mysqlPort;

  @Option(
      names = "--mysql_config_database",
      defaultValue = "metadb",
      description = "MySQL database, created if absent (default ${DEFAULT-VALUE}).")
  String mysqlDatabase;

  @Option(names = "--mysql_config_user", description = "MySQL user.")
  String mysqlUser;

  @Option(
      names = "--mysql_config_password",
      description =
          "MySQL password. Kept out of the pod's arguments: "
              + PASSWORD_ENV
              + " or --mysql_config_password_file.")
  String mysqlPassword;

  @Option(
      names = "--mysql_config_password_file",
      description =
          "A file holding the MySQL password (a mounted Secret); a trailing newline is dropped.")
  Path mysqlPasswordFile;

  /** Where the password may come from instead of the command line, which `ps` shows everyone. */
  static final String PASSWORD_ENV = "MNEMOS_MYSQL_PASSWORD";

  /** The process environment; a test gives its own. */
  Function<String, String> environment = System::getenv;

  @Option(
      names = "--enable_database_upgrade",
      arity = "0..1",
      fallbackValue = "true",
      description = "Upgrade an older MLMD schema (7 to 9) to version 10.")
  boolean enableDatabaseUpgrade;

  /**
   * Whether no --db and no MySQL flag names the database (then the embedded SQLite file under the
   * data folder serves, unless other flags name one).
   */
  boolean embedded() {
    return jdbcUrl == null && mysqlHost == null;
  }

  /** Whether the store is a SQLite file, embedded or named by --db. */
  boolean sqlite() {
    return embedded() || (jdbcUrl != null && jdbcUrl.startsWith("jdbc:sqlite:"));
  }

  /** The embedded SQLite file. */
  Path embeddedFile() {
    return dataDir.resolve("metadata.sqlite").toAbsolutePath();
  }

  /** The folder of the search index: under the data folder, whichever database is used. */
  Path searchIndexFolder() throws IOException {
    PrivateFiles.folder(dataDir);
    return PrivateFiles.folder(dataDir.resolve("search-index").toAbsolutePath());
  }

  /**
   * The MySQL password from the flag, the file or the environment, whichever is given; two of them
   * are refused, as it would be unclear which one the operator meant.
   */
  private String mysqlPassword() throws IOException {
    String fromEnvironment = environment.apply(PASSWORD_ENV);
    int given =
        (mysqlPassword != null ? 1 : 0)
            + (mysqlPasswordFile != null ? 1 : 0)
            + (fromEnvironment != null ? 1 : 0);
    if (given > 1) {
      throw new IllegalArgumentException(
          "give the MySQL password one way: --mysql_config_password,"
              + " --mysql_config_password_file or "
              + PASSWORD_ENV);
    }
    if (mysqlPasswordFile != null) {
      try {
        return Files.readString(mysqlPasswordFile).stripTrailing();
      } catch (IOException e) {
        throw new IllegalArgumentException(
            "--mysql_config_password_file: cannot read " + mysqlPasswordFile + ": " + e, e);
      }
    }
    return mysqlPassword != null ? mysqlPassword : fromEnvironment;
  }

  /** The JDBC URL of a MySQL/MariaDB database named as the MLMD server names it. */
  static String mysqlUrl(String host, long port, String database, boolean createIfAbsent) {
    return "jdbc:mysql://"
        + host
        + ":"
        + port
        + "/"
        + URLEncoder.encode(database, StandardCharsets.UTF_8)
        + "?createDatabaseIfNotExist="
        + createIfAbsent
        + "&allowPublicKeyRetrieval=true";
  }

  DatabaseSettings databaseSettings() throws IOException {
    if (jdbcUrl != null && mysqlHost != null) {
      throw new IllegalArgumentException("give either --db or --mysql_config_host, not both");
    }
    if (mysqlHost != null) {
      return DatabaseSettings.of(mysqlUrl(mysqlHost, mysqlPort, mysqlDatabase, true))
          .withCredentials(mysqlUser, mysqlPassword())
          .withUpgradeEnabled(enableDatabaseUpgrade);
    }
    if (jdbcUrl != null) {
      return DatabaseSettings.of(jdbcUrl).withUpgradeEnabled(enableDatabaseUpgrade);
    }
    PrivateFiles.folder(dataDir);
    Path file = PrivateFiles.file(embeddedFile());
    return DatabaseSettings.of("jdbc:sqlite:" + file).withUpgradeEnabled(enableDatabaseUpgrade);
  }
}
