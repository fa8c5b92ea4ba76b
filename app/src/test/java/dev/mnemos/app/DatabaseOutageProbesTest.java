package dev.mnemos.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mnemos.query.config.QuerySettings;
import dev.mnemos.server.store.DatabaseSettings;
import dev.mnemos.server.testing.Await;
import dev.mnemos.server.testing.Backend;
import dev.mnemos.server.testing.StoreBackends;
import dev.mnemos.server.testing.TcpProxy;
import io.grpc.ManagedChannel;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole server while its MariaDB goes away and comes back (cut and restored by a proxy, which
 * is what a stopped database looks like from Mnemos): /readyz answers 503 naming the database and
 * gRPC health NOT_SERVING, /healthz stays alive (the kubelet must not restart a server that only
 * waits for its database), and both recover by themselves, with no restart.
 */
class DatabaseOutageProbesTest {

  private static final Duration PATIENCE = Duration.ofSeconds(60);
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @Test
  void probesFollowTheDatabaseDownAndBackUp(@TempDir Path data) throws Exception {
    assumeTrue(
        StoreBackends.backends().contains(Backend.MYSQL), "needs MariaDB (always there in CI)");
    try (Backend.FreshDatabase database = Backend.MYSQL.freshDatabase()) {
      URI direct = URI.create(database.jdbcUrl().substring("jdbc:".length()));
      try (TcpProxy proxy = TcpProxy.to(direct.getHost(), direct.getPort());
          MnemosServices services =
              MnemosServices.start(
                  DatabaseSettings.of(
                      database
                          .jdbcUrl()
                          .replace(":" + direct.getPort() + "/", ":" + proxy.port() + "/")),
                  data.resolve("search-index"),
                  QuerySettings.defaults(),
                  Endpoints.local(),
                  Optional.empty(),
                  0)) {
        String base = "http://127.0.0.1:" + services.httpPort();
        ManagedChannel channel =
            NettyChannelBuilder.forAddress("127.0.0.1", services.grpcPort()).usePlaintext().build();
        try {
          HealthGrpc.HealthBlockingStub health = HealthGrpc.newBlockingStub(channel);
          Await.until("ready", PATIENCE, () -> status(base + "/readyz") == 200);
          assertThat(grpcStatus(health)).isEqualTo(ServingStatus.SERVING);

          proxy.cut();
          Await.until("not ready", PATIENCE, () -> status(base + "/readyz") == 503);
          assertThat(body(base + "/readyz")).contains("database");
          Await.until(
              "NOT_SERVING", PATIENCE, () -> grpcStatus(health) == ServingStatus.NOT_SERVING);
          assertThat(status(base + "/healthz")).isEqualTo(200);

          proxy.restore();
          Await.until("ready again", PATIENCE, () -> status(base + "/readyz") == 200);
          Await.until("SERVING again", PATIENCE, () -> grpcStatus(health) == ServingStatus.SERVING);
        } finally {
          channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
      }
    }
  }

  private static ServingStatus grpcStatus(HealthGrpc.HealthBlockingStub health) {
    return health
        .withDeadlineAfter(5, TimeUnit.SECONDS)
        .check(HealthCheckRequest.getDefaultInstance())
        .getStatus();
  }

  private static HttpResponse<String> get(String url) {
    try {
      return HTTP.send(
          HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static int status(String url) {
    return get(url).statusCode();
  }

  private static String body(String url) {
    return get(url).body();
  }
}
