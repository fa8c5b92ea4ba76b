package dev.mnemos.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.mnemos.proto.mlmd.Event;
import dev.mnemos.proto.mlmd.Execution;
import dev.mnemos.proto.mlmd.GetArtifactsByURIRequest;
import dev.mnemos.proto.mlmd.GetContextsByExecutionRequest;
import dev.mnemos.proto.mlmd.GetEventsByArtifactIDsRequest;
import dev.mnemos.proto.mlmd.GetExecutionsRequest;
import dev.mnemos.proto.mlmd.MetadataStoreServiceGrpc;
import dev.mnemos.query.config.QuerySettings;
import dev.mnemos.server.store.DatabaseSettings;
import dev.mnemos.server.testing.Backend;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * {@code ./mnemos demo} records the realistic store into a running server, once: the shape the
 * browser suites and the README rely on (92 runs, a dataset read by 62 of them, about 190 cached
 * steps, failures, running runs, searches of 28 and 44 steps, two losses per classifier run).
 */
class DemoStoreTest {

  @Test
  void theDemoCommandRecordsTheRealisticStoreOnce() throws Exception {
    try (Backend.FreshDatabase database = Backend.SQLITE.freshDatabase();
        MnemosServices services =
            MnemosServices.start(
                DatabaseSettings.of(database.jdbcUrl()),
                Files.createTempDirectory("mnemos-demo").resolve("search-index"),
                QuerySettings.defaults(),
                Endpoints.local(),
                Optional.empty(),
                0)) {
      String store = "localhost:" + services.grpcPort();

      CommandRun.Outcome first = CommandRun.run("demo", "--store", store);
      assertThat(first.exitCode()).as(first.err()).isZero();
      assertThat(first.err())
          .contains("Recording the demo store: 92 of 92 runs")
          .contains(
              "Recorded 92 runs of churn-training, fraud-detection, forecast-demand,"
                  + " churn-hpo");
      CommandRun.Outcome again = CommandRun.run("demo", "--store", store);
      assertThat(again.exitCode()).isEqualTo(1);
      assertThat(again.err()).contains("already holds a pipeline named churn-training");

      ManagedChannel channel = NettyChannelBuilder.forTarget(store).usePlaintext().build();
      try {
        var api = MetadataStoreServiceGrpc.newBlockingStub(channel);
        var executions = api.getExecutions(GetExecutionsRequest.getDefaultInstance());
        assertThat(
                executions.getExecutionsList().stream()
                    .filter(e -> e.getLastKnownState() == Execution.State.CACHED)
                    .count())
            .as("cached steps")
            .isBetween(180L, 200L);
        long census = censusDataset(api);
        Set<Long> readers = new TreeSet<>();
        api
            .getEventsByArtifactIDs(
                GetEventsByArtifactIDsRequest.newBuilder().addArtifactIds(census).build())
            .getEventsList()
            .stream()
            .filter(event -> event.getType() == Event.Type.INPUT)
            .forEach(
                event ->
                    api
                        .getContextsByExecution(
                            GetContextsByExecutionRequest.newBuilder()
                                .setExecutionId(event.getExecutionId())
                                .build())
                        .getContextsList()
                        .stream()
                        .filter(
                            context -> context.getCustomPropertiesMap().containsKey("namespace"))
                        .forEach(context -> readers.add(context.getId())));
        assertThat(readers).as("runs that read the census dataset").hasSize(62);
      } finally {
        channel.shutdownNow();
      }

      String page = "http://localhost:" + services.httpPort() + "/";
      assertThat(
              graphql(page, "{ runs { totalCount } }")
                  .getAsJsonObject("runs")
                  .get("totalCount")
                  .getAsInt())
          .isEqualTo(92);
      assertThat(runCount(page, "FAILED")).isEqualTo(3);
      assertThat(runCount(page, "RUNNING")).isEqualTo(2);
      var searches =
          graphql(
                  page,
                  "{ runs(input: {pipeline: \"churn-hpo\", orderBy: {field: NAME}}) { nodes {"
                      + " executionCount } } }")
              .getAsJsonObject("runs")
              .getAsJsonArray("nodes");
      Set<Integer> sizes = new TreeSet<>();
      searches.forEach(run -> sizes.add(run.getAsJsonObject().get("executionCount").getAsInt()));
      assertThat(sizes).as("the root DAG and 28 or 44 steps").containsExactly(29, 45);
      assertThat(
              graphql(page, "{ metricNames(input: {pipeline: \"churn-training\"}) }")
                  .getAsJsonArray("metricNames")
                  .toString())
          .contains("\"evaluate.loss\"", "\"train.loss\"", "\"accuracy\"");
    }
  }

  private static long censusDataset(MetadataStoreServiceGrpc.MetadataStoreServiceBlockingStub api) {
    return api.getArtifactsByURI(
            GetArtifactsByURIRequest.newBuilder()
                .addUris("s3://datasets/census/2026-10/census.parquet")
                .build())
        .getArtifacts(0)
        .getId();
  }

  private static int runCount(String page, String state) throws Exception {
    return graphql(page, "{ runs(input: {states: [" + state + "]}) { totalCount } }")
        .getAsJsonObject("runs")
        .get("totalCount")
        .getAsInt();
  }

  private static JsonObject graphql(String page, String query) throws Exception {
    JsonObject body = new JsonObject();
    body.addProperty("query", query);
    String answer =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(page + "graphql"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    JsonObject response = JsonParser.parseString(answer).getAsJsonObject();
    assertThat(response.has("errors")).as(answer).isFalse();
    return response.getAsJsonObject("data");
  }
}
