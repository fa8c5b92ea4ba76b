package dev.mnemos.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import dev.mnemos.app.demo.DemoStore;
import dev.mnemos.proto.mlmd.Context;
import dev.mnemos.proto.mlmd.GetChildrenContextsByContextRequest;
import dev.mnemos.proto.mlmd.GetContextByTypeAndNameRequest;
import dev.mnemos.proto.mlmd.MetadataStoreServiceGrpc;
import dev.mnemos.proto.mlmd.MetadataStoreServiceGrpc.MetadataStoreServiceBlockingStub;
import dev.mnemos.server.store.RunDeletions;
import dev.mnemos.server.testing.Dangling;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `mnemos gc` against a running server holding the realistic demo store (cache hits, a dataset
 * every run reads): a dry run by default that prints what would go, then the deletion, which
 * removes exactly that, keeps what kept runs descend from, and leaves no row dangling.
 */
class GcCommandTest {

  @TempDir Path data;

  /** The runs of a pipeline: the child contexts of its pipeline context. */
  private static Map<String, Context> runsOf(
      MetadataStoreServiceBlockingStub api, String pipeline) {
    long pipelineId =
        api.getContextByTypeAndName(
                GetContextByTypeAndNameRequest.newBuilder()
                    .setTypeName("system.Pipeline")
                    .setContextName(pipeline)
                    .build())
            .getContext()
            .getId();
    return api
        .getChildrenContextsByContext(
            GetChildrenContextsByContextRequest.newBuilder().setContextId(pipelineId).build())
        .getContextsList()
        .stream()
        .collect(Collectors.toMap(Context::getName, run -> run));
  }

  /** The names of the newest runs, by start (create) time. */
  private static List<String> newest(Map<String, Context> runs, int count) {
    return runs.values().stream()
        .sorted(Comparator.comparingLong(Context::getCreateTimeSinceEpoch).reversed())
        .limit(count)
        .map(Context::getName)
        .toList();
  }

  private static Set<Long> removedArtifactIds(String jsonLines) {
    Set<Long> ids = new TreeSet<>();
    for (String line : jsonLines.lines().toList()) {
      JsonObject artifact = new Gson().fromJson(line, JsonObject.class);
      assertThat(artifact.get("uri").getAsString()).isNotBlank();
      ids.add(artifact.get("id").getAsLong());
    }
    return ids;
  }

  @Test
  void aDryRunThenTheDeletionOfAllButTheNewestRunsOfAPipeline() throws Exception {
    try (MnemosServices services = LocalServices.onSqlite(data)) {
      ManagedChannel channel =
          NettyChannelBuilder.forAddress("localhost", services.grpcPort()).usePlaintext().build();
      try {
        MetadataStoreServiceBlockingStub api = MetadataStoreServiceGrpc.newBlockingStub(channel);
        DemoStore.record(api, 7, runs -> {});
        Map<String, Context> before = runsOf(api, "churn-training");
        String server = "localhost:" + services.grpcPort();

        CommandRun.Outcome dryRun =
            CommandRun.run(
                "gc", "--server", server, "--pipeline", "churn-training", "--keep-newest", "5");

        assertThat(dryRun.exitCode()).as(dryRun.err()).isZero();
        assertThat(dryRun.err()).contains("would remove").contains("a dry run");
        Set<Long> planned = removedArtifactIds(dryRun.out());
        assertThat(planned).isNotEmpty();
        assertThat(runsOf(api, "churn-training")).hasSameSizeAs(before);

        CommandRun.Outcome deletion =
            CommandRun.run(
                "gc",
                "--server",
                server,
                "--pipeline",
                "churn-training",
                "--keep-newest",
                "5",
                "--runs-per-batch",
                "4",
                "--no-dry-run");

        assertThat(deletion.exitCode()).as(deletion.err()).isZero();
        assertThat(deletion.err()).contains("deleting [").contains("mnemos: removed");
        assertThat(removedArtifactIds(deletion.out())).isEqualTo(planned);
        Map<String, Context> after = runsOf(api, "churn-training");
        List<Context> retained =
            after.values().stream()
                .filter(run -> run.containsCustomProperties(RunDeletions.RETAINED_PROPERTY))
                .toList();
        // The newest five stay as they were. Of the 25 others, the few that first imported the
        // census or first computed the features the newest runs reuse as cache hits stay for
        // lineage, holding only that, and say so; the rest are gone.
        assertThat(after).hasSize(5 + retained.size());
        assertThat(retained).isNotEmpty().hasSizeLessThan(5);
        assertThat(after.keySet()).containsAll(newest(before, 5));
        assertThat(Dangling.rows(services.databaseUrl())).isEmpty();
      } finally {
        channel.shutdownNow();
      }
    }
  }

  @Test
  void aRequestWithoutCriteriaOrWithABadAgeIsRefused() throws Exception {
    try (MnemosServices services = LocalServices.onSqlite(data)) {
      String server = "localhost:" + services.grpcPort();

      CommandRun.Outcome nothing = CommandRun.run("gc", "--server", server);
      CommandRun.Outcome badAge = CommandRun.run("gc", "--server", server, "--older-than", "soon");

      assertThat(nothing.exitCode()).isEqualTo(1);
      assertThat(nothing.err()).contains("INVALID_ARGUMENT").contains("choose the runs");
      assertThat(badAge.exitCode()).isEqualTo(2);
      assertThat(badAge.err()).contains("--older-than");
    }
  }
}
