package dev.mnemos.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnemos.proto.mlmd.Execution;
import dev.mnemos.proto.mlmd.GetContextsByTypeRequest;
import dev.mnemos.proto.mlmd.MetadataStoreServiceGrpc;
import dev.mnemos.proto.mlmd.MetadataStoreServiceGrpc.MetadataStoreServiceBlockingStub;
import dev.mnemos.query.config.QuerySettings;
import dev.mnemos.query.lifecycle.Retention;
import dev.mnemos.query.lifecycle.RetentionRule;
import dev.mnemos.query.lifecycle.RunLifecycle;
import dev.mnemos.query.testing.Pipelines;
import dev.mnemos.server.store.DatabaseSettings;
import dev.mnemos.server.testing.Await;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `serve --retention`: the server applies the policy by itself, pass after pass. */
class ServeRetentionTest {

  @TempDir Path data;

  private static int runs(MetadataStoreServiceBlockingStub api) {
    return api.getContextsByType(
            GetContextsByTypeRequest.newBuilder().setTypeName("system.PipelineRun").build())
        .getContextsCount();
  }

  @Test
  void theServerKeepsOnlyTheNewestRunOfEachPipeline() throws Exception {
    LifecycleOptions.Settings lifecycle =
        new LifecycleOptions.Settings(
            RunLifecycle.Protection.NONE,
            Optional.of(
                new Retention.Policy(
                    List.of(RetentionRule.parse("keep-newest=1")), Duration.ofMillis(200))));
    try (MnemosServices services =
        MnemosServices.start(
            DatabaseSettings.of("jdbc:sqlite:" + data.resolve("metadata.sqlite")),
            data.resolve("search-index"),
            QuerySettings.defaults(),
            Endpoints.local(),
            Optional.empty(),
            0,
            lifecycle)) {
      ManagedChannel channel =
          NettyChannelBuilder.forAddress("localhost", services.grpcPort()).usePlaintext().build();
      try {
        MetadataStoreServiceBlockingStub api = MetadataStoreServiceGrpc.newBlockingStub(channel);
        Pipelines pipelines = new Pipelines(api);
        for (String run : List.of("r1", "r2", "r3")) {
          pipelines.v2Run("churn", run, Map.of(), Map.of(), Execution.State.COMPLETE);
        }
        pipelines.v2Run("fraud", "f1", Map.of(), Map.of(), Execution.State.COMPLETE);

        Await.until(
            "retention leaves one run per pipeline", Duration.ofSeconds(30), () -> runs(api) == 2);
        assertThat(runs(api)).isEqualTo(2);
      } finally {
        channel.shutdownNow();
      }
    }
  }

  @Test
  void aRuleWithoutABoundStopsTheServerFromStarting() {
    CommandRun.Outcome outcome =
        CommandRun.run("serve", "--data_dir", data.toString(), "--retention", "pipeline=churn");

    assertThat(outcome.exitCode()).isNotZero();
    assertThat(outcome.err()).contains("--retention").contains("older-than or keep-newest");
  }
}
