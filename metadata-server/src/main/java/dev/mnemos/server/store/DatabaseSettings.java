package dev.mnemos.server.store;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Where the MLMD database is and how to use it.
 *
 * @param driverProperties given to the JDBC driver beside the URL: what should not be in a URL that
 *     logs show (the password of a key store) or is set from another form of configuration (MLMD's
 *     {@code ssl_options})
 * @param createDatabase whether to create a PostgreSQL database the URL names when it does not
 *     exist, as the MLMD library does unless {@code skip_db_creation} (MySQL URLs say it
 *     themselves: {@code createDatabaseIfNotExist})
 */
public record DatabaseSettings(
    String jdbcUrl,
    Optional<String> user,
    Optional<String> password,
    boolean enableUpgrade,
    int maxPoolSize,
    Duration connectTimeout,
    Map<String, String> driverProperties,
    boolean createDatabase) {

  public DatabaseSettings {
    driverProperties = Map.copyOf(driverProperties);
  }

  public static DatabaseSettings of(String jdbcUrl) {
    return new DatabaseSettings(
        jdbcUrl,
        Optional.empty(),
        Optional.empty(),
        false,
        10,
        Duration.ofSeconds(5),
        Map.of(),
        false);
  }

  public DatabaseSettings withCredentials(@Nullable String user, @Nullable String password) {
    return new DatabaseSettings(
        jdbcUrl,
        Optional.ofNullable(user),
        Optional.ofNullable(password),
        enableUpgrade,
        maxPoolSize,
        connectTimeout,
        driverProperties,
        createDatabase);
  }

  public DatabaseSettings withUpgradeEnabled(boolean enabled) {
    return new DatabaseSettings(
        jdbcUrl,
        user,
        password,
        enabled,
        maxPoolSize,
        connectTimeout,
        driverProperties,
        createDatabase);
  }

  public DatabaseSettings withDriverProperties(Map<String, String> properties) {
    return new DatabaseSettings(
        jdbcUrl,
        user,
        password,
        enableUpgrade,
        maxPoolSize,
        connectTimeout,
        properties,
        createDatabase);
  }

  public DatabaseSettings withDatabaseCreated(boolean create) {
    return new DatabaseSettings(
        jdbcUrl,
        user,
        password,
        enableUpgrade,
        maxPoolSize,
        connectTimeout,
        driverProperties,
        create);
  }

  /** The URL for the JDBC driver: {@link #driverUrl(String)} of {@link #jdbcUrl()}. */
  public String driverUrl() {
    return driverUrl(jdbcUrl);
  }

  /**
   * A MySQL URL ({@code jdbc:mysql:}) as the URL of MariaDB's driver, which serves MySQL and
   * MariaDB alike and is the one that can talk to the database as the MLMD library does ({@link
   * Database}); any other URL as it is.
   */
  public static String driverUrl(String jdbcUrl) {
    return jdbcUrl.startsWith("jdbc:mysql:")
        ? "jdbc:mariadb:" + jdbcUrl.substring("jdbc:mysql:".length())
        : jdbcUrl;
  }

  /**
   * The URL without anything that looks like a password (a {@code password=} parameter in any case,
   * or the secret of {@code user:secret@host}), for logs and error messages.
   */
  public String redactedUrl() {
    return jdbcUrl
        .replaceAll("(?i)(password[^=&;:/?]*=)[^&;]*", "$1***")
        .replaceAll("(//[^/@:?]*:)[^/@?]*@", "$1***@");
  }
}
