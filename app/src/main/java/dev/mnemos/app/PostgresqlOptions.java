package dev.mnemos.app;

import dev.mnemos.proto.mlmd.PostgreSQLDatabaseConfig;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import picocli.CommandLine.Option;

/**
 * The reference MLMD server's {@code --postgres_config_*} flags, libpq's connection parameters by
 * their libpq names; they fill MLMD's {@code PostgreSQLDatabaseConfig} as the config file's {@code
 * connection_config.postgresql} does, and {@link PostgresqlConnection} reads either.
 */
final class PostgresqlOptions {

  @Option(
      names = "--postgres_config_host",
      description = "PostgreSQL host (default localhost), as for the MLMD server.")
  String host;

  @Option(
      names = "--postgres_config_hostaddr",
      description = "PostgreSQL server address, connected to instead of the host's.")
  String hostaddr;

  @Option(names = "--postgres_config_port", description = "PostgreSQL port (default 5432).")
  String port;

  @Option(names = "--postgres_config_user", description = "PostgreSQL user.")
  String user;

  @Option(
      names = "--postgres_config_password",
      description =
          "PostgreSQL password. Kept out of the pod's arguments: PGPASSWORD or"
              + " --postgres_config_passfile.")
  String password;

  @Option(
      names = "--postgres_config_passfile",
      description = "A libpq password file (host:port:database:user:password lines).")
  String passfile;

  @Option(
      names = "--postgres_config_dbname",
      description = "PostgreSQL database (default: the user's name), created if absent.")
  String dbname;

  @Option(
      names = "--postgres_config_skip_db_creation",
      arity = "0..1",
      fallbackValue = "true",
      description = "Do not create the database when it is absent.")
  Boolean skipDbCreation;

  @Option(
      names = "--postgres_config_sslmode",
      description =
          "disable, allow, prefer (default), require, verify-ca or verify-full, as in libpq.")
  String sslmode;

  @Option(
      names = "--postgres_config_sslcert",
      description = "The client's certificate (PEM), for a server that asks for one.")
  String sslcert;

  @Option(
      names = "--postgres_config_sslkey",
      description = "The client's private key (PEM, or PKCS#12 .p12 / PKCS#8 .pk8).")
  String sslkey;

  @Option(
      names = "--postgres_config_sslpassword",
      description = "The password of a .p12 or .pk8 client key.")
  String sslpassword;

  @Option(
      names = "--postgres_config_sslrootcert",
      description = "The CA certificates (PEM) that sign the server's certificate.")
  String sslrootcert;

  /** Whether any of the flags is given. */
  boolean given() {
    return Stream.of(
            host,
            hostaddr,
            port,
            user,
            password,
            passfile,
            dbname,
            skipDbCreation,
            sslmode,
            sslcert,
            sslkey,
            sslpassword,
            sslrootcert)
        .anyMatch(Objects::nonNull);
  }

  /** The flags as MLMD's config message. */
  PostgreSQLDatabaseConfig config() {
    PostgreSQLDatabaseConfig.Builder config = PostgreSQLDatabaseConfig.newBuilder();
    Optional.ofNullable(host).ifPresent(config::setHost);
    Optional.ofNullable(hostaddr).ifPresent(config::setHostaddr);
    Optional.ofNullable(port).ifPresent(config::setPort);
    Optional.ofNullable(user).ifPresent(config::setUser);
    Optional.ofNullable(password).ifPresent(config::setPassword);
    Optional.ofNullable(passfile).ifPresent(config::setPassfile);
    Optional.ofNullable(dbname).ifPresent(config::setDbname);
    Optional.ofNullable(skipDbCreation).ifPresent(config::setSkipDbCreation);
    PostgreSQLDatabaseConfig.SSLOptions.Builder ssl = config.getSsloptionBuilder();
    Optional.ofNullable(sslmode).ifPresent(ssl::setSslmode);
    Optional.ofNullable(sslcert).ifPresent(ssl::setSslcert);
    Optional.ofNullable(sslkey).ifPresent(ssl::setSslkey);
    Optional.ofNullable(sslpassword).ifPresent(ssl::setSslpassword);
    Optional.ofNullable(sslrootcert).ifPresent(ssl::setSslrootcert);
    if (ssl.build().equals(PostgreSQLDatabaseConfig.SSLOptions.getDefaultInstance())) {
      config.clearSsloption();
    }
    return config.build();
  }
}
