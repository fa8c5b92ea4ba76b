package dev.mnemos.server.store;

import dev.mnemos.server.errors.StoreException;
import java.time.Duration;

/**
 * How many runs the next batch of a deletion takes. A batch is one write transaction, and every
 * write that arrives while it runs waits for it, so its size is what a deletion costs other
 * writers. Either fixed, or paced by time: each batch sized from the pace of the one before so that
 * its work takes about a target time, whatever the runs weigh on this store.
 *
 * <p>A paced deletion starts with one run, grows at most twofold per batch (a light batch says
 * little about the next runs) and shrinks at once (a heavy one says they cost more). One run is the
 * least a batch takes, so a run heavier than the target still holds writers for its own time. One
 * per deletion: it remembers the last batch.
 */
public final class BatchPace {

  /** The most runs a paced batch takes, however light they are. */
  static final int MOST_RUNS = 1000;

  private final long targetNanos;
  private int next;

  private BatchPace(long targetNanos, int first) {
    this.targetNanos = targetNanos;
    this.next = first;
  }

  /**
   * Always {@code runs} per batch.
   *
   * @throws StoreException INVALID_ARGUMENT when {@code runs} is below 1
   */
  public static BatchPace fixed(int runs) {
    if (runs < 1) {
      throw StoreException.invalidArgument("runs per batch must be at least 1");
    }
    return new BatchPace(0, runs);
  }

  /** Batches whose work takes about {@code target} each. */
  public static BatchPace timed(Duration target) {
    if (target.isNegative() || target.isZero()) {
      throw StoreException.invalidArgument("the time of a deletion batch must be positive");
    }
    return new BatchPace(target.toNanos(), 1);
  }

  /** Runs the next batch takes. */
  int next() {
    return next;
  }

  /** The batch of {@code runs} runs took {@code nanos} of work; sizes the next one. */
  void took(int runs, long nanos) {
    if (targetNanos == 0) {
      return;
    }
    double nanosPerRun = Math.max(1, nanos) / (double) runs;
    long fits = (long) (targetNanos / nanosPerRun);
    next = (int) Math.clamp(fits, 1, Math.min(2L * runs, MOST_RUNS));
  }
}
