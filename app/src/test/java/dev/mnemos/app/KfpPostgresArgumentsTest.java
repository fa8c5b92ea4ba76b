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
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Mnemos started with exactly the arguments of KFP's PostgreSQL overlay
 * (manifests/kustomize/base/metadata/overlays/postgres, 2.17.0), after the kubelet's $(VAR)
 * substitution, against a real PostgreSQL server: it creates the database (the overlay leaves
 * skip_db_creation commented out), serves a KFP-shaped write and read, and takes the password from
 * where libpq would.
 */
class KfpPostgresArgumentsTest {

  private static final List<String> KFP_POSTGRES =
      List.of(
          "--grpc_port=$(METADATA_GRPC_SERVICE_PORT)",
          "--metadata_source_config_type=postgresql",
          "--postgres_config_host=$(MLMD_DB_HOST)",
          "--postgres_config_port=$(POSTGRES_PORT)",
          "--postgres_config_dbname=$(POSTGRES_DBNAME)",
          "--postgres_config_user=$(POSTGRES_USER)",
          "--postgres_config_password=$(POSTGRES_PASSWORD)",
          "--enable_database_upgrade=true");

  @TempDir Path data;
  private final List<AutoCloseable> opened = new ArrayList<>();
  private Map<String, String> environment;

  @BeforeEach
  void aDatabaseNameForThePod() {
    assumeTrue(
        StoreBackends.backends().contains(Backend.POSTGRESQL),
        "needs PostgreSQL (always there in CI)");
    URI server = URI.create(Backend.postgresqlServerUrl("postgres").substring("jdbc:".length()));
    environment =
        Map.of(
            "METADATA_GRPC_SERVICE_PORT",
            "0",
            "MLMD_DB_HOST",
            server.getHost(),
            "POSTGRES_PORT",
            String.valueOf(server.getPort()),
            "POSTGRES_DBNAME",
            "kfp_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12),
            "POSTGRES_USER",
            envOr("MNEMOS_TEST_POSTGRES_USER", "meta"),
            "POSTGRES_PASSWORD",
            envOr("MNEMOS_TEST_POSTGRES_PASSWORD", "metapw"));
  }

  @AfterEach
  void dropTheDatabase() throws Exception {
    for (AutoCloseable closeable : opened.reversed()) {
      closeable.close();
    }
    if (environment != null) {
      try (Connection connection =
              DriverManager.getConnection(Backend.postgresqlServerUrl("postgres"));
          var statement = connection.createStatement()) {
        statement.execute(
            "DROP DATABASE IF EXISTS " + environment.get("POSTGRES_DBNAME") + " WITH (FORCE)");
      }
    }
  }

  private static String envOr(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }

  private List<String> podArguments(List<String> manifest) {
    List<String> arguments = new ArrayList<>();
    for (String argument : manifest) {
      String value = argument;
      for (var variable : environment.entrySet()) {
        value = value.replace("$(" + variable.getKey() + ")", variable.getValue());
      }
      arguments.add(value);
    }
    arguments.add("--http_port=0");
    arguments.add("--data_dir=" + data);
    return arguments;
  }

  private MnemosServices serve(List<String> arguments, Map<String, String> processEnvironment)
      throws Exception {
    ServeCommand command = new ServeCommand();
    new CommandLine(command).parseArgs(arguments.toArray(String[]::new));
    command.database.environment = processEnvironment::get;
    MnemosServices services = command.start();
    opened.add(services);
    return services;
  }

  private void aKfpShapedWriteAndRead(MnemosServices services) throws Exception {
    ManagedChannel channel =
        NettyChannelBuilder.forAddress("localhost", services.grpcPort()).usePlaintext().build();
    opened.add(() -> channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS));
    KfpWrites.aKfpShapedWriteAndRead(MetadataStoreServiceGrpc.newBlockingStub(channel));
  }

  @Test
  void theOverlaysArgumentsCreateTheDatabaseAndServe() throws Exception {
    aKfpShapedWriteAndRead(serve(podArguments(KFP_POSTGRES), Map.of()));

    try (Connection connection =
            DriverManager.getConnection(
                Backend.postgresqlServerUrl(environment.get("POSTGRES_DBNAME")));
        ResultSet version =
            connection.createStatement().executeQuery("SELECT schema_version FROM mlmdenv")) {
      assertThat(version.next()).isTrue();
      assertThat(version.getInt(1)).isEqualTo(10);
    }
  }

  @Test
  void thePasswordMayComeFromPgpasswordOrAPasswordFile() throws Exception {
    List<String> withoutPassword =
        podArguments(KFP_POSTGRES).stream().filter(a -> !a.contains("password")).toList();

    MnemosServices fromEnvironment =
        serve(withoutPassword, Map.of("PGPASSWORD", environment.get("POSTGRES_PASSWORD")));
    aKfpShapedWriteAndRead(fromEnvironment);
    fromEnvironment.close();

    Path passfile =
        Files.writeString(
            data.resolve("pgpass"),
            "otherhost:*:*:*:wrong\n"
                + "*:*:"
                + environment.get("POSTGRES_DBNAME")
                + ":"
                + environment.get("POSTGRES_USER")
                + ":"
                + environment.get("POSTGRES_PASSWORD").replace(":", "\\:")
                + "\n");
    List<String> withPassfile = new ArrayList<>(withoutPassword);
    withPassfile.add("--postgres_config_passfile=" + passfile);
    aKfpShapedWriteAndRead(serve(withPassfile, Map.of()));
  }

  @Test
  void withoutCreationAMissingDatabaseStopsTheStartNamingIt() {
    List<String> arguments = new ArrayList<>(podArguments(KFP_POSTGRES));
    arguments.add("--postgres_config_skip_db_creation");
    arguments.add("--metadata_store_connection_retries=0");

    StartupFailure failure =
        catchThrowableOfType(StartupFailure.class, () -> serve(arguments, Map.of()));

    assertThat(failure).hasMessageContaining(environment.get("POSTGRES_DBNAME"));
    assertThat(failure.getMessage()).doesNotContain(environment.get("POSTGRES_PASSWORD"));
  }
}
