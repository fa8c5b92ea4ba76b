package dev.mnemos.app;

import com.sun.net.httpserver.HttpServer;
import dev.mnemos.server.grpc.GrpcLimits;
import dev.mnemos.watcher.WatcherMetrics;
import dev.mnemos.watcher.WatcherSettings;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/**
 * The pod watcher as a process of its own: a gRPC channel to the store, the watcher, and an HTTP
 * port with {@code /metrics} and {@code /healthz}.
 */
final class StandaloneWatch implements AutoCloseable {

  private final ManagedChannel channel;
  private final HttpServer http;
  private final ClusterWatch watch;

  private StandaloneWatch(ManagedChannel channel, HttpServer http, ClusterWatch watch) {
    this.channel = channel;
    this.http = http;
    this.watch = watch;
  }

  /** Starts watching; the message of a failure says what could not start, in one line. */
  static StandaloneWatch start(String store, int httpPort, WatcherSettings settings)
      throws StartupFailure {
    ManagedChannel channel =
        NettyChannelBuilder.forTarget(store)
            .usePlaintext()
            .maxInboundMessageSize(GrpcLimits.KFP.maxAnswerBytes())
            .build();
    WatcherMetrics metrics = WatcherMetrics.inOwnRegistry();
    HttpServer http;
    try {
      http = HttpServer.create(new InetSocketAddress(httpPort), 0);
    } catch (IOException e) {
      channel.shutdownNow();
      throw new StartupFailure("cannot listen on port " + httpPort + ": " + e.getMessage(), e);
    }
    http.createContext("/metrics", metrics.handler());
    http.createContext(
        "/healthz",
        exchange -> {
          byte[] ok = "ok\n".getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, ok.length);
          exchange.getResponseBody().write(ok);
          exchange.close();
        });
    http.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    http.start();
    try {
      return new StandaloneWatch(channel, http, ClusterWatch.start(settings, channel, metrics));
    } catch (RuntimeException e) {
      http.stop(0);
      channel.shutdownNow();
      throw new StartupFailure("cannot watch the cluster: " + e.getMessage(), e);
    }
  }

  int httpPort() {
    return http.getAddress().getPort();
  }

  @Override
  public void close() {
    watch.close();
    http.stop(0);
    channel.shutdownNow();
  }
}
