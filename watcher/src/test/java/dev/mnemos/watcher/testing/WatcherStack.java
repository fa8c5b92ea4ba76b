package dev.mnemos.watcher.testing;

import dev.mnemos.proto.mlmd.MetadataStoreServiceGrpc;
import dev.mnemos.proto.mlmd.MetadataStoreServiceGrpc.MetadataStoreServiceBlockingStub;
import dev.mnemos.server.grpc.MnemosGrpcServer;
import dev.mnemos.server.store.DatabaseSettings;
import dev.mnemos.server.store.MetadataStore;
import dev.mnemos.server.testing.Await;
import dev.mnemos.server.testing.Backend;
import dev.mnemos.watcher.Watcher;
import dev.mnemos.watcher.WatcherMetrics;
import dev.mnemos.watcher.WatcherSettings;
import dev.mnemos.watcher.argo.ArgoKinds;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import java.io.IOException;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * The watcher against real parts for one test: Mnemos' store on a fresh database behind the real
 * gRPC server (in-process transport, which can be stopped and started again to make an outage), and
 * a Kubernetes API — fabric8's mock server in CRUD mode — that the test fills with pods and Argo
 * resources.
 */
public final class WatcherStack implements AutoCloseable {

  private static final Duration PATIENCE = Duration.ofSeconds(30);

  private final Backend.FreshDatabase database;
  private final MetadataStore store;
  private final String serverName = InProcessServerBuilder.generateName();
  private final ManagedChannel channel;
  private final KubernetesClient client;
  private final WatcherSettings settings;
  private MnemosGrpcServer server;
  private Watcher watcher;
  private WatcherMetrics metrics;

  private WatcherStack(KubernetesClient client, WatcherSettings settings, Backend backend)
      throws Exception {
    this.client = client;
    this.settings = settings;
    this.database = backend.freshDatabase();
    this.store = MetadataStore.open(DatabaseSettings.of(database.jdbcUrl()));
    startStore();
    this.channel = InProcessChannelBuilder.forName(serverName).build();
  }

  /** The store, and no watcher yet. */
  public static WatcherStack storeOnly(KubernetesClient client, WatcherSettings settings)
      throws Exception {
    return new WatcherStack(client, settings, Backend.SQLITE);
  }

  /** The store on SQLite and a watcher recording into it. */
  public static WatcherStack start(KubernetesClient client) throws Exception {
    return start(client, Backend.SQLITE);
  }

  /** The store on {@code backend} and a watcher recording into it. */
  public static WatcherStack start(KubernetesClient client, Backend backend) throws Exception {
    WatcherStack stack = new WatcherStack(client, testSettings(), backend);
    stack.startWatcher();
    return stack;
  }

  /** Defaults with retries fast enough for a test. */
  public static WatcherSettings testSettings() {
    return WatcherSettings.defaults()
        .inNamespace(V1Pipeline.NAMESPACE)
        .withRetries(Duration.ofMillis(50), Duration.ofMillis(500));
  }

  public Watcher startWatcher() {
    metrics = WatcherMetrics.inOwnRegistry();
    watcher = Watcher.start(client, channel, settings, metrics);
    return watcher;
  }

  /** A watcher process gone and a new one started: nothing remembered but the store. */
  public void restartWatcher() {
    watcher.close();
    startWatcher();
  }

  public Watcher watcher() {
    return watcher;
  }

  public WatcherMetrics metrics() {
    return metrics;
  }

  public ManagedChannel channel() {
    return channel;
  }

  public MetadataStoreServiceBlockingStub api() {
    return MetadataStoreServiceGrpc.newBlockingStub(channel);
  }

  /** The store goes away: calls fail with UNAVAILABLE. */
  public void stopStore() throws InterruptedException {
    server.close();
  }

  /** The store is back, on the same database. */
  public void startStore() throws IOException {
    server = new MnemosGrpcServer(InProcessServerBuilder.forName(serverName), store).start();
  }

  /**
   * Creates or replaces {@code resource}, status included, as the cluster's controllers do: a pod's
   * status through its status subresource, which is the only way a real API server takes it.
   */
  public <T extends HasMetadata> void apply(T resource) {
    client.resource(resource).createOr(existing -> existing.update());
    if (resource instanceof Pod pod && pod.getStatus() != null) {
      client.resource(pod).updateStatus();
    }
  }

  public void apply(ResourceDefinitionContext kind, GenericKubernetesResource resource) {
    var resources =
        client.genericKubernetesResources(kind).inNamespace(resource.getMetadata().getNamespace());
    if (resources.withName(resource.getMetadata().getName()).get() == null) {
      resources.resource(resource).create();
    } else {
      resources.resource(resource).update();
    }
  }

  /**
   * Runs {@code run} to the end as Argo does: the workflow, then each step's pod pending, running
   * and succeeded, its outputs on the pod or (Argo 3.4+) in a task result reported just before.
   */
  public void play(V1Pipeline run) {
    apply(ArgoKinds.WORKFLOWS, run.workflowResource());
    for (V1Pipeline.Step step : run.steps()) {
      playStep(run, step, "Succeeded");
    }
  }

  /** One step of {@code run} from pending to {@code end} (Succeeded or Failed). */
  public void playStep(V1Pipeline run, V1Pipeline.Step step, String end) {
    apply(run.pod(step, "Pending"));
    apply(run.pod(step, "Running"));
    if (!run.argo().outputsOnPod() && end.equals("Succeeded")) {
      apply(ArgoKinds.TASK_RESULTS, run.taskResult(step));
    }
    apply(run.pod(step, end));
  }

  /** The uid the API server gave the pod named {@code name}, or null while there is none. */
  public String uidOf(String podName) {
    Pod pod = client.pods().inNamespace(V1Pipeline.NAMESPACE).withName(podName).get();
    return pod == null ? null : pod.getMetadata().getUid();
  }

  public void delete(HasMetadata resource) {
    client.resource(resource).delete();
  }

  /** Waits until {@code condition} holds, failing after 30 s. */
  public static void await(String what, BooleanSupplier condition) {
    Await.until(what, PATIENCE, () -> holds(condition));
  }

  /** Whether {@code condition} holds; a store that is still reconnecting makes it not hold yet. */
  private static boolean holds(BooleanSupplier condition) {
    try {
      return condition.getAsBoolean();
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.UNAVAILABLE) {
        return false;
      }
      throw e;
    }
  }

  /** Waits until the watcher has recorded everything reported so far. */
  public void awaitIdle() {
    await("the watcher to record what it was told", () -> watcher.idle());
  }

  @Override
  public void close() throws Exception {
    if (watcher != null) {
      watcher.close();
    }
    channel.shutdownNow();
    server.close();
    store.close();
    database.close();
  }
}
