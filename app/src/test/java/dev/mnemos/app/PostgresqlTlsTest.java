package dev.mnemos.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mnemos.proto.mlmd.MetadataStoreServiceGrpc;
import dev.mnemos.server.testing.Backend;
import dev.mnemos.server.testing.StoreBackends;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/**
 * TLS to PostgreSQL as the reference server's flags ask for it, against a real server that serves
 * TLS (Debian's cluster does, with its own self-signed certificate): {@code sslmode=require}
 * encrypts the connections the store holds and {@code disable} does not; {@code verify-ca} connects
 * with the authority of the server's certificate and refuses a server another authority did not
 * sign.
 */
class PostgresqlTlsTest {

  @TempDir Path data;
  private final List<AutoCloseable> opened = new ArrayList<>();
  private String host;
  private int port;
  private String database;

  @BeforeEach
  void aServerThatServesTls() throws Exception {
    assumeTrue(
        StoreBackends.backends().contains(Backend.POSTGRESQL),
        "needs PostgreSQL (always there in CI)");
    URI server = URI.create(Backend.postgresqlServerUrl("postgres").substring("jdbc:".length()));
    host = server.getHost();
    port = server.getPort();
    database = "tls_" + Long.toHexString(System.nanoTime());
    try (Connection connection =
            DriverManager.getConnection(Backend.postgresqlServerUrl("postgres"));
        ResultSet ssl = connection.createStatement().executeQuery("SHOW ssl")) {
      ssl.next();
      assertThat(ssl.getString(1)).as("the test server serves TLS").isEqualTo("on");
    }
  }

  @AfterEach
  void dropTheDatabase() throws Exception {
    for (AutoCloseable closeable : opened.reversed()) {
      closeable.close();
    }
    if (database != null) {
      try (Connection connection =
          DriverManager.getConnection(Backend.postgresqlServerUrl("postgres"))) {
        connection
            .createStatement()
            .execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
      }
    }
  }

  private ServeCommand command(String... more) {
    List<String> arguments =
        new ArrayList<>(
            List.of(
                "--grpc_port=0",
                "--http_port=0",
                "--data_dir=" + data,
                "--metadata_store_connection_retries=0",
                "--metadata_source_config_type=postgresql",
                "--postgres_config_host=" + host,
                "--postgres_config_port=" + port,
                "--postgres_config_dbname=" + database,
                "--postgres_config_user=" + envOr("MNEMOS_TEST_POSTGRES_USER", "meta"),
                "--postgres_config_password=" + envOr("MNEMOS_TEST_POSTGRES_PASSWORD", "metapw")));
    arguments.addAll(List.of(more));
    ServeCommand command = new ServeCommand();
    new CommandLine(command).parseArgs(arguments.toArray(String[]::new));
    return command;
  }

  private static String envOr(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }

  @ParameterizedTest
  @ValueSource(strings = {"require", "disable"})
  void theSslModeDecidesWhetherTheStoresConnectionsAreEncrypted(String mode) throws Exception {
    MnemosServices services = command("--postgres_config_sslmode=" + mode).start();
    opened.add(services);
    ManagedChannel channel =
        NettyChannelBuilder.forAddress("localhost", services.grpcPort()).usePlaintext().build();
    opened.add(() -> channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS));
    KfpWrites.aKfpShapedWriteAndRead(MetadataStoreServiceGrpc.newBlockingStub(channel));

    try (Connection connection =
            DriverManager.getConnection(Backend.postgresqlServerUrl("postgres"));
        ResultSet connections =
            connection
                .createStatement()
                .executeQuery(
                    "SELECT s.ssl FROM pg_stat_activity a JOIN pg_stat_ssl s ON s.pid = a.pid"
                        + " WHERE a.datname = '"
                        + database
                        + "' AND a.application_name = 'mnemos'")) {
      List<Boolean> encrypted = new ArrayList<>();
      while (connections.next()) {
        encrypted.add(connections.getBoolean(1));
      }
      assertThat(encrypted).isNotEmpty().containsOnly(mode.equals("require"));
    }
  }

  @Test
  void verifyCaWithAnotherAuthorityRefusesTheServer() throws Exception {
    TestCertificates.write(data, "not-the-database");

    StartupFailure failure =
        catchThrowableOfType(
            StartupFailure.class,
            () ->
                command(
                        "--postgres_config_skip_db_creation",
                        "--postgres_config_sslmode=verify-ca",
                        "--postgres_config_sslrootcert=" + data.resolve("ca.crt"))
                    .start());

    assertThat(failure).isNotNull();
    assertThat(failure.getMessage()).contains("certification path");
  }

  @Test
  void verifyCaWithTheAuthorityOfTheServersCertificateConnects() throws Exception {
    String serverCertificate;
    try (Connection connection =
            DriverManager.getConnection(Backend.postgresqlServerUrl("postgres"));
        ResultSet file = connection.createStatement().executeQuery("SHOW ssl_cert_file")) {
      file.next();
      serverCertificate = file.getString(1); // Debian's is self-signed: its own authority
    }
    MnemosServices services =
        command(
                "--postgres_config_sslmode=verify-ca",
                "--postgres_config_sslrootcert=" + serverCertificate)
            .start();
    opened.add(services);
    assertThat(services.databaseUrl()).contains(database);
  }
}
