package dev.mnemos.watcher;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import org.junit.jupiter.api.Test;

/** The Lease hand-over on the API server mock; {@code RealApiServerTest} plays it on a real one. */
@EnableKubernetesMockClient(crud = true)
class LeaderElectionTest {

  KubernetesClient client;

  @Test
  void onlyTheLeaseHolderRecordsAndAnotherReplicaTakesOverWhenItLeaves() throws Exception {
    LeaseHandOver.play(client, "mnemos-watcher", "elected-m4n5b");
  }
}
