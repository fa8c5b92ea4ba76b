package dev.mnemos.app;

import com.sun.net.httpserver.HttpServer;
import dev.mnemos.server.grpc.MnemosGrpcServer;
import dev.mnemos.watcher.WatcherMetrics;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The pod watcher as a process of its own, writing to a metadata store (Mnemos or the reference
 * MLMD server) through its gRPC API.
 */
@Command(
    name = "watch",
    mixinStandardHelpOptions = true,
    description = "Record the pipeline steps that run as pods into a metadata store.")
final class WatchCommand implements Callable<Integer> {

  private static final Logger log = LoggerFactory.getLogger(WatchCommand.class);

  @Option(
      names = "--store",
      required = true,
      description = "host:port of the metadata store's gRPC API (e.g. metadata-grpc-service:8080).")
  String store;

  @Option(
      names = "--http_port",
      defaultValue = "8082",
      description = "HTTP port of /metrics and /healthz (default ${DEFAULT-VALUE}).")
  int httpPort;

  @Mixin WatchOptions watchOptions;

  @Override
  public Integer call() throws Exception {
    ManagedChannel channel =
        NettyChannelBuilder.forTarget(store)
            .usePlaintext()
            .maxInboundMessageSize(MnemosGrpcServer.MAX_MESSAGE_BYTES)
            .build();
    WatcherMetrics metrics = WatcherMetrics.inOwnRegistry();
    HttpServer http;
    try {
      http = HttpServer.create(new InetSocketAddress(httpPort), 0);
    } catch (IOException e) {
      channel.shutdownNow();
      System.err.println("mnemos: cannot listen on port " + httpPort + ": " + e.getMessage());
      return 1;
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
    ClusterWatch watch;
    try {
      watch = ClusterWatch.start(watchOptions.settings(), channel, metrics);
    } catch (RuntimeException e) {
      http.stop(0);
      channel.shutdownNow();
      System.err.println("mnemos: cannot watch the cluster: " + e.getMessage());
      return 1;
    }
    log.info("Recording pipeline pods into {}; metrics on port {}", store, httpPort);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  watch.close();
                  http.stop(0);
                  channel.shutdownNow();
                  stopped.countDown();
                },
                "mnemos-shutdown"));
    stopped.await();
    return 0;
  }
}
