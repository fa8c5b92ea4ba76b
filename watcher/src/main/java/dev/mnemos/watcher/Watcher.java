package dev.mnemos.watcher;

import dev.mnemos.watcher.WatcherSettings.LeaseSettings;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElector;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import io.grpc.Channel;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The watcher as a process runs it: recording at once, or, with leader election, only while this
 * replica holds the lease, so two replicas never both write. A replica that loses the lease stops
 * recording and stands for election again.
 */
public final class Watcher implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Watcher.class);

  private final PodWatcher pods;
  private final KubernetesClient client;
  private volatile boolean leading;
  private volatile boolean closed;
  private CompletableFuture<?> election;

  private Watcher(
      KubernetesClient client, Channel store, WatcherSettings settings, WatcherMetrics metrics) {
    this.client = client;
    this.pods = new PodWatcher(client, store, settings, metrics);
  }

  /** Starts watching: now, or once elected. */
  public static Watcher start(
      KubernetesClient client, Channel store, WatcherSettings settings, WatcherMetrics metrics) {
    Watcher watcher = new Watcher(client, store, settings, metrics);
    settings.leaderElection().ifPresentOrElse(watcher::standForElection, watcher::lead);
    return watcher;
  }

  /** Whether this replica records now. */
  public boolean leading() {
    return leading;
  }

  /** Whether every pod reported so far is recorded, or given up; none waits for a retry. */
  public boolean idle() {
    return pods.idle();
  }

  private synchronized void lead() {
    if (closed) {
      return;
    }
    pods.start();
    leading = true;
  }

  private synchronized void stopLeading() {
    leading = false;
    pods.close();
  }

  private void standForElection(LeaseSettings lease) {
    LeaderElector elector =
        client
            .leaderElector()
            .withConfig(
                new LeaderElectionConfigBuilder()
                    .withName("mnemos-watcher")
                    .withLock(new LeaseLock(lease.namespace(), lease.name(), lease.identity()))
                    .withLeaseDuration(lease.duration())
                    .withRenewDeadline(lease.renewDeadline())
                    .withRetryPeriod(lease.retryPeriod())
                    .withReleaseOnCancel(true)
                    .withLeaderCallbacks(
                        new LeaderCallbacks(
                            () -> {
                              log.info("{} leads: recording", lease.identity());
                              lead();
                            },
                            () -> {
                              log.info("{} no longer leads: not recording", lease.identity());
                              stopLeading();
                            },
                            leader -> {
                              if (leader != null) {
                                log.info("Lease {} is held by {}", lease.name(), leader);
                              }
                            }))
                    .build())
            .build();
    synchronized (this) {
      election = elector.start();
    }
    election.whenComplete(
        (done, error) -> {
          if (!closed) {
            standForElection(lease);
          }
        });
  }

  @Override
  public void close() {
    closed = true;
    synchronized (this) {
      if (election != null) {
        election.cancel(true);
      }
    }
    stopLeading();
  }
}
