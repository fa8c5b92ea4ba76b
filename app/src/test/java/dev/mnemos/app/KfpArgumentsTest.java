package dev.mnemos.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mnemos.proto.mlmd.GetArtifactTypesRequest;
import dev.mnemos.proto.mlmd.MetadataStoreServiceGrpc;
import dev.mnemos.proto.mlmd.MetadataStoreServiceGrpc.MetadataStoreServiceBlockingStub;
import dev.mnemos.server.testing.Await;
import dev.mnemos.server.testing.Backend;
import dev.mnemos.server.testing.StoreBackends;
import dev.mnemos.server.testing.TcpProxy;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/**
 * Mnemos started with exactly the arguments KFP's released manifests give MLMD's server
 * (manifests/kustomize/base/metadata/base/metadata-grpc-deployment.yaml and the TLS overlay), after
 * the kubelet's $(VAR) substitution, against MariaDB (the PostgreSQL overlay: {@link
 * KfpPostgresArgumentsTest}): it starts, serves a KFP-shaped write and read, and honours the
 * channel arguments; the TLS overlay's config file, written by that overlay's own init script,
 * gives a TLS server.
 */
class KfpArgumentsTest {

  /** 2.0.0 to 2.13 (checked in the tags 2.0.0 to 2.5.0 of kubeflow/pipelines). */
  private static final List<String> KFP_2_0 =
      List.of(
          "--grpc_port=8080",
          "--mysql_config_database=$(MYSQL_DATABASE)",
          "--mysql_config_host=$(MYSQL_HOST)",
          "--mysql_config_port=$(MYSQL_PORT)",
          "--mysql_config_user=$(DBCONFIG_USER)",
          "--mysql_config_password=$(DBCONFIG_PASSWORD)",
          "--enable_database_upgrade=true");

  /** 2.14.0 to 2.15.0. */
  private static final List<String> KFP_2_14 =
      plus(KFP_2_0, "--grpc_channel_arguments=grpc.max_metadata_size=16384");

  /** 2.16.0 to 2.17.0. */
  private static final List<String> KFP_2_16 =
      plus(
          KFP_2_0,
          "--grpc_channel_arguments=grpc.max_metadata_size=16384,"
              + "grpc.max_receive_message_length=104857600,grpc.max_send_message_length=104857600");

  /** The TLS overlay's server container, 2.17.0. */
  private static final List<String> KFP_TLS =
      List.of(
          "--grpc_port=8080",
          "--metadata_store_server_config_file=/etc/grpc/config.proto",
          "--enable_database_upgrade=true",
          "--grpc_channel_arguments=grpc.max_metadata_size=16384,"
              + "grpc.max_receive_message_length=104857600,grpc.max_send_message_length=104857600");

  @TempDir Path data;
  private final List<AutoCloseable> opened = new ArrayList<>();
  private Map<String, String> environment;

  private static List<String> plus(List<String> arguments, String more) {
    List<String> all = new ArrayList<>(arguments);
    all.add(more);
    return List.copyOf(all);
  }

  @BeforeEach
  void aDatabaseNameForThePod() throws Exception {
    assumeTrue(
        StoreBackends.backends().contains(Backend.MYSQL), "needs MariaDB (always there in CI)");
    String database = "kfp_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    environment =
        Map.of(
            "MYSQL_DATABASE",
            database,
            "MYSQL_HOST",
            System.getenv(Backend.MYSQL_ENV),
            "MYSQL_PORT",
            envOr("MNEMOS_TEST_MYSQL_PORT", "3306"),
            "DBCONFIG_USER",
            envOr("MNEMOS_TEST_MYSQL_USER", "meta"),
            "DBCONFIG_PASSWORD",
            envOr("MNEMOS_TEST_MYSQL_PASSWORD", "metapw"),
            "METADATA_GRPC_SERVICE_PORT",
            "8080");
  }

  @AfterEach
  void dropTheDatabase() throws Exception {
    for (AutoCloseable closeable : opened.reversed()) {
      closeable.close();
    }
    if (environment != null) {
      try (var connection =
              DriverManager.getConnection(
                  "jdbc:mariadb://"
                      + System.getenv(Backend.MYSQL_ENV)
                      + ":"
                      + envOr("MNEMOS_TEST_MYSQL_PORT", "3306")
                      + "/",
                  environment.get("DBCONFIG_USER"),
                  environment.get("DBCONFIG_PASSWORD"));
          var statement = connection.createStatement()) {
        statement.execute("DROP DATABASE IF EXISTS `" + environment.get("MYSQL_DATABASE") + "`");
      }
    }
  }

  private static String envOr(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }

  /** The arguments as the kubelet passes them, on a free port and with a data folder here. */
  private String[] podArguments(List<String> manifest, Map<String, String> paths) {
    List<String> arguments = new ArrayList<>();
    for (String argument : manifest) {
      String value = argument;
      for (var variable : environment.entrySet()) {
        value = value.replace("$(" + variable.getKey() + ")", variable.getValue());
      }
      for (var path : paths.entrySet()) {
        value = value.replace(path.getKey(), path.getValue());
      }
      arguments.add(value.equals("--grpc_port=8080") ? "--grpc_port=0" : value);
    }
    arguments.add("--http_port=0");
    arguments.add("--data_dir=" + data);
    return arguments.toArray(String[]::new);
  }

  private MnemosServices serve(List<String> manifest, Map<String, String> paths) throws Exception {
    return serve(podArguments(manifest, paths));
  }

  private MnemosServices serve(String... arguments) throws Exception {
    ServeCommand command = new ServeCommand();
    new CommandLine(command).parseArgs(arguments);
    MnemosServices services = command.start();
    opened.add(services);
    return services;
  }

  private ManagedChannel channel(NettyChannelBuilder builder) {
    ManagedChannel channel = builder.build();
    opened.add(() -> channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS));
    return channel;
  }

  /** What KFP's launcher does first: register a type, write an artifact, read it back. */
  /** A call carrying {@code bytes} of metadata in one header. */
  private static MetadataStoreServiceBlockingStub withHeader(
      MetadataStoreServiceBlockingStub api, int bytes) {
    Metadata headers = new Metadata();
    headers.put(Metadata.Key.of("x-padding", Metadata.ASCII_STRING_MARSHALLER), "p".repeat(bytes));
    return api.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
  }

  @ParameterizedTest
  @ValueSource(strings = {"2.0", "2.14", "2.16"})
  void everyReleasesArgumentsStartTheServerOnMariaDb(String release) throws Exception {
    List<String> manifest =
        switch (release) {
          case "2.0" -> KFP_2_0;
          case "2.14" -> KFP_2_14;
          default -> KFP_2_16;
        };
    MnemosServices services = serve(podArguments(manifest, Map.of()));
    var api =
        MetadataStoreServiceGrpc.newBlockingStub(
            channel(
                NettyChannelBuilder.forAddress("localhost", services.grpcPort()).usePlaintext()));
    KfpWrites.aKfpShapedWriteAndRead(api);

    // grpc.max_metadata_size=16384 is honoured: 12 KB of headers pass it, and not gRPC's own 8 KiB.
    var twelveKilobytes = withHeader(api, 12_000);
    if (release.equals("2.0")) {
      assertThat(
              catchThrowableOfType(
                  StatusRuntimeException.class,
                  () ->
                      twelveKilobytes.getArtifactTypes(
                          GetArtifactTypesRequest.getDefaultInstance())))
          .as("gRPC's default of 8 KiB")
          .isNotNull();
    } else {
      assertThat(
              twelveKilobytes
                  .getArtifactTypes(GetArtifactTypesRequest.getDefaultInstance())
                  .getArtifactTypesCount())
          .isPositive();
    }
  }

  @Test
  void theTlsOverlaysConfigFileGivesATlsServer() throws Exception {
    Path certs = Files.createDirectories(data.resolve("certs"));
    Path grpc = Files.createDirectories(data.resolve("grpc"));
    TestCertificates.write(certs, "metadata-grpc-service");
    String script;
    try (InputStream in = getClass().getResourceAsStream("/kfp/generate-config.sh")) {
      script =
          new String(in.readAllBytes(), StandardCharsets.UTF_8)
              .replace("/etc/grpc/", grpc + "/")
              .replace("/etc/pki/tls/certs/", certs + "/");
    }
    ProcessBuilder initContainer = new ProcessBuilder("/bin/sh", "-ec", script);
    initContainer.environment().putAll(environment);
    Process init = initContainer.inheritIO().start();
    assertThat(init.waitFor()).as("the init container's script").isZero();

    MnemosServices services = serve(podArguments(KFP_TLS, Map.of("/etc/grpc/", grpc + "/")));
    var api =
        MetadataStoreServiceGrpc.newBlockingStub(
            channel(
                NettyChannelBuilder.forAddress("localhost", services.grpcPort())
                    .overrideAuthority("metadata-grpc-service")
                    .sslContext(
                        GrpcSslContexts.forClient()
                            .trustManager(certs.resolve("ca.crt").toFile())
                            .build())));
    KfpWrites.aKfpShapedWriteAndRead(api);

    var plaintext =
        MetadataStoreServiceGrpc.newBlockingStub(
            channel(
                NettyChannelBuilder.forAddress("localhost", services.grpcPort()).usePlaintext()));
    assertThat(
            catchThrowableOfType(
                StatusRuntimeException.class,
                () -> plaintext.getArtifactTypes(GetArtifactTypesRequest.getDefaultInstance())))
        .as("a plaintext call to the TLS port")
        .isNotNull();
  }

  @Test
  void thePasswordMayStayOutOfTheArguments() throws Exception {
    List<String> withoutPassword =
        KFP_2_0.stream().filter(argument -> !argument.contains("PASSWORD")).toList();
    Path secret =
        Files.writeString(data.resolve("password"), environment.get("DBCONFIG_PASSWORD") + "\n");

    MnemosServices fromFile =
        serve(plus(withoutPassword, "--mysql_config_password_file=" + secret), Map.of());
    KfpWrites.aKfpShapedWriteAndRead(
        MetadataStoreServiceGrpc.newBlockingStub(
            channel(
                NettyChannelBuilder.forAddress("localhost", fromFile.grpcPort()).usePlaintext())));
    fromFile.close();

    ServeCommand fromEnvironment = new ServeCommand();
    new CommandLine(fromEnvironment).parseArgs(podArguments(withoutPassword, Map.of()));
    fromEnvironment.database.environment =
        Map.of(DatabaseOptions.PASSWORD_ENV, environment.get("DBCONFIG_PASSWORD"))::get;
    MnemosServices services = fromEnvironment.start();
    opened.add(services);
    assertThat(
            MetadataStoreServiceGrpc.newBlockingStub(
                    channel(
                        NettyChannelBuilder.forAddress("localhost", services.grpcPort())
                            .usePlaintext()))
                .getArtifactTypes(GetArtifactTypesRequest.getDefaultInstance())
                .getArtifactTypesCount())
        .isPositive();
  }

  @Test
  void aDatabaseThatIsNotUpYetIsWaitedFor() throws Exception {
    // KFP before 2.16 starts the server beside MySQL with no init container waiting for it; the
    // reference server retries (--metadata_store_connection_retries, 5), and so does Mnemos.
    TcpProxy database =
        TcpProxy.to(environment.get("MYSQL_HOST"), Integer.parseInt(environment.get("MYSQL_PORT")));
    opened.add(database);
    database.cut();
    AtomicInteger refused = new AtomicInteger();
    ServerSocket notYet = new ServerSocket();
    notYet.setReuseAddress(true);
    // The proxy's listener closes when its accepting thread lets go of it.
    Await.until("the proxy's port free", Duration.ofSeconds(10), () -> bound(notYet, database));
    Thread.ofPlatform()
        .daemon()
        .start(
            () -> {
              while (!notYet.isClosed()) {
                try (Socket connection = notYet.accept()) {
                  refused.incrementAndGet();
                } catch (IOException e) {
                  // Closed: the database is coming up.
                }
              }
            });
    environment = new HashMap<>(environment);
    environment.put("MYSQL_HOST", "127.0.0.1");
    environment.put("MYSQL_PORT", String.valueOf(database.port()));
    CompletableFuture<MnemosServices> starting =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return serve(podArguments(KFP_2_0, Map.of()));
              } catch (Exception e) {
                throw new CompletionException(e);
              }
            });
    Await.until("a first attempt to fail", Duration.ofSeconds(30), () -> refused.get() > 0);
    notYet.close();
    Await.until("the database back", Duration.ofSeconds(10), () -> restored(database));

    MnemosServices services = starting.get(60, TimeUnit.SECONDS);
    KfpWrites.aKfpShapedWriteAndRead(
        MetadataStoreServiceGrpc.newBlockingStub(
            channel(
                NettyChannelBuilder.forAddress("localhost", services.grpcPort()).usePlaintext())));
  }

  private static boolean bound(ServerSocket socket, TcpProxy to) {
    try {
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), to.port()));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static boolean restored(TcpProxy proxy) {
    try {
      proxy.restore();
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
