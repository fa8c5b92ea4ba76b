package dev.mnemos.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnemos.proto.mlmd.Execution;
import dev.mnemos.proto.mlmd.GetExecutionsRequest;
import dev.mnemos.proto.mlmd.MetadataStoreServiceGrpc;
import dev.mnemos.query.config.QuerySettings;
import dev.mnemos.server.store.DatabaseSettings;
import dev.mnemos.server.testing.Backend;
import dev.mnemos.watcher.WatcherSettings;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve --watch} as one process: the watcher writes through the in-process gRPC channel, the
 * query layer sees what it wrote, and the HTTP port serves the watcher's metrics.
 */
@EnableKubernetesMockClient(crud = true)
class ServeWatchTest {

  private static final String NAMESPACE = "kubeflow";
  private static final Map<String, String> CLUSTER_PROPERTIES =
      Map.of(
          Config.KUBERNETES_AUTH_TRYKUBECONFIG_SYSTEM_PROPERTY, "false",
          Config.KUBERNETES_AUTH_TRYSERVICEACCOUNT_SYSTEM_PROPERTY, "false",
          Config.KUBERNETES_TRUST_CERT_SYSTEM_PROPERTY, "true");

  KubernetesClient client;

  @BeforeEach
  void pointTheDefaultClientAtTheMockCluster() {
    CLUSTER_PROPERTIES.forEach(System::setProperty);
    System.setProperty(Config.KUBERNETES_MASTER_SYSTEM_PROPERTY, client.getMasterUrl().toString());
  }

  @AfterEach
  void forgetTheMockCluster() {
    CLUSTER_PROPERTIES.keySet().forEach(System::clearProperty);
    System.clearProperty(Config.KUBERNETES_MASTER_SYSTEM_PROPERTY);
  }

  @Test
  void aStepPodIsRecordedQueryableAndCounted(@TempDir Path data) throws Exception {
    try (Backend.FreshDatabase database = Backend.SQLITE.freshDatabase();
        MnemosServices services =
            MnemosServices.start(
                DatabaseSettings.of(database.jdbcUrl()),
                data.resolve("search-index"),
                QuerySettings.defaults(),
                Endpoints.local(),
                Optional.of(WatcherSettings.defaults().inNamespace(NAMESPACE)),
                0)) {
      client.resource(stepPod()).create();

      awaitCompleteExecution(services.grpcPort());

      HttpClient http = HttpClient.newHttpClient();
      String runs =
          http.send(
                  HttpRequest.newBuilder(
                          URI.create("http://127.0.0.1:" + services.httpPort() + "/graphql"))
                      .header("Content-Type", "application/json")
                      .POST(
                          HttpRequest.BodyPublishers.ofString(
                              "{\"query\":\"{ runs(input: {}) { edges { node { name state } } } }\"}"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      assertThat(runs).contains("\"name\":\"hello-k8s-q2w3e\"").contains("\"state\":\"COMPLETE\"");

      String metrics = get("http://127.0.0.1:" + services.httpPort() + "/metrics");
      assertThat(metrics)
          .contains("mnemos_watcher_pods_seen_total 1.0")
          .contains("mnemos_watcher_pods_recorded_total 1.0")
          .contains("mnemos_watcher_record_lag_seconds_count 1");
      String base = "http://127.0.0.1:" + services.httpPort();
      assertThat(get(base + "/healthz")).isEqualTo("ok\n");
      await(() -> readiness(base).equals("ok\n"));
    }
  }

  private static String readiness(String base) {
    try {
      return get(base + "/readyz");
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void theWatcherOnItsOwnRecordsIntoAStoreOverTheNetwork(@TempDir Path data) throws Exception {
    try (Backend.FreshDatabase database = Backend.SQLITE.freshDatabase();
        MnemosServices services =
            MnemosServices.start(
                DatabaseSettings.of(database.jdbcUrl()),
                data.resolve("search-index"),
                QuerySettings.defaults(),
                Endpoints.local(),
                Optional.empty(),
                0);
        StandaloneWatch watch =
            StandaloneWatch.start(
                "127.0.0.1:" + services.grpcPort(),
                0,
                WatcherSettings.defaults().inNamespace(NAMESPACE))) {
      client.resource(stepPod()).create();

      awaitCompleteExecution(services.grpcPort());
      String base = "http://127.0.0.1:" + watch.httpPort();
      assertThat(get(base + "/healthz")).isEqualTo("ok\n");
      assertThat(get(base + "/metrics")).contains("mnemos_watcher_pods_recorded_total 1.0");
    }
  }

  /** The smallest KFP v1 step pod: a workflow label, a main container that ended well. */
  private static Pod stepPod() {
    return new PodBuilder()
        .withNewMetadata()
        .withName("hello-k8s-q2w3e-3411546089")
        .withNamespace(NAMESPACE)
        .addToLabels("workflows.argoproj.io/workflow", "hello-k8s-q2w3e")
        .addToLabels("workflows.argoproj.io/completed", "true")
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName("wait")
        .withImage("quay.io/argoproj/argoexec:v3.3.10")
        .endContainer()
        .addNewContainer()
        .withName("main")
        .withImage("alpine:3.20")
        .withCommand(List.of("echo", "hello"))
        .endContainer()
        .endSpec()
        .withNewStatus()
        .withPhase("Succeeded")
        .addNewContainerStatus()
        .withName("main")
        .withNewState()
        .withNewTerminated()
        .withExitCode(0)
        .withStartedAt("2026-11-28T12:00:00Z")
        .withFinishedAt("2026-11-28T12:00:01Z")
        .endTerminated()
        .endState()
        .endContainerStatus()
        .endStatus()
        .build();
  }

  /** Waits until the store behind {@code grpcPort} holds a complete execution. */
  private static void awaitCompleteExecution(int grpcPort) throws InterruptedException {
    ManagedChannel channel =
        NettyChannelBuilder.forAddress("127.0.0.1", grpcPort).usePlaintext().build();
    try {
      var api = MetadataStoreServiceGrpc.newBlockingStub(channel);
      await(
          () ->
              api
                  .getExecutions(GetExecutionsRequest.getDefaultInstance())
                  .getExecutionsList()
                  .stream()
                  .anyMatch(e -> e.getLastKnownState() == Execution.State.COMPLETE));
    } finally {
      channel.shutdownNow();
    }
  }

  private static String get(String url) throws Exception {
    return HttpClient.newHttpClient()
        .send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString())
        .body();
  }

  private static void await(BooleanSupplier condition) throws InterruptedException {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
    while (!condition.getAsBoolean()) {
      assertThat(Instant.now()).as("waited for the pod's record").isBefore(deadline);
      Thread.sleep(50);
    }
  }
}
