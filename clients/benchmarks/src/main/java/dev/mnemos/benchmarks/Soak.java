package dev.mnemos.benchmarks;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.mnemos.client.MnemosClient;
import dev.mnemos.proto.mlmd.GetArtifactsRequest;
import dev.mnemos.proto.mlmd.GetExecutionsByContextRequest;
import dev.mnemos.proto.mlmd.GetLineageSubgraphRequest;
import dev.mnemos.proto.mlmd.LineageSubgraphQueryOptions;
import dev.mnemos.proto.mlmd.ListOperationOptions;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A long mixed load on a running server: writers replay KFP-shaped runs without end, readers ask
 * what KFP and its users ask about the runs written so far. Every call counts once, by its status
 * code, with no retries (an ABORTED first attempt is an ABORTED). Prints one JSON object: a line
 * per minute (calls, errors by code, p50/p99 latency of writes and reads, the server's resident
 * memory and threads) and the totals.
 *
 * <pre>
 * Soak TARGET SERVER_PID WORKLOAD SECONDS WRITERS READERS
 * </pre>
 */
public final class Soak {

  private Soak() {}

  public static void main(String[] args) throws Exception {
    String target = args[0];
    long pid = Long.parseLong(args[1]);
    Workload workload = Workload.read(Path.of(args[2]));
    Duration length = Duration.ofSeconds(Long.parseLong(args[3]));
    int writers = Integer.parseInt(args[4]);
    int readers = Integer.parseInt(args[5]);

    SoakRecorder recorder = new SoakRecorder();
    ManagedChannel channel =
        NettyChannelBuilder.forTarget(target)
            .usePlaintext()
            .maxInboundMessageSize(64 * 1024 * 1024)
            .intercept(recorder.interceptor())
            .build();
    JsonArray minutes = new JsonArray();
    try (MnemosClient client = MnemosClient.over(channel, Duration.ofSeconds(60), 1)) {
      // One replay for all writers, as in ClientDriver: the types and the pipeline are written
      // once.
      ClientReplay replay = new ClientReplay(client, workload.pipeline());
      replay.setUp();
      List<Long> runs = new CopyOnWriteArrayList<>();
      AtomicInteger nextRun = new AtomicInteger();
      long ends = System.nanoTime() + length.toNanos();
      JsonObject start = server(pid);
      recorder.reset();
      try (ExecutorService threads = Executors.newFixedThreadPool(writers + readers)) {
        for (int i = 0; i < writers; i++) {
          threads.submit(() -> write(replay, workload, nextRun, runs, ends));
        }
        for (int i = 0; i < readers; i++) {
          int seed = i;
          threads.submit(() -> read(client, runs, new Random(seed), ends));
        }
        for (int minute = 1; System.nanoTime() < ends; minute++) {
          long windowEnds = Math.min(ends, System.nanoTime() + Duration.ofMinutes(1).toNanos());
          while (System.nanoTime() < windowEnds) {
            Thread.sleep(Math.max(1, Math.min(1000, (windowEnds - System.nanoTime()) / 1_000_000)));
          }
          JsonObject line = recorder.window();
          line.addProperty("minute", minute);
          line.add("server", server(pid));
          minutes.add(line);
          System.err.println(line);
        }
      }
      JsonObject result = new JsonObject();
      result.add("start", start);
      result.add("minutes", minutes);
      result.add("total", recorder.total());
      result.add("end", server(pid));
      System.out.println(result);
    } finally {
      channel.shutdownNow();
    }
  }

  /** Replays runs of the workload, each under a new number, until the end; a failure ends a run. */
  private static void write(
      ClientReplay replay, Workload workload, AtomicInteger nextRun, List<Long> runs, long ends) {
    while (System.nanoTime() < ends) {
      int number = nextRun.getAndIncrement();
      Workload.Run template = workload.runs().get(number % workload.runs().size());
      try {
        runs.add(replay.replayRun(new Workload.Run(number, template.steps())));
      } catch (RuntimeException e) {
        // Counted by the recorder; the next run starts afresh.
      }
    }
  }

  /** Asks about random runs written so far: their members, filters, lineage. */
  private static void read(MnemosClient client, List<Long> runs, Random random, long ends) {
    while (System.nanoTime() < ends) {
      if (runs.isEmpty()) {
        LockSupport.parkNanos(10_000_000);
        continue;
      }
      long run = runs.get(random.nextInt(runs.size()));
      try {
        switch (random.nextInt(4)) {
          case 0 -> client.artifactsByContext(run, 100);
          case 1 ->
              client
                  .api()
                  .getExecutionsByContext(
                      GetExecutionsByContextRequest.newBuilder().setContextId(run).build());
          case 2 ->
              client
                  .api()
                  .getArtifacts(
                      GetArtifactsRequest.newBuilder()
                          .setOptions(
                              ListOperationOptions.newBuilder()
                                  .setMaxResultSize(100)
                                  .setFilterQuery(
                                      "type = 'system.Metrics' AND contexts_r.id = "
                                          + run
                                          + " AND custom_properties.accuracy.double_value > 0.5"))
                          .build());
          default -> {
            // "Where did this come from": upstream. Both ways, four hops from any run reach the
            // shared raw dataset and through it every other run, an answer that grows with the
            // history (the first 30-minute soak asked that, docs/reliability.md).
            LineageSubgraphQueryOptions.Builder options =
                LineageSubgraphQueryOptions.newBuilder()
                    .setMaxNumHops(4)
                    .setDirection(LineageSubgraphQueryOptions.Direction.UPSTREAM);
            options.getStartingArtifactsBuilder().setFilterQuery("contexts_r.id = " + run);
            client
                .api()
                .getLineageSubgraph(
                    GetLineageSubgraphRequest.newBuilder()
                        .setLineageSubgraphQueryOptions(options)
                        .build());
          }
        }
      } catch (RuntimeException e) {
        // Counted by the recorder.
      }
    }
  }

  /** The server's resident memory and threads, from /proc. */
  private static JsonObject server(long pid) throws IOException {
    JsonObject server = new JsonObject();
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (line.startsWith("VmRSS:")) {
        server.addProperty("rss_mib", Long.parseLong(line.replaceAll("\\D", "")) / 1024);
      } else if (line.startsWith("Threads:")) {
        server.addProperty("threads", Integer.parseInt(line.replaceAll("\\D", "")));
      }
    }
    return server;
  }
}
