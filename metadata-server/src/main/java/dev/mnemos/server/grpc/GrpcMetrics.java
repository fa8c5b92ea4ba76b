package dev.mnemos.server.grpc;

import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * Every call's method, status and time, under the names operators' gRPC dashboards already use
 * (go-grpc-prometheus' {@code grpc_server_handled_total} and {@code grpc_server_handling_seconds}).
 */
public final class GrpcMetrics implements ServerInterceptor {

  private final Counter handled;
  private final Histogram handling;

  /** Registers the metrics in {@code registry}; one instance may serve several servers. */
  public GrpcMetrics(PrometheusRegistry registry) {
    handled =
        Counter.builder()
            .name("grpc_server_handled_total")
            .help("gRPC calls completed, by service, method and status code.")
            .labelNames("grpc_service", "grpc_method", "grpc_code")
            .register(registry);
    handling =
        Histogram.builder()
            .name("grpc_server_handling_seconds")
            .help("Time from a call's start to its status, by service and method.")
            .labelNames("grpc_service", "grpc_method")
            .classicUpperBounds(
                0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30)
            .register(registry);
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    MethodDescriptor<Q, R> method = call.getMethodDescriptor();
    String service = MethodDescriptor.extractFullServiceName(method.getFullMethodName());
    String name = method.getBareMethodName();
    long started = System.nanoTime();
    return next.startCall(
        new SimpleForwardingServerCall<>(call) {
          @Override
          public void close(Status status, Metadata trailers) {
            handled.labelValues(service, name, status.getCode().name()).inc();
            handling.labelValues(service, name).observe((System.nanoTime() - started) / 1e9);
            super.close(status, trailers);
          }
        },
        headers);
  }
}
