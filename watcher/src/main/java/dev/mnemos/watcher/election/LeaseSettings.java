package dev.mnemos.watcher.election;

import java.time.Duration;

/**
 * A Kubernetes Lease that elects one recording watcher among replicas.
 *
 * @param namespace where the lease lives
 * @param name the lease's name
 * @param identity this replica's name in the lease (the pod name, in a cluster)
 * @param duration how long a lease holds without renewal
 * @param renewDeadline how long the leader tries to renew before it gives up leading
 * @param retryPeriod how often candidates try
 */
public record LeaseSettings(
    String namespace,
    String name,
    String identity,
    Duration duration,
    Duration renewDeadline,
    Duration retryPeriod) {

  public static LeaseSettings of(String namespace, String name, String identity) {
    return new LeaseSettings(
        namespace,
        name,
        identity,
        Duration.ofSeconds(15),
        Duration.ofSeconds(10),
        Duration.ofSeconds(2));
  }
}
