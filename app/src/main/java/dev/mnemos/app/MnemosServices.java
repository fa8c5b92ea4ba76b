package dev.mnemos.app;

import dev.mnemos.mlflow.MlflowTracking;
import dev.mnemos.proto.RetryPolicy;
import dev.mnemos.proto.mlmd.MetadataStoreServiceGrpc;
import dev.mnemos.query.QueryLayer;
import dev.mnemos.query.admin.LifecycleGrpcService;
import dev.mnemos.query.config.QuerySettings;
import dev.mnemos.query.http.HttpSecurity;
import dev.mnemos.query.http.QueryHttpServer;
import dev.mnemos.query.lifecycle.Retention;
import dev.mnemos.query.lifecycle.RunLifecycle;
import dev.mnemos.server.auth.Caller;
import dev.mnemos.server.errors.ErrorCode;
import dev.mnemos.server.errors.StoreException;
import dev.mnemos.server.grpc.CallerInterceptor;
import dev.mnemos.server.grpc.GrpcLimits;
import dev.mnemos.server.grpc.GrpcMetrics;
import dev.mnemos.server.grpc.GrpcWebHandler;
import dev.mnemos.server.grpc.MnemosGrpcServer;
import dev.mnemos.server.health.ServerHealth;
import dev.mnemos.server.store.DatabaseMetrics;
import dev.mnemos.server.store.DatabaseSettings;
import dev.mnemos.server.store.MetadataStore;
import dev.mnemos.server.store.NamedLock;
import dev.mnemos.server.tenancy.KnownNamespaces;
import dev.mnemos.server.tenancy.NamespaceReadScopes;
import dev.mnemos.server.tenancy.NodeNamespaces;
import dev.mnemos.server.tenancy.ReadScopes;
import dev.mnemos.watcher.WatcherMetrics;
import dev.mnemos.watcher.WatcherSettings;
import io.grpc.ManagedChannel;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.prometheus.metrics.exporter.httpserver.MetricsHandler;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every part of one Mnemos process: the store, the query layer and its HTTP endpoint, the gRPC
 * server and, when asked, the pod watcher, which writes through the same gRPC API on an in-process
 * channel. Started in that order and closed in reverse.
 */
final class MnemosServices implements AutoCloseable {

  private final Deque<AutoCloseable> started = new ArrayDeque<>();
  private MetadataStore store;
  private MnemosGrpcServer grpc;
  private QueryLayer queries;
  private MlflowTracking mlflow;
  private QueryHttpServer http;
  private ServerHealth health;
  private String databaseUrl;
  private ReadScopes readScopes = ReadScopes.EVERYTHING;

  /**
   * Everything /metrics shows: gRPC calls, the database, the JVM and, when it runs, the watcher.
   */
  private final PrometheusRegistry metrics = new PrometheusRegistry();

  private static final Logger log = LoggerFactory.getLogger(MnemosServices.class);
  private static final Duration HEALTH_INTERVAL = Duration.ofSeconds(2);
  private static final Duration RETRY_WAIT = Duration.ofSeconds(1);

  /** How soon namespaces other replicas wrote become readable here. */
  private static final Duration KNOWN_NAMESPACES_REFRESH = Duration.ofSeconds(10);

  // The services are set by start(), which closes what it began if a later one fails.
  @SuppressWarnings("NullAway.Init")
  private MnemosServices() {}

  static MnemosServices start(
      DatabaseSettings database,
      Path searchIndex,
      QuerySettings query,
      Endpoints endpoints,
      Optional<WatcherSettings> watch,
      int connectionRetries)
      throws StartupFailure {
    return start(
        database,
        searchIndex,
        query,
        endpoints,
        watch,
        connectionRetries,
        LifecycleOptions.Settings.NONE);
  }

  /** The same, deleting runs as {@code lifecycle} says (protection, a retention policy). */
  static MnemosServices start(
      DatabaseSettings database,
      Path searchIndex,
      QuerySettings query,
      Endpoints endpoints,
      Optional<WatcherSettings> watch,
      int connectionRetries,
      LifecycleOptions.Settings lifecycle)
      throws StartupFailure {
    MnemosServices services = new MnemosServices();
    // Closed last: the certificates' reloading and the client that checks tokens.
    services.started.push(endpoints.access());
    endpoints.grpc().tls().ifPresent(services.started::push);
    endpoints
        .http()
        .tls()
        .filter(t -> endpoints.grpc().tls().orElse(null) != t)
        .ifPresent(services.started::push);
    try {
      services.open(
          database,
          searchIndex,
          query,
          endpoints.http(),
          endpoints.access(),
          watch,
          connectionRetries,
          lifecycle.protection());
      services.listen(endpoints.grpc(), endpoints.access());
      lifecycle.retention().ifPresent(services::retain);
      services.health.started();
      return services;
    } catch (StartupFailure e) {
      services.close();
      throw e;
    }
  }

  private void open(
      DatabaseSettings database,
      Path searchIndex,
      QuerySettings query,
      HttpListener httpListener,
      Access access,
      Optional<WatcherSettings> watch,
      int connectionRetries,
      RunLifecycle.Protection protection)
      throws StartupFailure {
    try {
      databaseUrl = database.redactedUrl();
      store = openStore(database, connectionRetries);
      started.push(store);
      keepNamespaces(access);
      DatabaseMetrics.register(metrics, store.database());
      JvmMetrics.builder().register(metrics);
      mlflow = MlflowTracking.attach(store, httpListener.mlflowArtifactRoot());
      queries =
          QueryLayer.attach(
              store, mlflow.store(), searchIndex, query, metrics, readScopes, protection);
      started.push(queries);
      health =
          new ServerHealth(
              Map.of("database", store.database()::problem, "search", queries::problem),
              HEALTH_INTERVAL);
      started.push(health);
    } catch (StoreException e) {
      throw new StartupFailure(e.code() + ": " + e.getMessage(), e);
    }
    try {
      http =
          queries.serve(
              httpListener.port(),
              new HttpSecurity(
                  httpListener.https(),
                  access.authenticator(),
                  access.gatewayUserHeader(),
                  httpListener.allowedOrigins()));
      http.reportReadiness(health);
      http.mount("/metrics", new MetricsHandler(metrics));
      http.mount(
          MlflowTracking.PATH,
          access.authenticator().enabled()
              // Its reads are not kept to the caller's namespaces yet, so it is not served then.
              ? MlflowTracking.refusing(
                  "MLflow's tracking API is not served with --auth yet: its reads are not kept to"
                      + " the caller's namespaces (docs/mlflow.md).")
              : mlflow.handler());
      started.push(http);
    } catch (IOException e) {
      throw new StartupFailure(
          "cannot listen on port " + httpListener.port() + ": " + e.getMessage(), e);
    }
    if (watch.isPresent()) {
      startWatcher(store, watch.get());
    }
  }

  /** Applies the retention policy from now on, one replica at a time. */
  private void retain(Retention.Policy policy) {
    Retention retention =
        new Retention(
            queries.services().lifecycle(),
            new NamedLock(store.database(), "retention"),
            policy,
            Clock.systemUTC());
    started.push(retention.start());
    log.info("Retention: {} rule(s), a pass every {}", policy.rules().size(), policy.interval());
  }

  /**
   * With authentication on, each node's namespace is kept as it is written (and derived at start
   * where it is missing), a write must be allowed in the namespaces it touches, and reads see the
   * namespaces their caller may read; without, the table is not kept and says so, for the next
   * start with it.
   */
  private void keepNamespaces(Access access) {
    if (access.authenticator().enabled()) {
      KnownNamespaces known = new KnownNamespaces(store.database(), KNOWN_NAMESPACES_REFRESH);
      NodeNamespaces namespaces =
          new NodeNamespaces(access.namespaces(), known, access.defaultNamespace());
      store.database().addListener(namespaces);
      namespaces.backfillIfNeeded(store.database());
      readScopes = new NamespaceReadScopes(access.namespaces(), known, access.defaultNamespace());
    } else {
      NodeNamespaces.markIncomplete(store.database());
    }
  }

  /**
   * Opens the store, trying again while the database is unreachable or busy, as the reference
   * server does with {@code --metadata_store_connection_retries}: a database that starts beside
   * Mnemos (a pod in the same rollout) is then waited for instead of failing the start.
   */
  private static MetadataStore openStore(DatabaseSettings database, int retries) {
    RetryPolicy policy =
        new RetryPolicy(retries + 1, RETRY_WAIT, RETRY_WAIT.multipliedBy(8), false);
    for (int attempt = 1; ; attempt++) {
      try {
        return MetadataStore.open(database);
      } catch (StoreException e) {
        boolean passing = e.code() == ErrorCode.UNAVAILABLE || e.code() == ErrorCode.ABORTED;
        Optional<Duration> wait = passing ? policy.delayAfter(attempt) : Optional.empty();
        if (wait.isEmpty()) {
          throw e;
        }
        log.warn(
            "Cannot open the database yet ({}); attempt {} of {} in {} s",
            e.getMessage(),
            attempt + 1,
            retries + 1,
            wait.get().toSeconds());
        try {
          Thread.sleep(wait.get());
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  /**
   * gRPC last: once its port answers, which is what clients and probes wait for, all is up. The
   * same service also answers gRPC-web on the HTTP port, through an in-process server with the same
   * limits and metrics.
   */
  private void listen(GrpcListener listener, Access access) throws StartupFailure {
    GrpcLimits limits = listener.arguments().limits();
    GrpcMetrics calls = new GrpcMetrics(metrics);
    String name = "mnemos-grpc-web-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
    try {
      started.push(
          new MnemosGrpcServer(
                  InProcessServerBuilder.forName(name),
                  store,
                  limits,
                  calls,
                  CallerInterceptor.forwarded(),
                  readScopes)
              .start());
      ManagedChannel channel = InProcessChannelBuilder.forName(name).build();
      started.push(channel::shutdownNow);
      http.mount(
          "/" + MetadataStoreServiceGrpc.SERVICE_NAME + "/",
          new GrpcWebHandler(
              channel, MetadataStoreServiceGrpc.getServiceDescriptor(), limits.maxRequestBytes()));
      grpc =
          new MnemosGrpcServer(
                  listener.builder(),
                  store,
                  limits,
                  calls,
                  CallerInterceptor.authenticating(
                      access.authenticator(), access.gatewayUserHeader()),
                  readScopes,
                  List.of(new LifecycleGrpcService(queries.services().lifecycle())))
              .followHealth(health)
              .start();
      started.push(grpc);
    } catch (IOException e) {
      throw new StartupFailure(
          "cannot listen on port " + listener.port() + ": " + e.getMessage(), e);
    }
  }

  private void startWatcher(MetadataStore store, WatcherSettings settings) throws StartupFailure {
    String name = "mnemos-watcher-" + ProcessHandle.current().pid();
    try {
      started.push(
          new MnemosGrpcServer(
                  InProcessServerBuilder.forName(name),
                  store,
                  GrpcLimits.KFP,
                  new GrpcMetrics(new PrometheusRegistry()),
                  CallerInterceptor.fixed(Caller.INTERNAL),
                  ReadScopes.EVERYTHING)
              .start());
    } catch (IOException e) {
      throw new StartupFailure("cannot start the in-process gRPC server: " + e.getMessage(), e);
    }
    ManagedChannel channel = InProcessChannelBuilder.forName(name).build();
    started.push(channel::shutdownNow);
    try {
      started.push(ClusterWatch.start(settings, channel, new WatcherMetrics(metrics)));
    } catch (RuntimeException e) {
      throw new StartupFailure("cannot watch the cluster: " + e.getMessage(), e);
    }
  }

  /** The database's URL, without its password. */
  String databaseUrl() {
    return databaseUrl;
  }

  int grpcPort() {
    return grpc.port();
  }

  int httpPort() {
    return http.port();
  }

  void awaitTermination() throws InterruptedException {
    grpc.awaitTermination();
  }

  /**
   * Not ready first, so that load balancers stop sending calls; then gRPC stops taking new calls
   * and lets those in flight finish (up to its grace period), and the rest closes in reverse order
   * of starting.
   */
  @Override
  public void close() {
    if (health != null) {
      health.drain();
    }
    while (!started.isEmpty()) {
      try {
        started.pop().close();
      } catch (Exception e) {
        if (e instanceof InterruptedException) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }
}
