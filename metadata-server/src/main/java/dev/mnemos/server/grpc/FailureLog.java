package dev.mnemos.server.grpc;

import java.time.Duration;
import java.util.function.LongSupplier;
import org.slf4j.Logger;

/**
 * Logs failed calls one line each, at most {@code perWindow} lines per window: a client that sends
 * the same bad call in a loop fills no disk. What was left out is counted in the next line; stack
 * traces are at DEBUG.
 */
final class FailureLog {

  private final Logger log;
  private final int perWindow;
  private final long windowNanos;
  private final LongSupplier nanoTime;
  private long windowStart;
  private int logged;
  private long suppressed;

  FailureLog(Logger log, int perWindow, Duration window) {
    this(log, perWindow, window, System::nanoTime);
  }

  /**
   * @param nanoTime the monotonic clock (tests pass their own)
   */
  FailureLog(Logger log, int perWindow, Duration window, LongSupplier nanoTime) {
    this.log = log;
    this.perWindow = perWindow;
    this.windowNanos = window.toNanos();
    this.nanoTime = nanoTime;
    this.windowStart = nanoTime.getAsLong();
  }

  void failed(String call, Throwable failure) {
    long left;
    synchronized (this) {
      long now = nanoTime.getAsLong();
      if (now - windowStart >= windowNanos) {
        windowStart = now;
        logged = 0;
      }
      if (logged >= perWindow) {
        suppressed++;
        return;
      }
      logged++;
      left = suppressed;
      suppressed = 0;
    }
    log.warn(
        "{} failed: {}{}",
        call,
        failure,
        left == 0 ? "" : " (" + left + " more failures not logged)");
    log.debug("{} failed", call, failure);
  }
}
