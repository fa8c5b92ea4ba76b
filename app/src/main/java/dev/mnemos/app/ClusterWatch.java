package dev.mnemos.app;

import dev.mnemos.watcher.Watcher;
import dev.mnemos.watcher.WatcherMetrics;
import dev.mnemos.watcher.WatcherSettings;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.grpc.Channel;

/** The pod watcher and the Kubernetes client it watches through, closed together. */
final class ClusterWatch implements AutoCloseable {

  private final KubernetesClient client;
  private final Watcher watcher;

  private ClusterWatch(KubernetesClient client, Watcher watcher) {
    this.client = client;
    this.watcher = watcher;
  }

  static ClusterWatch start(WatcherSettings settings, Channel store, WatcherMetrics metrics) {
    KubernetesClient client = new KubernetesClientBuilder().build();
    try {
      return new ClusterWatch(client, Watcher.start(client, store, settings, metrics));
    } catch (RuntimeException e) {
      client.close();
      throw e;
    }
  }

  @Override
  public void close() {
    watcher.close();
    client.close();
  }
}
