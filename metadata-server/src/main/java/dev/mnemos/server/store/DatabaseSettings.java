package dev.mnemos.server.store;

import java.time.Duration;
import java.util.Optional;

/** Where the MLMD database is and how to use it. */
public record DatabaseSettings(
    String jdbcUrl,
    Optional<String> user,
    Optional<String> password,
    boolean enableUpgrade,
    int maxPoolSize,
    Duration connectTimeout) {

  public static DatabaseSettings of(String jdbcUrl) {
    return new DatabaseSettings(
        jdbcUrl, Optional.empty(), Optional.empty(), false, 10, Duration.ofSeconds(5));
  }

  public DatabaseSettings withCredentials(String user, String password) {
    return new DatabaseSettings(
        jdbcUrl,
        Optional.ofNullable(user),
        Optional.ofNullable(password),
        enableUpgrade,
        maxPoolSize,
        connectTimeout);
  }

  public DatabaseSettings withUpgradeEnabled(boolean enabled) {
    return new DatabaseSettings(jdbcUrl, user, password, enabled, maxPoolSize, connectTimeout);
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
