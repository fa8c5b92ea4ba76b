package dev.mnemos.server.store;

import dev.mnemos.server.errors.ErrorCode;
import dev.mnemos.server.errors.StoreException;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A time limit on every database statement that some work runs on its thread, however many it runs:
 * a GraphQL request's time budget reaches into lineage walks and aggregates this way. Past the
 * limit no further statement starts, and a statement running when it passes is cut off by the
 * database (the JDBC query timeout); either way the work ends with RESOURCE_EXHAUSTED.
 */
public final class Deadline {

  private static final ScopedValue<Deadline> CURRENT = ScopedValue.newInstance();

  private final long endsNanos;
  private final String exceededMessage;

  private Deadline(long endsNanos, String exceededMessage) {
    this.endsNanos = endsNanos;
    this.exceededMessage = exceededMessage;
  }

  /**
   * Runs {@code work} with its statements limited to end by {@code endsNanos} ({@link
   * System#nanoTime()}); past it, RESOURCE_EXHAUSTED with {@code exceededMessage}.
   */
  public static <T> T until(long endsNanos, String exceededMessage, Supplier<T> work) {
    return ScopedValue.where(CURRENT, new Deadline(endsNanos, exceededMessage)).call(work::get);
  }

  /** The deadline of the work running on this thread, if it has one. */
  static Optional<Deadline> current() {
    return CURRENT.isBound() ? Optional.of(CURRENT.get()) : Optional.empty();
  }

  Duration remaining() {
    return Duration.ofNanos(endsNanos - System.nanoTime());
  }

  boolean passed() {
    return System.nanoTime() - endsNanos >= 0;
  }

  StoreException exceeded() {
    return new StoreException(ErrorCode.RESOURCE_EXHAUSTED, exceededMessage);
  }
}
