package dev.mnemos.app;

import dev.mnemos.server.store.DatabaseSettings;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Serves the MLMD gRPC API and the GraphQL query layer in one process, and with {@code --watch}
 * records the pipeline pods of a Kubernetes cluster too. Accepts the flags KFP passes to the
 * reference server. Without flags: a SQLite file under ./mnemos-data, gRPC on 8080, HTTP on 8081.
 */
@Command(name = "serve", mixinStandardHelpOptions = true, description = "Run the metadata server.")
final class ServeCommand implements Callable<Integer> {

  private static final Logger log = LoggerFactory.getLogger(ServeCommand.class);

  @Option(
      names = "--grpc_port",
      defaultValue = "8080",
      description = "gRPC port (default ${DEFAULT-VALUE}).")
  int grpcPort;

  @Mixin DatabaseOptions database;

  @Option(
      names = "--http_port",
      defaultValue = "8081",
      description = "HTTP port of GraphQL and GraphiQL (default ${DEFAULT-VALUE}).")
  int httpPort;

  @Mixin QueryOptions query;

  @Option(
      names = "--watch",
      description =
          "Also record the pipeline steps that run as pods in the Kubernetes cluster (see"
              + " --watch_namespace).")
  boolean watch;

  @Mixin WatchOptions watchOptions;

  @Mixin MlmdServerFlags mlmd;

  @Mixin LogFormat logFormat;

  /** Whether the last {@link #start()} serves gRPC over TLS, for the start-up line. */
  private boolean tls;

  @Override
  public Integer call() throws Exception {
    logFormat.apply();
    MnemosServices services;
    try {
      services = start();
    } catch (IllegalArgumentException e) {
      System.err.println("mnemos: " + e.getMessage());
      return 2;
    } catch (StartupFailure e) {
      System.err.println("mnemos: " + e.getMessage());
      return 1;
    }
    log.info(
        "Mnemos serves ml_metadata.MetadataStoreService on gRPC port {}{}, GraphQL on"
            + " http://localhost:{}/graphql (GraphiQL at /graphiql), data in {}{}",
        services.grpcPort(),
        tls ? " (TLS)" : "",
        services.httpPort(),
        services.databaseUrl(),
        watch ? "; recording pipeline pods, metrics at /metrics" : "");
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  log.info("Shutting down");
                  services.close();
                },
                "mnemos-shutdown"));
    services.awaitTermination();
    return 0;
  }

  /**
   * Starts everything the flags ask for.
   *
   * @throws IllegalArgumentException naming a flag that cannot be honoured
   * @throws StartupFailure when a part cannot start
   */
  MnemosServices start() throws StartupFailure, IOException {
    MlmdServerFlags.SourceType source = mlmd.validate(database.enableDatabaseUpgrade);
    Optional<ServerConfigFile> file =
        source == MlmdServerFlags.SourceType.MYSQL || mlmd.serverConfigFile == null
            ? Optional.empty()
            : Optional.of(ServerConfigFile.read(mlmd.serverConfigFile));
    Optional<DatabaseSettings> fromFile =
        file.flatMap(f -> f.database(database.enableDatabaseUpgrade));
    DatabaseSettings settings = fromFile.isPresent() ? fromFile.get() : database.databaseSettings();
    Optional<SslContext> serverTls = file.flatMap(ServerConfigFile::tls).map(ServerTls::context);
    tls = serverTls.isPresent();
    return MnemosServices.start(
        settings,
        database.searchIndexFolder(),
        query.settings(),
        new GrpcListener(grpcPort, mlmd.channelArguments(), serverTls),
        httpPort,
        watch ? Optional.of(watchOptions.settings()) : Optional.empty(),
        mlmd.connectionRetries);
  }
}
