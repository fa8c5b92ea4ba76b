package dev.mnemos.benchmarks;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.mnemos.client.MnemosClient;
import dev.mnemos.proto.mlmd.GetArtifactsByURIRequest;
import dev.mnemos.proto.mlmd.GetArtifactsRequest;
import dev.mnemos.proto.mlmd.GetContextByTypeAndNameRequest;
import dev.mnemos.proto.mlmd.GetLineageSubgraphRequest;
import dev.mnemos.proto.mlmd.LineageSubgraphQueryOptions;
import dev.mnemos.proto.mlmd.ListOperationOptions;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntSupplier;

/**
 * The Java client's column of side_by_side.py. Prints one JSON line.
 *
 * <pre>
 * ingest TARGET WORKLOAD CLIENTS   {"rate": put_execution per second}
 * reads TARGET PIPELINE EXPERIMENT URI REPEATS WARMUP_SECONDS BUDGET_SECONDS
 *                                  {"reads": [{"seconds": median, "size": nodes}, ...]}
 * </pre>
 *
 * The reads are side_by_side.py's, in its order, each repeated REPEATS times or until
 * BUDGET_SECONDS have been spent on it, whichever comes first, but at least three times.
 */
public final class ClientDriver {

  private ClientDriver() {}

  public static void main(String[] args) throws Exception {
    JsonObject result =
        switch (args[0]) {
          case "ingest" ->
              ingest(args[1], Workload.read(Path.of(args[2])), Integer.parseInt(args[3]));
          case "reads" ->
              reads(
                  args[1],
                  args[2],
                  args[3],
                  args[4],
                  Integer.parseInt(args[5]),
                  Double.parseDouble(args[6]),
                  Double.parseDouble(args[7]));
          default -> throw new IllegalArgumentException("ingest or reads, not " + args[0]);
        };
    System.out.println(result);
  }

  private static JsonObject ingest(String target, Workload workload, int clients) throws Exception {
    try (MnemosClient client = MnemosClient.connect(target)) {
      ClientReplay replay = new ClientReplay(client, workload.pipeline());
      replay.setUp();
      replay.replay(workload.warmup());
      long started = System.nanoTime();
      int puts;
      if (clients == 1) {
        puts = replay.replay(workload.runs());
      } else {
        try (ExecutorService threads = Executors.newFixedThreadPool(clients)) {
          List<Future<Integer>> done = new ArrayList<>();
          for (int i = 0; i < clients; i++) {
            List<Workload.Run> slice = new ArrayList<>();
            for (int r = i; r < workload.runs().size(); r += clients) {
              slice.add(workload.runs().get(r));
            }
            done.add(threads.submit(() -> replay.replay(slice)));
          }
          puts = 0;
          for (Future<Integer> future : done) {
            puts += future.get();
          }
        }
      }
      double seconds = (System.nanoTime() - started) / 1e9;
      JsonObject result = new JsonObject();
      result.addProperty("rate", puts / seconds);
      return result;
    }
  }

  private static JsonObject reads(
      String target,
      String pipeline,
      String experiment,
      String uri,
      int repeats,
      double warmupSeconds,
      double budgetSeconds) {
    // A whole-graph lineage answer at a million nodes passes the client's default size and
    // deadline.
    ManagedChannel channel =
        NettyChannelBuilder.forTarget(target)
            .usePlaintext()
            .maxInboundMessageSize(Integer.MAX_VALUE)
            .build();
    try (MnemosClient client = MnemosClient.over(channel, Duration.ofMinutes(30), 1)) {
      long pipelineId = contextId(client, "system.Pipeline", pipeline);
      long experimentId = contextId(client, "system.Experiment", experiment);
      List<IntSupplier> questions = new ArrayList<>();
      questions.add(() -> client.artifactsByContext(experimentId, 100).size());
      questions.add(() -> client.artifactsByContext(pipelineId, 100).size());
      questions.add(
          () ->
              client
                  .api()
                  .getArtifacts(
                      GetArtifactsRequest.newBuilder()
                          .setOptions(
                              ListOperationOptions.newBuilder()
                                  .setMaxResultSize(100)
                                  .setFilterQuery(
                                      "type = 'system.Metrics' AND"
                                          + " custom_properties.accuracy.double_value > 0.9"))
                          .build())
                  .getArtifactsCount());
      questions.add(
          () ->
              client
                  .api()
                  .getArtifactsByURI(GetArtifactsByURIRequest.newBuilder().addUris(uri).build())
                  .getArtifactsCount());
      for (int hops : new int[] {2, 5, 20}) {
        LineageSubgraphQueryOptions.Builder options =
            LineageSubgraphQueryOptions.newBuilder().setMaxNumHops(hops);
        options.getStartingArtifactsBuilder().setFilterQuery("uri = '" + uri + "'");
        GetLineageSubgraphRequest request =
            GetLineageSubgraphRequest.newBuilder().setLineageSubgraphQueryOptions(options).build();
        questions.add(
            () -> {
              var graph = client.api().getLineageSubgraph(request).getLineageSubgraph();
              return graph.getArtifactsCount() + graph.getExecutionsCount();
            });
      }
      JsonArray answers = new JsonArray();
      for (IntSupplier question : questions) {
        int size = question.getAsInt();
        long warmUntil = System.nanoTime() + (long) (warmupSeconds * 1e9);
        while (System.nanoTime() < warmUntil) {
          int unused = question.getAsInt(); // warming up: only the time counts
        }
        List<Double> times = new ArrayList<>();
        long budgetEnds = System.nanoTime() + (long) (budgetSeconds * 1e9);
        while (times.size() < repeats && (times.size() < 3 || System.nanoTime() < budgetEnds)) {
          long started = System.nanoTime();
          int unused =
              question.getAsInt(); // the answer was checked above, the time is measured here
          times.add((System.nanoTime() - started) / 1e9);
        }
        times.sort(null);
        int n = times.size();
        JsonObject answer = new JsonObject();
        answer.addProperty(
            "seconds",
            n % 2 == 1 ? times.get(n / 2) : (times.get(n / 2 - 1) + times.get(n / 2)) / 2);
        answer.addProperty("size", size);
        answers.add(answer);
      }
      JsonObject result = new JsonObject();
      result.add("reads", answers);
      return result;
    } finally {
      channel.shutdownNow();
    }
  }

  private static long contextId(MnemosClient client, String type, String name) {
    return client
        .api()
        .getContextByTypeAndName(
            GetContextByTypeAndNameRequest.newBuilder()
                .setTypeName(type)
                .setContextName(name)
                .build())
        .getContext()
        .getId();
  }
}
