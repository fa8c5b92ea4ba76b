package dev.mnemos.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mnemos.proto.mlmd.Artifact;
import dev.mnemos.proto.mlmd.ArtifactType;
import dev.mnemos.proto.mlmd.Context;
import dev.mnemos.proto.mlmd.ContextType;
import dev.mnemos.proto.mlmd.Event;
import dev.mnemos.proto.mlmd.Execution;
import dev.mnemos.proto.mlmd.ExecutionType;
import dev.mnemos.proto.mlmd.GetArtifactsRequest;
import dev.mnemos.proto.mlmd.GetContextsRequest;
import dev.mnemos.proto.mlmd.GetEventsByExecutionIDsRequest;
import dev.mnemos.proto.mlmd.GetExecutionsRequest;
import dev.mnemos.proto.mlmd.MetadataStoreServiceGrpc;
import dev.mnemos.proto.mlmd.MetadataStoreServiceGrpc.MetadataStoreServiceBlockingStub;
import dev.mnemos.proto.mlmd.PutArtifactTypeRequest;
import dev.mnemos.proto.mlmd.PutContextTypeRequest;
import dev.mnemos.proto.mlmd.PutExecutionRequest;
import dev.mnemos.proto.mlmd.PutExecutionRequest.ArtifactAndEvent;
import dev.mnemos.proto.mlmd.PutExecutionTypeRequest;
import dev.mnemos.query.QuerySettings;
import dev.mnemos.server.store.DatabaseSettings;
import dev.mnemos.server.testing.Await;
import dev.mnemos.server.testing.Backend;
import dev.mnemos.server.testing.StoreBackends;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three Mnemos servers on one MariaDB database, as replicas of one Deployment: started at once (one
 * creates the schema, the others wait for it), written to concurrently, each one's answers equal to
 * the others', run summaries exact everywhere, and each one's search index catching up with the
 * others' writes. The search lag is printed (docs/deploy.md keeps the figure).
 */
class ReplicasTest {

  private static final int REPLICAS = 3;
  private static final int RUNS_PER_REPLICA = 15;

  @TempDir Path data;
  private final List<AutoCloseable> opened = new ArrayList<>();

  @Test
  void threeReplicasAnswerAlikeAndSearchConverges() throws Exception {
    assumeTrue(
        StoreBackends.backends().contains(Backend.MYSQL), "needs MariaDB (always there in CI)");
    try (Backend.FreshDatabase database = Backend.MYSQL.freshDatabase()) {
      List<CompletableFuture<MnemosServices>> starting = new ArrayList<>();
      for (int i = 0; i < REPLICAS; i++) {
        Path folder = data.resolve("replica-" + i);
        starting.add(
            CompletableFuture.supplyAsync(
                () -> {
                  try {
                    return MnemosServices.start(
                        DatabaseSettings.of(database.jdbcUrl()),
                        folder.resolve("search-index"),
                        QuerySettings.defaults(),
                        GrpcListener.plain(0),
                        0,
                        Optional.empty(),
                        0);
                  } catch (StartupFailure e) {
                    throw new CompletionException(e);
                  }
                }));
      }
      List<MnemosServices> replicas = new ArrayList<>();
      for (CompletableFuture<MnemosServices> replica : starting) {
        replicas.add(replica.get(120, TimeUnit.SECONDS));
      }
      try {
        List<MetadataStoreServiceBlockingStub> apis = replicas.stream().map(this::api).toList();
        writeConcurrently(apis);

        List<String> contents = apis.stream().map(ReplicasTest::contents).toList();
        assertThat(contents).allSatisfy(c -> assertThat(c).isEqualTo(contents.getFirst()));
        for (MnemosServices replica : replicas) {
          assertThat(graphql(replica, "{ runs { totalCount } }"))
              .as("run summaries, written in each write's transaction")
              .contains("\"totalCount\":" + REPLICAS * RUNS_PER_REPLICA);
        }

        String word = "zebra" + System.nanoTime();
        long written = System.nanoTime();
        oneRun(apis.getFirst(), "lag", 0, word);
        for (int i = 1; i < REPLICAS; i++) {
          MnemosServices replica = replicas.get(i);
          Await.until(
              "replica " + i + " to find what replica 0 wrote",
              Duration.ofSeconds(60),
              () ->
                  graphql(replica, "{ search(input: {text: \"" + word + "\"}) { totalHits } }")
                      .contains("\"totalHits\":1"));
          System.out.printf(
              "search lag, replica 0 to replica %d: %d ms%n",
              i, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - written));
        }
      } finally {
        for (AutoCloseable closeable : opened.reversed()) {
          closeable.close();
        }
        replicas.forEach(MnemosServices::close);
      }
    }
  }

  private MetadataStoreServiceBlockingStub api(MnemosServices replica) {
    ManagedChannel channel =
        NettyChannelBuilder.forAddress("localhost", replica.grpcPort()).usePlaintext().build();
    opened.add(() -> channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS));
    return MetadataStoreServiceGrpc.newBlockingStub(channel);
  }

  private static void writeConcurrently(List<MetadataStoreServiceBlockingStub> apis)
      throws Exception {
    List<CompletableFuture<Void>> writers = new ArrayList<>();
    for (int replica = 0; replica < apis.size(); replica++) {
      MetadataStoreServiceBlockingStub api = apis.get(replica);
      int index = replica;
      writers.add(
          CompletableFuture.runAsync(
              () -> {
                for (int run = 0; run < RUNS_PER_REPLICA; run++) {
                  oneRun(api, "r" + index, run, "model");
                }
              }));
    }
    for (CompletableFuture<Void> writer : writers) {
      writer.get(300, TimeUnit.SECONDS);
    }
  }

  /** A KFP-shaped run: its context, one step reading a shared dataset and writing a model. */
  private static void oneRun(
      MetadataStoreServiceBlockingStub api, String prefix, int run, String word) {
    long dataset = artifactType(api, "system.Dataset");
    long model = artifactType(api, "system.Model");
    long step =
        api.putExecutionType(
                PutExecutionTypeRequest.newBuilder()
                    .setExecutionType(
                        ExecutionType.newBuilder().setName("system.ContainerExecution"))
                    .build())
            .getTypeId();
    long runType =
        api.putContextType(
                PutContextTypeRequest.newBuilder()
                    .setContextType(ContextType.newBuilder().setName("system.PipelineRun"))
                    .build())
            .getTypeId();
    api.putExecution(
        PutExecutionRequest.newBuilder()
            .setExecution(
                Execution.newBuilder().setTypeId(step).setLastKnownState(Execution.State.COMPLETE))
            .addArtifactEventPairs(
                ArtifactAndEvent.newBuilder()
                    .setArtifact(
                        Artifact.newBuilder()
                            .setTypeId(dataset)
                            .setUri("s3://data/" + prefix + "/" + run + "/raw"))
                    .setEvent(Event.newBuilder().setType(Event.Type.INPUT)))
            .addArtifactEventPairs(
                ArtifactAndEvent.newBuilder()
                    .setArtifact(
                        Artifact.newBuilder()
                            .setTypeId(model)
                            .setUri("s3://models/" + prefix + "/" + run + "/" + word))
                    .setEvent(Event.newBuilder().setType(Event.Type.OUTPUT)))
            .addContexts(Context.newBuilder().setTypeId(runType).setName(prefix + "-run-" + run))
            .build());
  }

  private static long artifactType(MetadataStoreServiceBlockingStub api, String name) {
    return api.putArtifactType(
            PutArtifactTypeRequest.newBuilder()
                .setArtifactType(ArtifactType.newBuilder().setName(name))
                .build())
        .getTypeId();
  }

  /** Everything a replica answers, in id order, as text. */
  private static String contents(MetadataStoreServiceBlockingStub api) {
    List<Artifact> artifacts =
        api.getArtifacts(GetArtifactsRequest.getDefaultInstance()).getArtifactsList().stream()
            .sorted(Comparator.comparingLong(Artifact::getId))
            .toList();
    List<Execution> executions =
        api.getExecutions(GetExecutionsRequest.getDefaultInstance()).getExecutionsList().stream()
            .sorted(Comparator.comparingLong(Execution::getId))
            .toList();
    List<Context> contexts =
        api.getContexts(GetContextsRequest.getDefaultInstance()).getContextsList().stream()
            .sorted(Comparator.comparingLong(Context::getId))
            .toList();
    List<Event> events =
        api
            .getEventsByExecutionIDs(
                GetEventsByExecutionIDsRequest.newBuilder()
                    .addAllExecutionIds(executions.stream().map(Execution::getId).toList())
                    .build())
            .getEventsList()
            .stream()
            .sorted(
                Comparator.comparingLong(Event::getExecutionId)
                    .thenComparingLong(Event::getArtifactId))
            .toList();
    assertThat(artifacts).hasSize(2 * REPLICAS * RUNS_PER_REPLICA);
    return artifacts + "\n" + executions + "\n" + contexts + "\n" + events;
  }

  private static String graphql(MnemosServices replica, String query) {
    try {
      return HttpClient.newHttpClient()
          .send(
              HttpRequest.newBuilder(
                      URI.create("http://localhost:" + replica.httpPort() + "/graphql"))
                  .header("Content-Type", "application/json")
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          "{\"query\":\"" + query.replace("\"", "\\\"") + "\"}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString())
          .body();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
