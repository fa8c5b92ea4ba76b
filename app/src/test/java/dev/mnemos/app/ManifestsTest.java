package dev.mnemos.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.ByteArrayInputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every overlay in deploy/ renders with kustomize, and every object it renders reads into the
 * Kubernetes API types without a field those types do not know (a misspelt or misplaced field would
 * be dropped by the API server, silently). The KFP install is rendered over KFP 2.17's own metadata
 * manifests.
 */
class ManifestsTest {

  private static final Path DEPLOY = Path.of("..", "deploy").toAbsolutePath().normalize();
  private static final Path KFP_2_17 =
      Path.of("src", "test", "resources", "kfp", "manifests-2.17.0").toAbsolutePath();
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  @TempDir Path work;

  private static Path kustomize() throws Exception {
    Process build =
        new ProcessBuilder("bash", DEPLOY.resolve("build-kustomize.sh").toString())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    String path = new String(build.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    boolean built = build.waitFor(20, TimeUnit.MINUTES) && build.exitValue() == 0;
    if (!built && "true".equals(System.getenv("CI"))) {
      throw new IllegalStateException("CI must render the manifests: kustomize did not build");
    }
    assumeTrue(built, "kustomize could not be built (needs Go)");
    return Path.of(path.strip());
  }

  private static List<HasMetadata> render(Path kustomization) throws Exception {
    Process build =
        new ProcessBuilder(kustomize().toString(), "build", kustomization.toString())
            .redirectErrorStream(true)
            .start();
    String yaml = new String(build.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(build.waitFor(2, TimeUnit.MINUTES)).isTrue();
    assertThat(build.exitValue()).as(yaml).isZero();
    List<HasMetadata> objects = new ArrayList<>();
    for (String document : yaml.split("(?m)^---$")) {
      if (document.isBlank()) {
        continue;
      }
      Object object =
          SERIALIZATION.unmarshal(
              new ByteArrayInputStream(document.getBytes(StandardCharsets.UTF_8)));
      assertThat(object).as(document).isInstanceOf(HasMetadata.class);
      assertThat(unknownFields(object, ""))
          .as("fields the Kubernetes types do not know, in\n" + document)
          .isEmpty();
      objects.add((HasMetadata) object);
    }
    return objects;
  }

  /** Paths of fields the typed model kept aside as unknown, anywhere in {@code value}. */
  private static List<String> unknownFields(Object value, String path) throws Exception {
    List<String> unknown = new ArrayList<>();
    if (value instanceof Collection<?> items) {
      int i = 0;
      for (Object item : items) {
        unknown.addAll(unknownFields(item, path + "[" + i++ + "]"));
      }
      return unknown;
    }
    if (value instanceof Map<?, ?> map) {
      for (var entry : map.entrySet()) {
        unknown.addAll(unknownFields(entry.getValue(), path + "." + entry.getKey()));
      }
      return unknown;
    }
    if (!(value instanceof KubernetesResource)) {
      return unknown;
    }
    for (Method getter : value.getClass().getMethods()) {
      if (getter.getParameterCount() != 0
          || Modifier.isStatic(getter.getModifiers())
          || !getter.getName().startsWith("get")
          || getter.getDeclaringClass() == Object.class) {
        continue;
      }
      Object field = getter.invoke(value);
      if (getter.getName().equals("getAdditionalProperties")) {
        if (field instanceof Map<?, ?> extra && !extra.isEmpty()) {
          extra.keySet().forEach(key -> unknown.add(path + "." + key));
        }
      } else if (field != null) {
        unknown.addAll(unknownFields(field, path + "." + getter.getName().substring(3)));
      }
    }
    return unknown;
  }

  private static <T extends HasMetadata> T only(
      List<HasMetadata> objects, Class<T> kind, String name) {
    List<T> found =
        objects.stream()
            .filter(kind::isInstance)
            .map(kind::cast)
            .filter(o -> o.getMetadata().getName().equals(name))
            .toList();
    assertThat(found).as(kind.getSimpleName() + " " + name).hasSize(1);
    return found.getFirst();
  }

  /**
   * deploy/kfp-install as the README uses it: the image set with {@code kustomize edit set image},
   * its remote KFP install replaced by KFP 2.17's own metadata manifests (the parts Mnemos
   * changes).
   */
  @Test
  void theKfpInstallReplacesTheServerEnvoyAndTheMetadataWriter() throws Exception {
    Path upstream = Files.createDirectories(work.resolve("upstream"));
    try (Stream<Path> files = Files.walk(KFP_2_17)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        Path copy = upstream.resolve(KFP_2_17.relativize(file).toString());
        Files.createDirectories(copy.getParent());
        Files.copy(file, copy);
      }
    }
    Files.writeString(
        upstream.resolve("kustomization.yaml"),
        "apiVersion: kustomize.config.k8s.io/v1beta1\n"
            + "kind: Kustomization\n"
            + "namespace: kubeflow\n"
            + "resources: [metadata, metadata-writer]\n");
    Path install = Files.createDirectories(work.resolve("kfp-install"));
    String kustomization =
        Files.readString(DEPLOY.resolve("kfp-install").resolve("kustomization.yaml"));
    assertThat(kustomization)
        .contains("github.com/kubeflow/pipelines/manifests/kustomize/env/platform-agnostic?ref=");
    Files.writeString(
        install.resolve("kustomization.yaml"),
        kustomization
            .replaceAll("github\\.com/kubeflow/pipelines/\\S+", "../upstream")
            .replace("../kfp", install.relativize(DEPLOY.resolve("kfp")).toString()));
    Process edit =
        new ProcessBuilder(
                kustomize().toString(),
                "edit",
                "set",
                "image",
                "localhost/mnemos=registry.example.com/ml/mnemos:0.1.0")
            .directory(install.toFile())
            .redirectErrorStream(true)
            .start();
    assertThat(edit.waitFor(1, TimeUnit.MINUTES)).isTrue();
    assertThat(edit.exitValue())
        .as(new String(edit.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
        .isZero();

    List<HasMetadata> objects = render(install);

    assertThat(objects)
        .filteredOn(o -> o instanceof Deployment)
        .extracting(o -> o.getMetadata().getName())
        .containsExactly("metadata-grpc-deployment");
    Deployment server = only(objects, Deployment.class, "metadata-grpc-deployment");
    Container container = server.getSpec().getTemplate().getSpec().getContainers().getFirst();
    assertThat(container.getImage()).isEqualTo("registry.example.com/ml/mnemos:0.1.0");
    assertThat(container.getCommand()).containsExactly("/bin/metadata_store_server");
    assertThat(container.getArgs())
        .startsWith("--grpc_port=8080", "--mysql_config_database=$(MYSQL_DATABASE)")
        .endsWith("--data_dir=/var/lib/mnemos", "--watch", "--leader_election_namespace=kubeflow");
    assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
    assertThat(container.getReadinessProbe().getTcpSocket()).isNull();
    assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
    assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(container.getSecurityContext().getRunAsUser()).as("KFP's own").isEqualTo(1000L);
    Service envoy = only(objects, Service.class, "metadata-envoy-service");
    assertThat(envoy.getSpec().getSelector())
        .containsExactly(Map.entry("component", "metadata-grpc-server"));
    assertThat(envoy.getSpec().getPorts().getFirst().getPort()).isEqualTo(9090);
    assertThat(envoy.getSpec().getPorts().getFirst().getTargetPort().getIntVal()).isEqualTo(8081);
    assertThat(objects)
        .extracting(o -> o.getKind() + " " + o.getMetadata().getName())
        .contains("ClusterRole mnemos-watcher", "Role mnemos-watcher-lease");
  }

  @Test
  void theStandaloneInstallsRender() throws Exception {
    List<HasMetadata> sqlite = render(DEPLOY.resolve("standalone"));
    Deployment one = only(sqlite, Deployment.class, "mnemos");
    assertThat(one.getSpec().getReplicas()).isEqualTo(1);
    assertThat(one.getSpec().getStrategy().getType()).isEqualTo("Recreate");
    assertThat(sqlite).extracting(HasMetadata::getKind).contains("PersistentVolumeClaim");

    List<HasMetadata> mysql = render(DEPLOY.resolve("standalone-mysql"));
    Deployment three = only(mysql, Deployment.class, "mnemos");
    assertThat(three.getSpec().getReplicas()).isEqualTo(3);
    assertThat(three.getSpec().getTemplate().getSpec().getContainers().getFirst().getArgs())
        .contains("--mysql_config_password_file=/etc/mnemos-mysql/password")
        .noneMatch(argument -> argument.startsWith("--mysql_config_password="));
    assertThat(mysql)
        .extracting(HasMetadata::getKind)
        .contains("PodDisruptionBudget")
        .doesNotContain("PersistentVolumeClaim");

    List<HasMetadata> auth = render(DEPLOY.resolve("standalone-auth"));
    assertThat(
            only(auth, Deployment.class, "mnemos")
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .getFirst()
                .getArgs())
        .contains("--auth=kubernetes");
    ClusterRoleBinding delegator = only(auth, ClusterRoleBinding.class, "mnemos-auth-delegator");
    assertThat(delegator.getRoleRef().getName()).isEqualTo("system:auth-delegator");
    assertThat(delegator.getSubjects())
        .singleElement()
        .satisfies(
            subject -> {
              assertThat(subject.getName()).isEqualTo("mnemos");
              assertThat(subject.getNamespace()).isEqualTo("mnemos");
            });
  }
}
