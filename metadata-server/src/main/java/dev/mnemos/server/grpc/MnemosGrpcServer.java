package dev.mnemos.server.grpc;

import dev.mnemos.proto.mlmd.MetadataStoreServiceGrpc;
import dev.mnemos.server.auth.Caller;
import dev.mnemos.server.health.ServerHealth;
import dev.mnemos.server.store.MetadataStore;
import dev.mnemos.server.tenancy.ReadScopes;
import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.ServerInterceptors;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The gRPC face of a {@link MetadataStore}: the MLMD service plus gRPC health and reflection (so
 * grpcurl and probes work). Built on any {@link ServerBuilder}, so tests run it in-process.
 */
public final class MnemosGrpcServer implements AutoCloseable {

  private final Server server;
  private final HealthStatusManager health = new HealthStatusManager();

  /**
   * A server with KFP's message sizes ({@link GrpcLimits#KFP}), metrics in a registry of its own,
   * every call open (authentication off).
   */
  public MnemosGrpcServer(ServerBuilder<?> builder, MetadataStore store) {
    this(
        builder,
        store,
        GrpcLimits.KFP,
        new GrpcMetrics(new PrometheusRegistry()),
        CallerInterceptor.fixed(Caller.OPEN),
        ReadScopes.EVERYTHING);
  }

  /**
   * @param metrics counts and times each call of the MLMD service, with the status the client sees
   * @param callers establishes each call's caller, or refuses the call
   * @param scopes what each caller's reads see
   */
  public MnemosGrpcServer(
      ServerBuilder<?> builder,
      MetadataStore store,
      GrpcLimits limits,
      GrpcMetrics metrics,
      CallerInterceptor callers,
      ReadScopes scopes) {
    this(builder, store, limits, metrics, callers, scopes, List.of());
  }

  /**
   * @param more services served beside MLMD's (Mnemos' own admin API), behind the same checks:
   *     caller, request and answer limits, metrics
   */
  public MnemosGrpcServer(
      ServerBuilder<?> builder,
      MetadataStore store,
      GrpcLimits limits,
      GrpcMetrics metrics,
      CallerInterceptor callers,
      ReadScopes scopes,
      List<BindableService> more) {
    List<BindableService> services = new ArrayList<>();
    services.add(new MetadataStoreGrpcService(store, scopes));
    services.addAll(more);
    for (BindableService service : services) {
      builder.addService(
          ServerInterceptors.intercept(
              StrictRequests.of(service.bindService()),
              new AnswerSizeLimit(limits.maxAnswerBytes()),
              // Before the checks of the request: who calls is settled first.
              callers,
              // Last, so it runs first and counts the status the others settle on.
              metrics));
    }
    this.server =
        builder
            .addService(health.getHealthService())
            .addService(ProtoReflectionServiceV1.newInstance())
            .maxInboundMessageSize(limits.maxRequestBytes())
            .build();
  }

  /**
   * From now on gRPC health says what {@code health} says: NOT_SERVING until it is ready, and
   * whenever it is not. Without this call the server reports SERVING once started.
   */
  public MnemosGrpcServer followHealth(ServerHealth health) {
    health.onChange(
        report -> {
          ServingStatus status = report.ready() ? ServingStatus.SERVING : ServingStatus.NOT_SERVING;
          this.health.setStatus(HealthStatusManager.SERVICE_NAME_ALL_SERVICES, status);
          this.health.setStatus(MetadataStoreServiceGrpc.SERVICE_NAME, status);
        });
    return this;
  }

  public MnemosGrpcServer start() throws IOException {
    server.start();
    return this;
  }

  public int port() {
    return server.getPort();
  }

  public void awaitTermination() throws InterruptedException {
    server.awaitTermination();
  }

  @Override
  public void close() throws InterruptedException {
    health.enterTerminalState();
    server.shutdown();
    if (!server.awaitTermination(10, TimeUnit.SECONDS)) {
      server.shutdownNow();
    }
  }
}
