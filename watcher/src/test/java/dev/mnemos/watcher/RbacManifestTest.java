package dev.mnemos.watcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The RBAC manifest in docs/deploy grants what the watcher calls (and nothing that writes pods),
 * and the cluster accepts it.
 */
@EnableKubernetesMockClient(crud = true)
class RbacManifestTest {

  private static final Path MANIFEST = Path.of("..", "docs", "deploy", "watcher.yaml");

  KubernetesClient client;

  @Test
  void theManifestGrantsWhatTheWatcherReadsAndTheLeaseItHolds() throws Exception {
    List<HasMetadata> items;
    try (InputStream in = Files.newInputStream(MANIFEST)) {
      items = client.load(in).items();
    }
    List<PolicyRule> cluster = new ArrayList<>();
    List<PolicyRule> namespaced = new ArrayList<>();
    for (HasMetadata item : items) {
      if (item instanceof ClusterRole role) {
        cluster.addAll(role.getRules());
      } else if (item instanceof Role role) {
        namespaced.addAll(role.getRules());
      }
    }
    assertThat(verbs(cluster, "", "pods")).containsExactlyInAnyOrder("get", "list", "watch");
    assertThat(verbs(cluster, "argoproj.io", "workflows")).contains("list", "watch");
    assertThat(verbs(cluster, "argoproj.io", "workflowtaskresults")).contains("list", "watch");
    assertThat(verbs(namespaced, "coordination.k8s.io", "leases"))
        .contains("get", "create", "update");

    Deployment deployment =
        items.stream()
            .filter(Deployment.class::isInstance)
            .map(Deployment.class::cast)
            .findFirst()
            .orElseThrow();
    assertThat(deployment.getSpec().getTemplate().getSpec().getContainers().getFirst().getArgs())
        .contains("watch", "--leader_election_namespace=kubeflow");

    for (HasMetadata item : items) {
      client.resource(item).create();
    }
    assertThat(client.rbac().clusterRoles().withName("mnemos-watcher").get()).isNotNull();
  }

  private static List<String> verbs(List<PolicyRule> rules, String group, String resource) {
    return rules.stream()
        .filter(r -> r.getApiGroups().contains(group) && r.getResources().contains(resource))
        .flatMap(r -> r.getVerbs().stream())
        .toList();
  }
}
