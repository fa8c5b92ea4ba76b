package dev.mnemos.app;

import dev.mnemos.mlflow.MlflowTracking;
import dev.mnemos.server.store.DatabaseSettings;
import java.io.IOException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
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

  @Option(
      names = "--http_allowed_origins",
      split = ",",
      description =
          "Origins (https://host[:port]) whose pages may call the HTTP port across origins;"
              + " none by default (* for any).")
  @Nullable Set<String> allowedOrigins;

  @Option(
      names = "--mlflow_default_artifact_root",
      description =
          "Where experiments created through the MLflow tracking API (/api/2.0/mlflow/ on the"
              + " HTTP port) keep their artifacts unless they name a place: an s3://, gs:// or"
              + " file: URI the clients write to themselves (default ${DEFAULT-VALUE}, MLflow"
              + " server's own, whose proxied uploads Mnemos does not serve).")
  String mlflowArtifactRoot = MlflowTracking.DEFAULT_ARTIFACT_ROOT;

  @Option(
      names = "--http_tls",
      arity = "0..1",
      fallbackValue = "true",
      description =
          "Serve the HTTP port over TLS with the gRPC port's certificates (default: with the"
              + " --tls_* files yes, with MLMD's ssl_config no, as KFP's TLS overlay expects).")
  @Nullable Boolean httpTls;

  @Mixin QueryOptions query;

  @Mixin LifecycleOptions lifecycle;

  @Option(
      names = "--watch",
      description =
          "Also record the pipeline steps that run as pods in the Kubernetes cluster (see"
              + " --watch_namespace).")
  boolean watch;

  @Mixin WatchOptions watchOptions;

  @Mixin MlmdServerFlags mlmd;

  @Mixin PostgresqlOptions postgresql;

  @Mixin TlsOptions tlsOptions;

  @Mixin AuthOptions auth;

  @Mixin LogFormat logFormat;

  /** Whether the last {@link #start()} serves TLS on each port, for the start-up line. */
  private boolean grpcTls;

  private boolean httpServesTls;

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
        "{}",
        startupLine(
            services.grpcPort(),
            grpcTls,
            services.httpPort(),
            httpServesTls,
            services.databaseUrl(),
            watch));
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
   * The database of the flags or of the config file. Unlike the reference server, which drops the
   * whole file (its TLS with it) when database flags are given (google/ml-metadata#186), the file's
   * TLS always holds and only its connection gives way to {@code --mysql_config_*}, {@code
   * --postgres_config_*} or {@code --db}, unless {@code --metadata_source_config_type=config_file}
   * names the file's.
   */
  private DatabaseSettings databaseSettings(
      MlmdServerFlags.SourceType source, Optional<ServerConfigFile> file) throws IOException {
    boolean postgresqlFlags =
        source == MlmdServerFlags.SourceType.POSTGRESQL
            || (source == MlmdServerFlags.SourceType.DEFAULT && postgresql.given());
    if (postgresqlFlags) {
      if (!database.embedded()) {
        throw new IllegalArgumentException(
            "give the database one way: --postgres_config_*, --mysql_config_* or --db");
      }
      return PostgresqlConnection.settings(
              postgresql.config(), "--postgres_config_", database.environment)
          .withUpgradeEnabled(database.enableDatabaseUpgrade);
    }
    boolean flagsFirst =
        source == MlmdServerFlags.SourceType.MYSQL
            || (source == MlmdServerFlags.SourceType.DEFAULT && !database.embedded());
    Optional<DatabaseSettings> fromFile =
        flagsFirst
            ? Optional.empty()
            : file.flatMap(f -> f.database(database.enableDatabaseUpgrade));
    return fromFile.isPresent() ? fromFile.get() : database.databaseSettings();
  }

  private Access access() {
    return switch (auth.mode()) {
      case NONE -> Access.OPEN;
      case KUBERNETES -> Access.kubernetes(auth.settings());
    };
  }

  /**
   * The HTTP port's certificates. With cert-manager's files both ports serve TLS; with MLMD's
   * {@code ssl_config}, which describes a gRPC server only, the HTTP port stays plain unless {@code
   * --http_tls}: KFP's TLS overlay probes it and proxies the UI's gRPC-web to it over plain HTTP,
   * so a drop-in must not change that.
   */
  private Optional<ServerCertificates> httpCertificates(
      Optional<ServerCertificates> certificates, Optional<ServerConfigFile> file) {
    boolean fromConfigFile = file.flatMap(ServerConfigFile::tls).isPresent();
    boolean https = httpTls != null ? httpTls : !fromConfigFile;
    if (https && httpTls != null && certificates.isEmpty()) {
      throw new IllegalArgumentException(
          "--http_tls needs certificates: ssl_config in --metadata_store_server_config_file or"
              + " --tls_cert_file and --tls_key_file");
    }
    if (!https && certificates.isPresent()) {
      log.warn(
          "gRPC serves TLS but the HTTP port {} is plain HTTP; --http_tls serves it with the same"
              + " certificates",
          httpPort);
    }
    return https ? certificates : Optional.empty();
  }

  /** The certificates of ssl_config or of the --tls_* files; both at once are refused. */
  private Optional<ServerCertificates> certificates(Optional<ServerConfigFile> file) {
    Optional<ServerCertificates.Pem> fromFile = file.flatMap(ServerConfigFile::tls);
    if (fromFile.isPresent()) {
      if (tlsOptions.certFile != null || tlsOptions.keyFile != null) {
        throw new IllegalArgumentException(
            "give TLS either in the ssl_config of --metadata_store_server_config_file or by"
                + " --tls_cert_file and --tls_key_file, not both");
      }
      try {
        return Optional.of(ServerCertificates.fixed(fromFile.get()));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "--metadata_store_server_config_file: ssl_config: " + e.getMessage(), e);
      }
    }
    return tlsOptions.certificates();
  }

  /**
   * What a new user reads first: where the browser is (the HTTP port's own scheme: it may stay
   * plain beside TLS gRPC), where GraphQL and the MLMD API are, where the data is.
   */
  static String startupLine(
      int grpcPort,
      boolean grpcTls,
      int httpPort,
      boolean httpTls,
      String databaseUrl,
      boolean watching) {
    return "Mnemos is ready: the lineage browser at "
        + (httpTls ? "https" : "http")
        + "://localhost:"
        + httpPort
        + "/ (GraphQL at /graphql, GraphiQL at /graphiql), ml_metadata.MetadataStoreService on"
        + " gRPC port "
        + grpcPort
        + (grpcTls ? " (TLS)" : "")
        + ", data in "
        + databaseUrl
        + (watching ? "; recording pipeline pods, metrics at /metrics" : "");
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
        Optional.ofNullable(mlmd.serverConfigFile).map(ServerConfigFile::read);
    DatabaseSettings settings = databaseSettings(source, file);
    Optional<ServerCertificates> certificates = certificates(file);
    grpcTls = certificates.isPresent();
    Optional<ServerCertificates> httpCertificates = httpCertificates(certificates, file);
    httpServesTls = httpCertificates.isPresent();
    return MnemosServices.start(
        settings,
        database.searchIndexFolder(),
        query.settings(),
        new Endpoints(
            new GrpcListener(grpcPort, mlmd.channelArguments(), certificates),
            new HttpListener(
                httpPort,
                httpCertificates,
                allowedOrigins == null ? Set.of() : allowedOrigins,
                mlflowArtifactRoot),
            access()),
        watch ? Optional.of(watchOptions.settings()) : Optional.empty(),
        mlmd.connectionRetries,
        lifecycle.settings());
  }
}
