package dev.mnemos.watcher;

import dev.mnemos.proto.RetryPolicy;
import io.grpc.Status;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * When a pod's record is tried again, by what the store answered: while the store is away or busy,
 * for as long as it takes (nothing is lost); after an error that may pass, for a few minutes; after
 * one that will not, a few times. The waits follow one {@link RetryPolicy}; attempts are counted
 * per pod until it is recorded or given up.
 */
final class RecordingRetries {

  /** The store is away or busy: retried for as long as it takes, so nothing is lost. */
  private static final Set<Status.Code> UNAVAILABLE =
      Set.of(
          Status.Code.UNAVAILABLE,
          Status.Code.DEADLINE_EXCEEDED,
          Status.Code.ABORTED,
          Status.Code.RESOURCE_EXHAUSTED,
          Status.Code.CANCELLED);

  /**
   * The store failed in a way that may pass (a lost database connection) or may not (a value its
   * schema cannot hold): retried for a few minutes, then given up and counted.
   */
  private static final Set<Status.Code> MAYBE_TRANSIENT =
      Set.of(Status.Code.INTERNAL, Status.Code.UNKNOWN);

  private static final int MAYBE_TRANSIENT_RETRIES = 12;
  static final int PERMANENT_ERROR_RETRIES = 3;

  private final RetryPolicy schedule;
  private final Map<String, Integer> failures = new HashMap<>();

  RecordingRetries(Duration first, Duration last) {
    this.schedule = new RetryPolicy(RetryPolicy.FOREVER, first, last, false);
  }

  /** How many retries an answer with this status earns. */
  static int allowedAfter(Status.Code code) {
    return UNAVAILABLE.contains(code)
        ? RetryPolicy.FOREVER - 1
        : MAYBE_TRANSIENT.contains(code) ? MAYBE_TRANSIENT_RETRIES : PERMANENT_ERROR_RETRIES;
  }

  /**
   * Counts a failure of {@code key}; the wait before its next try, or empty when its {@code
   * allowed} retries are spent (its count is then forgotten).
   */
  Optional<Duration> failed(String key, int allowed) {
    int failed = failures.merge(key, 1, Integer::sum);
    Optional<Duration> wait = schedule.withAttempts(allowed + 1).delayAfter(failed);
    if (wait.isEmpty()) {
      failures.remove(key);
    }
    return wait;
  }

  /** How many times {@code key} failed so far. */
  int failures(String key) {
    return failures.getOrDefault(key, 0);
  }

  /** {@code key} was recorded: its count starts over. */
  void succeeded(String key) {
    failures.remove(key);
  }
}
