package dev.mnemos.app;

import dev.mnemos.server.grpc.MnemosGrpcServer;
import dev.mnemos.server.store.DatabaseSettings;
import dev.mnemos.server.store.MetadataStore;
import dev.mnemos.server.store.StoreException;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Serves the MLMD gRPC API. Accepts the flags KFP passes to the reference server, plus {@code --db}
 * and {@code --data_dir}. Without flags: a SQLite file under ./mnemos-data, gRPC on 8080.
 */
@Command(name = "serve", mixinStandardHelpOptions = true, description = "Run the metadata server.")
final class ServeCommand implements Callable<Integer> {

  private static final Logger log = LoggerFactory.getLogger(ServeCommand.class);

  @Option(
      names = "--grpc_port",
      defaultValue = "8080",
      description = "gRPC port (default ${DEFAULT-VALUE}).")
  int grpcPort;

  @Option(
      names = "--db",
      description = "JDBC URL of the database (jdbc:sqlite:... or jdbc:mysql://...).")
  String jdbcUrl;

  @Option(
      names = "--data_dir",
      defaultValue = "mnemos-data",
      description = "Folder of the embedded SQLite database (default ${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(names = "--mysql_config_host", description = "MySQL host, as for the MLMD server.")
  String mysqlHost;

  @Option(
      names = "--mysql_config_port",
      defaultValue = "3306",
      description = "MySQL port (default ${DEFAULT-VALUE}).")
  int mysqlPort;

  @Option(
      names = "--mysql_config_database",
      defaultValue = "metadb",
      description = "MySQL database, created if absent (default ${DEFAULT-VALUE}).")
  String mysqlDatabase;

  @Option(names = "--mysql_config_user", description = "MySQL user.")
  String mysqlUser;

  @Option(names = "--mysql_config_password", description = "MySQL password.")
  String mysqlPassword;

  @Option(
      names = "--enable_database_upgrade",
      arity = "0..1",
      fallbackValue = "true",
      description = "Upgrade an older MLMD schema (7 to 9) to version 10.")
  boolean enableDatabaseUpgrade;

  @Override
  public Integer call() throws Exception {
    DatabaseSettings settings;
    try {
      settings = databaseSettings();
    } catch (IllegalArgumentException e) {
      System.err.println("mnemos: " + e.getMessage());
      return 2;
    }
    MetadataStore store;
    try {
      store = MetadataStore.open(settings);
    } catch (StoreException e) {
      System.err.println("mnemos: " + e.code() + ": " + e.getMessage());
      return 1;
    }
    MnemosGrpcServer server;
    try {
      server =
          new MnemosGrpcServer(
                  NettyServerBuilder.forAddress(new InetSocketAddress(grpcPort)), store)
              .start();
    } catch (java.io.IOException e) {
      store.close();
      System.err.println("mnemos: cannot listen on port " + grpcPort + ": " + e.getMessage());
      return 1;
    }
    log.info(
        "Mnemos serves ml_metadata.MetadataStoreService on gRPC port {}, data in {}",
        server.port(),
        settings.redactedUrl());
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  log.info("Shutting down");
                  try {
                    server.close();
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                  store.close();
                },
                "mnemos-shutdown"));
    server.awaitTermination();
    return 0;
  }

  private DatabaseSettings databaseSettings() throws java.io.IOException {
    if (jdbcUrl != null && mysqlHost != null) {
      throw new IllegalArgumentException("give either --db or --mysql_config_host, not both");
    }
    if (mysqlHost != null) {
      String url =
          "jdbc:mysql://"
              + mysqlHost
              + ":"
              + mysqlPort
              + "/"
              + URLEncoder.encode(mysqlDatabase, StandardCharsets.UTF_8)
              + "?createDatabaseIfNotExist=true&allowPublicKeyRetrieval=true&sslMode=PREFERRED";
      return DatabaseSettings.of(url)
          .withCredentials(mysqlUser, mysqlPassword)
          .withUpgradeEnabled(enableDatabaseUpgrade);
    }
    if (jdbcUrl != null) {
      return DatabaseSettings.of(jdbcUrl).withUpgradeEnabled(enableDatabaseUpgrade);
    }
    Files.createDirectories(dataDir);
    Path file = dataDir.resolve("metadata.sqlite").toAbsolutePath();
    return DatabaseSettings.of("jdbc:sqlite:" + file).withUpgradeEnabled(enableDatabaseUpgrade);
  }
}
