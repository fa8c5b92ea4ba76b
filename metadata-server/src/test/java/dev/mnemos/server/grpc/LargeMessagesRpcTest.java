package dev.mnemos.server.grpc;

import static dev.mnemos.server.testing.GrpcAssertions.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mnemos.proto.mlmd.Artifact;
import dev.mnemos.proto.mlmd.GetArtifactsByIDRequest;
import dev.mnemos.proto.mlmd.GetArtifactsRequest;
import dev.mnemos.proto.mlmd.ListOperationOptions;
import dev.mnemos.proto.mlmd.MetadataStoreServiceGrpc;
import dev.mnemos.proto.mlmd.PutArtifactsRequest;
import dev.mnemos.proto.mlmd.Value;
import dev.mnemos.server.auth.Caller;
import dev.mnemos.server.tenancy.ReadScopes;
import dev.mnemos.server.testing.Backend;
import dev.mnemos.server.testing.Mlmd;
import dev.mnemos.server.testing.StoreTest;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.List;

/**
 * Large requests are stored whole, as the MLMD library stores them, in as many statements as the
 * database needs; what no statement can carry, and answers longer than one message may be, are
 * RESOURCE_EXHAUSTED with a message of our own, and the store serves on.
 */
class LargeMessagesRpcTest {

  private static Artifact.Builder withCustomProperties(long type, int count) {
    Artifact.Builder artifact = Artifact.newBuilder().setTypeId(type).setUri("s3://many");
    for (int i = 0; i < count; i++) {
      artifact.putCustomProperties("p" + i, Value.newBuilder().setIntValue(i).build());
    }
    return artifact;
  }

  @StoreTest
  void aNodeWithFiftyThousandPropertiesIsStoredWhole(Mlmd mlmd) {
    // 50,000 rows in one INSERT were 1.3 MB of SQL: SQLite refused it (SQLITE_TOOBIG, INTERNAL).
    long type = mlmd.artifactType("Wide");
    long id =
        mlmd.api()
            .putArtifacts(
                PutArtifactsRequest.newBuilder()
                    .addArtifacts(withCustomProperties(type, 50_000))
                    .build())
            .getArtifactIds(0);
    Artifact stored =
        mlmd.api()
            .getArtifactsByID(GetArtifactsByIDRequest.newBuilder().addArtifactIds(id).build())
            .getArtifacts(0);
    assertThat(stored.getCustomPropertiesCount()).isEqualTo(50_000);
    assertThat(stored.getCustomPropertiesOrThrow("p49999").getIntValue()).isEqualTo(49_999);
  }

  @StoreTest
  void aValueLargerThanAStatementMayBeIsRefusedAndNothingIsWritten(Mlmd mlmd) {
    long type = mlmd.artifactType("Big");
    String seventeenMebibytes = "x".repeat(17 << 20);
    PutArtifactsRequest request =
        PutArtifactsRequest.newBuilder()
            .addArtifacts(Artifact.newBuilder().setTypeId(type).setUri("s3://small"))
            .addArtifacts(
                Artifact.newBuilder()
                    .setTypeId(type)
                    .setUri("s3://big")
                    .putCustomProperties(
                        "report", Value.newBuilder().setStringValue(seventeenMebibytes).build()))
            .build();
    if (mlmd.backend() != Backend.MYSQL) {
      // As in the MLMD library: SQLite and PostgreSQL take values up to 1 GB.
      assertThat(mlmd.api().putArtifacts(request).getArtifactIdsCount()).isEqualTo(2);
      return;
    }
    // MariaDB's max_allowed_packet is 16 MiB by default; the driver sent it, the server dropped
    // the connection, and the call answered UNAVAILABLE, "retry", which never helps.
    Status refused =
        assertStatus(Status.Code.RESOURCE_EXHAUSTED, () -> mlmd.api().putArtifacts(request));
    assertThat(refused.getDescription())
        .startsWith("custom property 'report' of this Artifact takes 17.0 MiB;")
        .contains("max_allowed_packet");
    assertThat(mlmd.api().getArtifacts(GetArtifactsRequest.getDefaultInstance()).getArtifactsList())
        .as("the first artifact of the call rolled back with the second")
        .isEmpty();
    mlmd.api()
        .putArtifacts(
            PutArtifactsRequest.newBuilder()
                .addArtifacts(Artifact.newBuilder().setTypeId(type).setUri("s3://after"))
                .build());
    assertThat(mlmd.api().getArtifacts(GetArtifactsRequest.getDefaultInstance()).getArtifactsList())
        .extracting(Artifact::getUri)
        .containsExactly("s3://after");
  }

  @StoreTest
  void anAnswerLongerThanOneMessageMayBeIsRefusedWithAdvice(Mlmd mlmd) throws Exception {
    long type = mlmd.artifactType("Listed");
    PutArtifactsRequest.Builder many = PutArtifactsRequest.newBuilder();
    for (int i = 0; i < 1000; i++) {
      many.addArtifacts(Artifact.newBuilder().setTypeId(type).setUri("s3://bucket/" + i));
    }
    List<Long> ids = mlmd.api().putArtifacts(many.build()).getArtifactIdsList();
    String name = InProcessServerBuilder.generateName();
    try (MnemosGrpcServer small =
        new MnemosGrpcServer(
                InProcessServerBuilder.forName(name).directExecutor(),
                mlmd.store(),
                new GrpcLimits(1 << 20, 16 << 10),
                new GrpcMetrics(new PrometheusRegistry()),
                CallerInterceptor.fixed(Caller.OPEN),
                ReadScopes.EVERYTHING)
            .start()) {
      ManagedChannel channel = InProcessChannelBuilder.forName(name).directExecutor().build();
      try {
        var api = MetadataStoreServiceGrpc.newBlockingStub(channel);
        Status refused =
            assertStatus(
                Status.Code.RESOURCE_EXHAUSTED,
                () ->
                    api.getArtifactsByID(
                        GetArtifactsByIDRequest.newBuilder().addAllArtifactIds(ids).build()));
        assertThat(refused.getDescription())
            .matches("the answer takes \\d+ bytes; one answer carries at most 16384: .*");
        assertThat(
                api.getArtifacts(
                        GetArtifactsRequest.newBuilder()
                            .setOptions(ListOperationOptions.newBuilder().setMaxResultSize(100))
                            .build())
                    .getArtifactsCount())
            .as("a page fits")
            .isEqualTo(100);
      } finally {
        channel.shutdownNow();
      }
    }
  }
}
