package dev.mnemos.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mnemos.proto.mlmd.ArtifactType;
import dev.mnemos.proto.mlmd.MetadataStoreServiceGrpc;
import dev.mnemos.proto.mlmd.MetadataStoreServiceGrpc.MetadataStoreServiceBlockingStub;
import dev.mnemos.proto.mlmd.PutArtifactTypeRequest;
import dev.mnemos.server.grpc.MnemosGrpcServer;
import dev.mnemos.server.testing.Backend;
import dev.mnemos.server.testing.TcpProxy;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The database goes away under a running store and comes back: meanwhile calls answer UNAVAILABLE
 * (which clients retry) and the health check says why; afterwards the store serves again by itself.
 * MariaDB and PostgreSQL through a proxy the test cuts (SQLite has no server to lose).
 */
class DatabaseOutageTest {

  @ParameterizedTest(allowZeroInvocations = true)
  @MethodSource("dev.mnemos.server.testing.StoreBackends#servers")
  void callsAnswerUnavailableDuringAnOutageAndTheStoreHealsAfterIt(Backend backend)
      throws Exception {
    try (Backend.FreshDatabase database = backend.freshDatabase()) {
      URI direct = URI.create(database.jdbcUrl().substring("jdbc:".length()));
      try (TcpProxy proxy = TcpProxy.to(direct.getHost(), direct.getPort())) {
        String proxied =
            database.jdbcUrl().replace(":" + direct.getPort() + "/", ":" + proxy.port() + "/");
        String name = InProcessServerBuilder.generateName();
        try (MetadataStore store = MetadataStore.open(DatabaseSettings.of(proxied))) {
          MnemosGrpcServer server =
              new MnemosGrpcServer(InProcessServerBuilder.forName(name), store).start();
          ManagedChannel channel = InProcessChannelBuilder.forName(name).build();
          try {
            MetadataStoreServiceBlockingStub api =
                MetadataStoreServiceGrpc.newBlockingStub(channel);
            putType(api, "Before");
            assertThat(store.database().problem()).isEmpty();

            proxy.cut();
            StatusRuntimeException during =
                catchThrowableOfType(StatusRuntimeException.class, () -> putType(api, "During"));
            assertThat(during.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
            assertThat(during.getStatus().getDescription()).doesNotContain("metapw");
            assertThat(store.database().problem()).isPresent();

            proxy.restore();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (true) {
              try {
                putType(api, "After");
                break;
              } catch (StatusRuntimeException e) {
                assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
                assertThat(System.nanoTime()).as("served again within 60 s").isLessThan(deadline);
              }
            }
            assertThat(store.database().problem()).isEmpty();
          } finally {
            channel.shutdownNow();
            server.close();
          }
        }
      }
    }
  }

  private static void putType(MetadataStoreServiceBlockingStub api, String name) {
    api.putArtifactType(
        PutArtifactTypeRequest.newBuilder()
            .setArtifactType(ArtifactType.newBuilder().setName(name))
            .build());
  }
}
