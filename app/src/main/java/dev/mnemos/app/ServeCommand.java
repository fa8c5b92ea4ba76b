package dev.mnemos.app;

import dev.mnemos.query.QueryLayer;
import dev.mnemos.query.http.QueryHttpServer;
import dev.mnemos.server.grpc.MnemosGrpcServer;
import dev.mnemos.server.store.DatabaseSettings;
import dev.mnemos.server.store.MetadataStore;
import dev.mnemos.server.store.StoreException;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.net.InetSocketAddress;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Serves the MLMD gRPC API and the GraphQL query layer in one process. Accepts the flags KFP passes
 * to the reference server. Without flags: a SQLite file under ./mnemos-data, gRPC on 8080, HTTP on
 * 8081.
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

  @Override
  public Integer call() throws Exception {
    DatabaseSettings settings;
    try {
      settings = database.databaseSettings();
    } catch (IllegalArgumentException e) {
      System.err.println("mnemos: " + e.getMessage());
      return 2;
    }
    MetadataStore store;
    QueryLayer queries;
    try {
      store = MetadataStore.open(settings);
    } catch (StoreException e) {
      System.err.println("mnemos: " + e.code() + ": " + e.getMessage());
      return 1;
    }
    try {
      queries = QueryLayer.attach(store, database.searchIndexFolder(), query.settings());
    } catch (StoreException e) {
      store.close();
      System.err.println("mnemos: " + e.code() + ": " + e.getMessage());
      return 1;
    }
    // HTTP first: once the gRPC port answers, which is what clients and probes wait for, every
    // endpoint of the process does.
    QueryHttpServer http;
    MnemosGrpcServer server;
    try {
      http = queries.serve(httpPort);
    } catch (java.io.IOException e) {
      queries.close();
      store.close();
      System.err.println("mnemos: cannot listen on port " + httpPort + ": " + e.getMessage());
      return 1;
    }
    try {
      server =
          new MnemosGrpcServer(
                  NettyServerBuilder.forAddress(new InetSocketAddress(grpcPort)), store)
              .start();
    } catch (java.io.IOException e) {
      http.close();
      queries.close();
      store.close();
      System.err.println("mnemos: cannot listen on port " + grpcPort + ": " + e.getMessage());
      return 1;
    }
    log.info(
        "Mnemos serves ml_metadata.MetadataStoreService on gRPC port {}, GraphQL on"
            + " http://localhost:{}/graphql (GraphiQL at /graphiql), data in {}",
        server.port(),
        http.port(),
        settings.redactedUrl());
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  log.info("Shutting down");
                  http.close();
                  try {
                    server.close();
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                  queries.close();
                  store.close();
                },
                "mnemos-shutdown"));
    server.awaitTermination();
    return 0;
  }
}
