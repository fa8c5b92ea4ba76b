package dev.mnemos.server.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits on a condition, never on a clock: polls it until it holds or the patience runs out. */
public final class Await {

  private Await() {}

  /** Returns once {@code condition} holds; fails with {@code what} after {@code patience}. */
  public static void until(String what, Duration patience, BooleanSupplier condition) {
    long deadline = System.nanoTime() + patience.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("Timed out after " + patience + " waiting for: " + what);
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for " + what, e);
      }
    }
  }
}
