package dev.mnemos.proto;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How often, and after how long a wait, a failure that may pass by itself is tried again: at most
 * {@code attempts} tries in all, the waits doubling from {@code first} to at most {@code last};
 * with {@code jitter} each wait is drawn at random up to that bound, so that writers who collided
 * do not collide again. The one schedule of every retry in Mnemos: the store's after a deadlock,
 * the start while the database is away, the watcher's while the store is.
 */
public record RetryPolicy(int attempts, Duration first, Duration last, boolean jitter) {

  /** Tries for as long as it takes. */
  public static final int FOREVER = Integer.MAX_VALUE;

  public RetryPolicy {
    if (attempts < 1 || first.isNegative() || last.compareTo(first) < 0) {
      throw new IllegalArgumentException(
          "a retry policy needs attempts >= 1 and 0 <= first <= last: "
              + attempts
              + ", "
              + first
              + ", "
              + last);
    }
  }

  /** The same schedule with at most {@code attempts} tries. */
  public RetryPolicy withAttempts(int attempts) {
    return new RetryPolicy(attempts, first, last, jitter);
  }

  /**
   * The wait before trying again after {@code failed} tries failed, or empty when no tries are
   * left.
   */
  public Optional<Duration> delayAfter(int failed) {
    if (failed >= attempts) {
      return Optional.empty();
    }
    long bound =
        Math.min(last.toMillis(), first.toMillis() << Math.min(Math.max(failed - 1, 0), 30));
    long millis = jitter ? 1 + ThreadLocalRandom.current().nextLong(Math.max(bound, 1)) : bound;
    return Optional.of(Duration.ofMillis(millis));
  }
}
