package dev.mnemos.server.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnemos.proto.mlmd.MetadataStoreServiceGrpc;
import dev.mnemos.server.grpc.MnemosGrpcServer;
import dev.mnemos.server.store.DatabaseSettings;
import dev.mnemos.server.store.MetadataStore;
import dev.mnemos.server.testing.Await;
import dev.mnemos.server.testing.Backend;
import io.grpc.ManagedChannel;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** gRPC health follows the checks: not serving before start or while one fails, then again. */
class ServerHealthTest {

  private static final Duration PATIENCE = Duration.ofSeconds(30);

  @Test
  void grpcHealthSaysNotServingUntilStartedAndWhileACheckFails() throws Exception {
    AtomicReference<Optional<String>> disk = new AtomicReference<>(Optional.empty());
    String name = InProcessServerBuilder.generateName();
    try (Backend.FreshDatabase database = Backend.SQLITE.freshDatabase();
        MetadataStore store = MetadataStore.open(DatabaseSettings.of(database.jdbcUrl()));
        ServerHealth health =
            new ServerHealth(
                Map.of("database", store.database()::problem, "disk", disk::get),
                Duration.ofMillis(20))) {
      MnemosGrpcServer server =
          new MnemosGrpcServer(InProcessServerBuilder.forName(name), store)
              .followHealth(health)
              .start();
      ManagedChannel channel = InProcessChannelBuilder.forName(name).build();
      try {
        assertThat(status(channel, "")).isEqualTo(ServingStatus.NOT_SERVING);
        assertThat(health.report().ready()).isFalse();

        health.started();
        Await.until("SERVING", PATIENCE, () -> status(channel, "") == ServingStatus.SERVING);
        assertThat(status(channel, MetadataStoreServiceGrpc.SERVICE_NAME))
            .isEqualTo(ServingStatus.SERVING);

        disk.set(Optional.of("the disk is read-only"));
        Await.until(
            "NOT_SERVING", PATIENCE, () -> status(channel, "") == ServingStatus.NOT_SERVING);
        assertThat(status(channel, MetadataStoreServiceGrpc.SERVICE_NAME))
            .isEqualTo(ServingStatus.NOT_SERVING);
        assertThat(health.report().problems()).containsEntry("disk", "the disk is read-only");

        disk.set(Optional.empty());
        Await.until("SERVING", PATIENCE, () -> status(channel, "") == ServingStatus.SERVING);
        assertThat(health.report().problems()).isEmpty();
      } finally {
        channel.shutdownNow();
        server.close();
      }
    }
  }

  @Test
  void aDrainingServerIsNotReadyAtOnce() throws Exception {
    // A long interval: only drain() itself can report it in time.
    try (ServerHealth health = new ServerHealth(Map.of(), Duration.ofHours(1))) {
      AtomicReference<ServerHealth.Report> heard = new AtomicReference<>();
      health.onChange(heard::set);
      health.started();
      Await.until("ready", PATIENCE, () -> health.report().ready());

      health.drain();

      assertThat(health.report().ready()).isFalse();
      assertThat(health.report().problems()).containsEntry("server", "shutting down");
      assertThat(heard.get().ready()).as("listeners heard it").isFalse();
    }
  }

  @Test
  void aCheckThatThrowsCountsAsAProblem() throws Exception {
    try (ServerHealth health =
        new ServerHealth(
            Map.of(
                "broken",
                () -> {
                  throw new IllegalStateException("boom");
                }),
            Duration.ofMillis(20))) {
      health.started();
      Await.until("the first checks", PATIENCE, () -> health.report().started());
      assertThat(health.report().ready()).isFalse();
      assertThat(health.report().problems().get("broken")).contains("boom");
    }
  }

  private static ServingStatus status(ManagedChannel channel, String service) {
    return HealthGrpc.newBlockingStub(channel)
        .check(HealthCheckRequest.newBuilder().setService(service).build())
        .getStatus();
  }
}
