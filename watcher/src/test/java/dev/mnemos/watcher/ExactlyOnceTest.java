package dev.mnemos.watcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnemos.proto.mlmd.Execution;
import dev.mnemos.server.testing.Backend;
import dev.mnemos.server.testing.StoreBackends;
import dev.mnemos.watcher.argo.ArgoKinds;
import dev.mnemos.watcher.testing.Argo;
import dev.mnemos.watcher.testing.StoreContents;
import dev.mnemos.watcher.testing.V1Pipeline;
import dev.mnemos.watcher.testing.WatcherStack;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Relists, replays, restarts and store outages change nothing twice and lose nothing. */
@EnableKubernetesMockClient(crud = true)
class ExactlyOnceTest {

  KubernetesClient client;

  @ParameterizedTest
  @MethodSource("dev.mnemos.watcher.V1PipelineTest#argoOnEveryBackend")
  void aRestartThatReplaysEveryEventWritesNothing(Argo argo, Backend backend) throws Exception {
    try (WatcherStack stack = WatcherStack.start(client, backend)) {
      V1Pipeline run = V1Pipeline.threeSteps("replayed-x7k2p", argo);
      stack.play(run);
      awaitRecorded(stack, run);
      StoreContents recorded = StoreContents.of(stack.api());

      stack.restartWatcher();
      WatcherStack.await("the relist", () -> stack.metrics().seenCount() == 3);
      stack.awaitIdle();
      // Every state each pod went through, reported again in order, after the end was recorded.
      long reported = stack.metrics().eventCount();
      stack.play(run);
      WatcherStack.await(
          "the replayed pod states", () -> stack.metrics().eventCount() >= reported + 9);
      stack.awaitIdle();

      assertThat(StoreContents.of(stack.api())).isEqualTo(recorded);
      assertThat(stack.metrics().recordedCount()).isZero();
      assertThat(recorded.executions()).hasSize(3);
      assertThat(recorded.artifacts()).hasSize(6);
      assertThat(recorded.events()).hasSize(8);
      assertThat(recorded.contexts()).hasSize(1);
    }
  }

  static Stream<Arguments> storeOutages() {
    return StoreBackends.backends().stream()
        .flatMap(
            backend ->
                Stream.of(Argo.V3_KEY_ONLY, Argo.V34_TASK_RESULTS)
                    .map(argo -> Arguments.of(argo, backend)));
  }

  @ParameterizedTest
  @MethodSource("storeOutages")
  void whatHappensWhileTheStoreIsDownIsRecordedOnceItIsBack(Argo argo, Backend backend)
      throws Exception {
    try (WatcherStack stack = WatcherStack.start(client, backend)) {
      V1Pipeline run = V1Pipeline.threeSteps("outage-q9w3z", argo);
      stack.apply(ArgoKinds.WORKFLOWS, run.workflowResource());
      stack.playStep(run, run.step("preprocess"), "Succeeded");
      WatcherStack.await("the first step", () -> V1PipelineTest.completeSteps(stack, run) == 1);

      stack.stopStore();
      stack.playStep(run, run.step("train"), "Succeeded");
      stack.playStep(run, run.step("evaluate"), "Succeeded");
      WatcherStack.await(
          "retries against the stopped store", () -> stack.metrics().retryCount() >= 3);
      stack.startStore();

      awaitRecorded(stack, run);
      // A step recorded before its producer came back gets its input on a retry.
      WatcherStack.await("every event", () -> StoreContents.of(stack.api()).events().size() == 8);
      stack.awaitIdle();
      StoreContents contents = StoreContents.of(stack.api());
      assertThat(contents.executions())
          .extracting(Execution::getLastKnownState)
          .containsOnly(Execution.State.COMPLETE)
          .hasSize(3);
      assertThat(contents.artifacts()).hasSize(6);
      assertThat(contents.events()).hasSize(8);
      assertThat(contents.contexts()).hasSize(1);
      assertThat(contents.associations().values().iterator().next()).hasSize(3);
      assertThat(stack.metrics().failedCount()).isZero();
    }
  }

  private static void awaitRecorded(WatcherStack stack, V1Pipeline run) {
    WatcherStack.await(
        "the whole run",
        () ->
            V1PipelineTest.completeSteps(stack, run) == 3
                && V1PipelineTest.eventsOf(stack.api(), run, "evaluate", "metrics").size() == 1);
  }
}
