package dev.mnemos.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mnemos.proto.mlmd.ArtifactType;
import dev.mnemos.proto.mlmd.GetArtifactsRequest;
import dev.mnemos.proto.mlmd.ListOperationOptions;
import dev.mnemos.proto.mlmd.MetadataStoreServiceGrpc;
import dev.mnemos.proto.mlmd.PutArtifactTypeRequest;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * /metrics on the HTTP port shows the whole server: gRPC calls, GraphQL requests, the database, the
 * search index, the JVM.
 */
class ServerMetricsTest {

  @Test
  void grpcCallsByMethodAndStatusThePoolsAndTheJvm(@TempDir Path data) throws Exception {
    try (MnemosServices services = LocalServices.onSqlite(data)) {
      ManagedChannel channel =
          NettyChannelBuilder.forAddress("localhost", services.grpcPort()).usePlaintext().build();
      try {
        var api = MetadataStoreServiceGrpc.newBlockingStub(channel);
        for (int i = 0; i < 2; i++) {
          api.putArtifactType(
              PutArtifactTypeRequest.newBuilder()
                  .setArtifactType(ArtifactType.newBuilder().setName("Dataset"))
                  .build());
        }
        catchThrowableOfType(
            StatusRuntimeException.class,
            () ->
                api.getArtifacts(
                    GetArtifactsRequest.newBuilder()
                        .setOptions(ListOperationOptions.newBuilder().setFilterQuery("uri = = 1"))
                        .build()));
      } finally {
        channel.shutdownNow();
      }

      HttpResponse<String> graphql =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create("http://localhost:" + services.httpPort() + "/graphql"))
                      .header("Content-Type", "application/json")
                      .POST(
                          HttpRequest.BodyPublishers.ofString(
                              "{\"query\":\"query Runs { runs { totalCount } }\","
                                  + "\"operationName\":\"Runs\"}"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(graphql.statusCode()).as(graphql.body()).isEqualTo(200);

      HttpResponse<String> scrape =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create("http://localhost:" + services.httpPort() + "/metrics"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());

      assertThat(scrape.statusCode()).isEqualTo(200);
      assertThat(scrape.body())
          .contains(
              "grpc_server_handled_total{grpc_code=\"OK\",grpc_method=\"PutArtifactType\","
                  + "grpc_service=\"ml_metadata.MetadataStoreService\"} 2.0")
          .contains(
              "grpc_server_handled_total{grpc_code=\"INVALID_ARGUMENT\","
                  + "grpc_method=\"GetArtifacts\",grpc_service=\"ml_metadata.MetadataStoreService\"}"
                  + " 1.0")
          .contains(
              "grpc_server_handling_seconds_count{grpc_method=\"PutArtifactType\","
                  + "grpc_service=\"ml_metadata.MetadataStoreService\"} 2")
          .contains("mnemos_db_pool_connections{pool=\"mnemos-write\",state=\"idle\"}")
          .contains("mnemos_db_pool_waiting_threads{pool=\"mnemos-read\"} 0.0")
          .contains("mnemos_db_write_retries_total 0.0")
          .contains("mnemos_db_statements_total ")
          .contains("jvm_memory_used_bytes{area=\"heap\"}")
          .contains("mnemos_graphql_requests_total{operation=\"Runs\",outcome=\"ok\"} 1.0")
          .contains("mnemos_graphql_request_seconds_count{operation=\"Runs\"} 1")
          .contains("mnemos_search_lag_seconds ")
          .contains("mnemos_search_healthy 1.0");
    }
  }
}
