package dev.mnemos.watcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnemos.watcher.argo.ArgoKinds;
import dev.mnemos.watcher.election.LeaseSettings;
import dev.mnemos.watcher.testing.Argo;
import dev.mnemos.watcher.testing.StoreContents;
import dev.mnemos.watcher.testing.V1Pipeline;
import dev.mnemos.watcher.testing.WatcherStack;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;

/**
 * Two replicas on one Lease: only the holder records; when it leaves, the other takes over and
 * records on, and every step is recorded once. Played on the API server mock and on a real one.
 */
final class LeaseHandOver {

  private LeaseHandOver() {}

  static void play(KubernetesClient client, String leaseName, String workflow) throws Exception {
    try (WatcherStack stack =
        WatcherStack.storeOnly(
            client, WatcherStack.testSettings().withLeaderElection(lease(leaseName, "a")))) {
      Watcher first = stack.startWatcher();
      WatcherMetrics secondMetrics = WatcherMetrics.inOwnRegistry();
      try (Watcher second =
          Watcher.start(
              client,
              stack.channel(),
              WatcherStack.testSettings().withLeaderElection(lease(leaseName, "b")),
              secondMetrics)) {
        WatcherStack.await("a leader", () -> first.leading() || second.leading());
        Watcher leader = first.leading() ? first : second;
        Watcher standby = leader == first ? second : first;
        WatcherMetrics standbyMetrics = leader == first ? secondMetrics : stack.metrics();
        assertThat(standby.leading()).isFalse();

        V1Pipeline run = V1Pipeline.threeSteps(workflow, Argo.V3_KEY_ONLY);
        stack.apply(ArgoKinds.WORKFLOWS, run.workflowResource());
        stack.playStep(run, run.step("preprocess"), "Succeeded");
        WatcherStack.await("the first step", () -> V1PipelineTest.completeSteps(stack, run) == 1);
        assertThat(standbyMetrics.seenCount()).isZero();

        leader.close();
        WatcherStack.await("the standby to take over", standby::leading);
        stack.playStep(run, run.step("train"), "Succeeded");
        WatcherStack.await("the second step", () -> V1PipelineTest.completeSteps(stack, run) == 2);
        WatcherStack.await("the new leader to settle", standby::idle);
        assertThat(standbyMetrics.seenCount()).isEqualTo(2);
        assertThat(StoreContents.of(stack.api()).executions()).hasSize(2);
      }
    }
  }

  /**
   * A lease far longer than the test: it never expires here, however slow the machine, so the
   * hand-over the test sees is the release on close. Expiry is {@code LeaseElectionTest}'s, on
   * clocks of its own.
   */
  static LeaseSettings lease(String name, String identity) {
    return new LeaseSettings(
        V1Pipeline.NAMESPACE,
        name,
        identity,
        Duration.ofMinutes(10),
        Duration.ofMinutes(5),
        Duration.ofMillis(100));
  }
}
