package dev.mnemos.app;

import dev.mnemos.proto.mlmd.PostgreSQLDatabaseConfig;
import dev.mnemos.server.store.DatabaseSettings;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * MLMD's {@code PostgreSQLDatabaseConfig} (the {@code --postgres_config_*} flags or the config
 * file's {@code connection_config.postgresql}) as PostgreSQL's JDBC driver takes it. The reference
 * server hands these to libpq, so they mean what they mean there: the password from the config,
 * else {@code PGPASSWORD}, else the password file ({@code passfile}, {@code PGPASSFILE}, {@code
 * ~/.pgpass}); {@code sslmode=require} with a root certificate verifies the server as {@code
 * verify-ca} does; a PEM client key is handed to the driver as the PKCS#12 file it reads.
 */
final class PostgresqlConnection {

  private static final Set<String> SSL_MODES =
      Set.of("disable", "allow", "prefer", "require", "verify-ca", "verify-full");

  private PostgresqlConnection() {}

  /**
   * @param field how errors name the config's fields: {@code --postgres_config_} or {@code
   *     connection_config.postgresql.}
   * @param environment the process environment (a test gives its own)
   * @throws IllegalArgumentException naming the field that cannot be used
   */
  static DatabaseSettings settings(
      PostgreSQLDatabaseConfig config,
      String field,
      Function<String, @Nullable String> environment) {
    String host =
        !config.getHostaddr().isBlank()
            ? config.getHostaddr()
            : config.getHost().isBlank() ? "localhost" : config.getHost();
    String port = config.getPort().isBlank() ? "5432" : config.getPort().strip();
    if (!port.matches("[0-9]{1,5}")
        || Integer.parseInt(port) < 1
        || Integer.parseInt(port) > 65535) {
      throw new IllegalArgumentException(field + "port: '" + port + "' is no port number");
    }
    @Nullable String user = config.getUser().isBlank() ? null : config.getUser();
    String database =
        !config.getDbname().isBlank() ? config.getDbname() : Optional.ofNullable(user).orElse("");
    if (database.isEmpty()) {
      throw new IllegalArgumentException(field + "dbname: name the database (or the user)");
    }
    String url =
        "jdbc:postgresql://"
            + (host.contains(":") ? "[" + host + "]" : host)
            + ":"
            + port
            + "/"
            + URLEncoder.encode(database, StandardCharsets.UTF_8);
    @Nullable String password =
        password(
            config,
            field,
            environment,
            config.getHost().isBlank() ? host : config.getHost(),
            port,
            database,
            user);
    return DatabaseSettings.of(url)
        .withCredentials(user, password)
        .withDriverProperties(ssl(config.getSsloption(), field + "ssl"))
        .withDatabaseCreated(!config.getSkipDbCreation());
  }

  private static @Nullable String password(
      PostgreSQLDatabaseConfig config,
      String field,
      Function<String, @Nullable String> environment,
      String host,
      String port,
      String database,
      @Nullable String user) {
    if (config.hasPassword()) {
      return config.getPassword();
    }
    String fromEnvironment = environment.apply("PGPASSWORD");
    if (fromEnvironment != null) {
      return fromEnvironment;
    }
    Path file;
    if (!config.getPassfile().isBlank()) {
      file = Path.of(config.getPassfile());
    } else if (environment.apply("PGPASSFILE") != null) {
      file = Path.of(environment.apply("PGPASSFILE"));
    } else {
      String home = environment.apply("HOME");
      file = home == null ? null : Path.of(home, ".pgpass");
      if (file == null || !Files.isRegularFile(file)) {
        return null;
      }
    }
    try {
      return PgPassFile.password(
              file,
              host,
              port,
              database,
              user != null ? user : Objects.requireNonNullElse(environment.apply("USER"), ""))
          .orElse(null);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(field + "passfile: " + e.getMessage(), e);
    }
  }

  private static Map<String, String> ssl(
      PostgreSQLDatabaseConfig.SSLOptions ssl, String fieldPrefix) {
    Map<String, String> properties = new LinkedHashMap<>();
    String mode =
        ssl.getSslmode().isBlank() ? "prefer" : ssl.getSslmode().strip().toLowerCase(Locale.ROOT);
    if (!SSL_MODES.contains(mode)) {
      throw new IllegalArgumentException(
          fieldPrefix
              + "mode: '"
              + ssl.getSslmode()
              + "' is none of "
              + String.join(", ", SSL_MODES.stream().sorted().toList()));
    }
    boolean rootCertificate = !ssl.getSslrootcert().isBlank();
    if (rootCertificate) {
      properties.put("sslrootcert", ssl.getSslrootcert());
      if (mode.equals("require")) {
        mode = "verify-ca"; // libpq: require with a root certificate verifies the chain.
      }
    }
    properties.put("sslmode", mode);
    boolean key = !ssl.getSslkey().isBlank();
    boolean cert = !ssl.getSslcert().isBlank();
    String keyFile = ssl.getSslkey();
    boolean keyStore = keyFile.matches("(?i).*\\.(p12|pfx)");
    if (key && !cert && !keyStore) {
      throw new IllegalArgumentException(
          fieldPrefix + "key needs sslcert, the client's certificate");
    }
    if (cert && !key) {
      throw new IllegalArgumentException(fieldPrefix + "cert needs sslkey, the client's key");
    }
    if (!key) {
      return properties;
    }
    if (keyStore || keyFile.matches("(?i).*\\.(pk8|der)")) {
      // What the driver reads itself.
      properties.put("sslkey", keyFile);
      if (cert) {
        properties.put("sslcert", ssl.getSslcert());
      }
      if (!ssl.getSslpassword().isEmpty()) {
        properties.put("sslpassword", ssl.getSslpassword());
      }
      return properties;
    }
    if (!ssl.getSslpassword().isEmpty()) {
      throw new IllegalArgumentException(
          fieldPrefix
              + "password: an encrypted PEM key cannot be read; give the key as PKCS#12 (.p12)"
              + " with this password, or unencrypted");
    }
    try {
      ClientKeyStore store =
          ClientKeyStore.of(
              Path.of(keyFile),
              List.<Certificate>of(
                  PemCertificates.parse(Files.readString(Path.of(ssl.getSslcert())))));
      properties.put("sslkey", store.file().toString());
      properties.put("sslpassword", store.password());
      return properties;
    } catch (IOException | IllegalArgumentException e) {
      throw new IllegalArgumentException(fieldPrefix + "key and sslcert: " + e.getMessage(), e);
    }
  }
}
