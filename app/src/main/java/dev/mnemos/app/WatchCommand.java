package dev.mnemos.app;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
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

  @Mixin LogFormat logFormat;

  @Override
  public Integer call() throws Exception {
    logFormat.apply();
    StandaloneWatch watch;
    try {
      watch = StandaloneWatch.start(store, httpPort, watchOptions.settings());
    } catch (StartupFailure e) {
      System.err.println("mnemos: " + e.getMessage());
      return 1;
    }
    log.info("Recording pipeline pods into {}; metrics on port {}", store, watch.httpPort());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  watch.close();
                  stopped.countDown();
                },
                "mnemos-shutdown"));
    stopped.await();
    return 0;
  }
}
