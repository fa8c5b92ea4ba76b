package dev.mnemos.app;

import dev.mnemos.server.store.DatabaseSettings;
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

  @Override
  public Integer call() throws Exception {
    DatabaseSettings settings;
    try {
      settings = database.databaseSettings();
    } catch (IllegalArgumentException e) {
      System.err.println("mnemos: " + e.getMessage());
      return 2;
    }
    MnemosServices services;
    try {
      services =
          MnemosServices.start(
              settings,
              database.searchIndexFolder(),
              query.settings(),
              grpcPort,
              httpPort,
              watch ? Optional.of(watchOptions.settings()) : Optional.empty());
    } catch (StartupFailure e) {
      System.err.println("mnemos: " + e.getMessage());
      return 1;
    }
    log.info(
        "Mnemos serves ml_metadata.MetadataStoreService on gRPC port {}, GraphQL on"
            + " http://localhost:{}/graphql (GraphiQL at /graphiql), data in {}{}",
        services.grpcPort(),
        services.httpPort(),
        settings.redactedUrl(),
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
}
