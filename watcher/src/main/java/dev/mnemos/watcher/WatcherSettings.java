package dev.mnemos.watcher;

import dev.mnemos.watcher.argo.S3Location;
import dev.mnemos.watcher.election.LeaseSettings;
import java.time.Duration;
import java.util.Optional;

/**
 * How the watcher runs.
 *
 * @param namespace the namespace to watch; empty watches all (as KFP's multi-user install does)
 * @param defaultRepository endpoint and bucket for key-only artifact locations when neither the
 *     workflow nor the template names the repository (KFP's default: MinIO, bucket mlpipeline)
 * @param callTimeout deadline of each call to the store
 * @param queueCapacity pods waiting to be recorded before the watch waits for the store
 * @param firstRetry delay before the first retry of a failed record; doubles per failure
 * @param lastRetry the longest delay between retries
 * @param unresolvedRetries how often a step whose input artifacts are unknown is tried again
 * @param leaderElection when present, only the holder of this lease records
 */
public record WatcherSettings(
    Optional<String> namespace,
    S3Location defaultRepository,
    Duration callTimeout,
    int queueCapacity,
    Duration firstRetry,
    Duration lastRetry,
    int unresolvedRetries,
    Optional<LeaseSettings> leaderElection) {

  public static final S3Location KFP_REPOSITORY =
      new S3Location("minio-service.kubeflow:9000", "mlpipeline", "");

  public static WatcherSettings defaults() {
    return new WatcherSettings(
        Optional.empty(),
        KFP_REPOSITORY,
        Duration.ofSeconds(10),
        10_000,
        Duration.ofMillis(200),
        Duration.ofSeconds(30),
        8,
        Optional.empty());
  }

  public WatcherSettings inNamespace(String namespace) {
    return new WatcherSettings(
        Optional.of(namespace),
        defaultRepository,
        callTimeout,
        queueCapacity,
        firstRetry,
        lastRetry,
        unresolvedRetries,
        leaderElection);
  }

  public WatcherSettings withRepository(S3Location repository) {
    return new WatcherSettings(
        namespace,
        repository,
        callTimeout,
        queueCapacity,
        firstRetry,
        lastRetry,
        unresolvedRetries,
        leaderElection);
  }

  public WatcherSettings withRetries(Duration first, Duration last) {
    return new WatcherSettings(
        namespace,
        defaultRepository,
        callTimeout,
        queueCapacity,
        first,
        last,
        unresolvedRetries,
        leaderElection);
  }

  public WatcherSettings withLeaderElection(LeaseSettings lease) {
    return new WatcherSettings(
        namespace,
        defaultRepository,
        callTimeout,
        queueCapacity,
        firstRetry,
        lastRetry,
        unresolvedRetries,
        Optional.of(lease));
  }
}
