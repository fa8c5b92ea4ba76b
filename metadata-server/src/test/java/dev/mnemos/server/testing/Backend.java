package dev.mnemos.server.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.UUID;

/**
 * A database the behaviour suite runs on. Each {@link #freshDatabase()} is a new, empty database: a
 * new SQLite file, a new MariaDB/MySQL database on the server named by {@value #MYSQL_ENV}, or a
 * new PostgreSQL database on the server named by {@value #POSTGRESQL_ENV}.
 */
public enum Backend {
  SQLITE,
  MYSQL,
  POSTGRESQL;

  /**
   * Host of the MariaDB/MySQL server for tests; MNEMOS_TEST_MYSQL_PORT, _USER and _PASSWORD may
   * follow (defaults 3306, meta, metapw). The Python conformance suite reads the same variables.
   */
  public static final String MYSQL_ENV = "MNEMOS_TEST_MYSQL_HOST";

  /**
   * Host of the PostgreSQL server for tests; MNEMOS_TEST_POSTGRES_PORT, _USER and _PASSWORD may
   * follow (defaults 5432, meta, metapw); the user may create databases.
   */
  public static final String POSTGRESQL_ENV = "MNEMOS_TEST_POSTGRES_HOST";

  /**
   * The URL of the server's maintenance database, {@code postgres}, from which tests make theirs.
   */
  public static String postgresqlServerUrl(String database) {
    return "jdbc:postgresql://"
        + System.getenv(POSTGRESQL_ENV)
        + ":"
        + envOr("MNEMOS_TEST_POSTGRES_PORT", "5432")
        + "/"
        + database
        + "?user="
        + envOr("MNEMOS_TEST_POSTGRES_USER", "meta")
        + "&password="
        + envOr("MNEMOS_TEST_POSTGRES_PASSWORD", "metapw");
  }

  private static String mysqlServerUrl() {
    return "jdbc:mariadb://"
        + System.getenv(MYSQL_ENV)
        + ":"
        + envOr("MNEMOS_TEST_MYSQL_PORT", "3306")
        + "/?user="
        + envOr("MNEMOS_TEST_MYSQL_USER", "meta")
        + "&password="
        + envOr("MNEMOS_TEST_MYSQL_PASSWORD", "metapw");
  }

  private static String envOr(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }

  /** A fresh database; closing it removes it. */
  public FreshDatabase freshDatabase() throws Exception {
    return switch (this) {
      case SQLITE -> {
        Path dir = Files.createTempDirectory("mnemos-test");
        Path file = dir.resolve("metadata.sqlite");
        yield new FreshDatabase(
            "jdbc:sqlite:" + file,
            () -> {
              try (var files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
              }
            });
      }
      case MYSQL -> {
        String server = mysqlServerUrl();
        String name =
            "mnemos_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        execute(server, "CREATE DATABASE `" + name + "`");
        yield new FreshDatabase(
            withDatabase(server, name),
            () -> execute(server, "DROP DATABASE IF EXISTS `" + name + "`"));
      }
      case POSTGRESQL -> {
        String server = postgresqlServerUrl("postgres");
        String name =
            "mnemos_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        execute(server, "CREATE DATABASE " + name);
        // FORCE: a test that left a connection open must not leave its database behind.
        yield new FreshDatabase(
            postgresqlServerUrl(name),
            () -> execute(server, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)"));
      }
    };
  }

  private static String withDatabase(String serverUrl, String database) {
    int query = serverUrl.indexOf('?');
    String base = query < 0 ? serverUrl : serverUrl.substring(0, query);
    String params = query < 0 ? "" : serverUrl.substring(query);
    if (!base.endsWith("/")) {
      base = base + "/";
    }
    return base + database + params;
  }

  private static void execute(String url, String sql) throws SQLException {
    try (Connection connection = DriverManager.getConnection(url);
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  /** A database made for one test. */
  public record FreshDatabase(String jdbcUrl, Cleanup cleanup) implements AutoCloseable {
    @Override
    public void close() throws Exception {
      cleanup.run();
    }
  }

  /** Removes a test database. */
  @FunctionalInterface
  public interface Cleanup {
    void run() throws Exception;
  }
}
