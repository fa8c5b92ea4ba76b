package dev.mnemos.app;

import com.google.protobuf.TextFormat;
import dev.mnemos.proto.mlmd.ConnectionConfig;
import dev.mnemos.proto.mlmd.MetadataStoreServerConfig;
import dev.mnemos.proto.mlmd.MySQLDatabaseConfig;
import dev.mnemos.proto.mlmd.SqliteMetadataSourceConfig;
import dev.mnemos.server.store.DatabaseSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The reference server's {@code --metadata_store_server_config_file}: a text-format {@code
 * MetadataStoreServerConfig}. KFP's TLS overlay writes one with a MySQL connection and the server's
 * certificate (an init container running the image's shell and sed).
 */
record ServerConfigFile(MetadataStoreServerConfig config) {

  private static final String FLAG = "--metadata_store_server_config_file";

  /**
   * @throws IllegalArgumentException when the file cannot be read or parsed, naming the flag
   */
  static ServerConfigFile read(Path file) {
    MetadataStoreServerConfig.Builder config = MetadataStoreServerConfig.newBuilder();
    try {
      TextFormat.merge(Files.readString(file), config);
    } catch (TextFormat.ParseException e) {
      throw new IllegalArgumentException(
          FLAG
              + ": "
              + file
              + " is no MetadataStoreServerConfig: "
              + String.valueOf(e.getMessage()).replaceAll("\\s+", " "),
          e);
    } catch (IOException e) {
      throw new IllegalArgumentException(FLAG + ": cannot read " + file + ": " + e, e);
    }
    return new ServerConfigFile(config.build());
  }

  /**
   * The database the file names; the flag's upgrade setting or the file's enables upgrades.
   *
   * @throws IllegalArgumentException for what Mnemos cannot honour
   */
  Optional<DatabaseSettings> database(boolean upgradeFlag) {
    if (config.getMigrationOptions().getDowngradeToSchemaVersion() >= 0) {
      throw new IllegalArgumentException(
          FLAG + ": migration_options.downgrade_to_schema_version: Mnemos cannot downgrade yet");
    }
    boolean upgrade = upgradeFlag || config.getMigrationOptions().getEnableUpgradeMigration();
    ConnectionConfig connection = config.getConnectionConfig();
    return switch (connection.getConfigCase()) {
      case MYSQL -> Optional.of(mysql(connection.getMysql()).withUpgradeEnabled(upgrade));
      case SQLITE -> Optional.of(sqlite(connection.getSqlite()).withUpgradeEnabled(upgrade));
      case POSTGRESQL ->
          Optional.of(
              PostgresqlConnection.settings(
                      connection.getPostgresql(),
                      FLAG + ": connection_config.postgresql.",
                      System::getenv)
                  .withUpgradeEnabled(upgrade));
      case FAKE_DATABASE ->
          throw new IllegalArgumentException(
              FLAG
                  + ": connection_config.fake_database: Mnemos keeps what it is given; leave"
                  + " connection_config out for the embedded SQLite file");
      case CONFIG_NOT_SET -> Optional.empty();
    };
  }

  /**
   * The server's certificates of {@code ssl_config}, as the reference server takes them: PEM text
   * in the file, and {@code custom_ca} the CA of client certificates, which only {@code
   * client_verify} asks for.
   *
   * @throws IllegalArgumentException naming the field that cannot be used
   */
  Optional<ServerCertificates.Pem> tls() {
    if (!config.hasSslConfig()) {
      return Optional.empty();
    }
    MetadataStoreServerConfig.SSLConfig ssl = config.getSslConfig();
    if (ssl.getServerKey().isBlank() || ssl.getServerCert().isBlank()) {
      throw new IllegalArgumentException(FLAG + ": ssl_config needs server_key and server_cert");
    }
    if (ssl.getClientVerify() && ssl.getCustomCa().isBlank()) {
      throw new IllegalArgumentException(
          FLAG
              + ": ssl_config.client_verify needs custom_ca, the CA that signs client"
              + " certificates");
    }
    return Optional.of(
        new ServerCertificates.Pem(
            ssl.getServerKey(),
            ssl.getServerCert(),
            ssl.getClientVerify() ? Optional.of(ssl.getCustomCa()) : Optional.empty()));
  }

  private static DatabaseSettings mysql(MySQLDatabaseConfig mysql) {
    if (mysql.hasSocket()) {
      throw new IllegalArgumentException(
          FLAG + ": connection_config.mysql.socket: Mnemos connects over TCP (host and port)");
    }
    if (mysql.getHost().isEmpty() || mysql.getDatabase().isEmpty()) {
      throw new IllegalArgumentException(
          FLAG + ": connection_config.mysql needs a host and a database");
    }
    String url =
        DatabaseOptions.mysqlUrl(
            mysql.getHost(),
            mysql.hasPort() ? mysql.getPort() : 3306,
            mysql.getDatabase(),
            !mysql.getSkipDbCreation());
    DatabaseSettings settings =
        DatabaseSettings.of(url)
            .withCredentials(
                mysql.hasUser() ? mysql.getUser() : null,
                mysql.hasPassword() ? mysql.getPassword() : null);
    if (!mysql.hasSslOptions()) {
      return settings;
    }
    try {
      return settings.withDriverProperties(DatabaseTls.driverProperties(mysql.getSslOptions()));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(FLAG + ": " + e.getMessage(), e);
    }
  }

  private static DatabaseSettings sqlite(SqliteMetadataSourceConfig sqlite) {
    if (sqlite.getConnectionMode() == SqliteMetadataSourceConfig.ConnectionMode.READONLY) {
      throw new IllegalArgumentException(
          FLAG + ": connection_config.sqlite.connection_mode READONLY: Mnemos writes");
    }
    String file = sqlite.getFilenameUri();
    if (file.isEmpty() || file.equals(":memory:")) {
      throw new IllegalArgumentException(
          FLAG + ": connection_config.sqlite needs the file name of the database");
    }
    if (sqlite.getConnectionMode() == SqliteMetadataSourceConfig.ConnectionMode.READWRITE
        && !Files.exists(Path.of(file))) {
      throw new IllegalArgumentException(
          FLAG + ": connection_config.sqlite: " + file + " does not exist (READWRITE mode)");
    }
    return DatabaseSettings.of("jdbc:sqlite:" + file);
  }
}
