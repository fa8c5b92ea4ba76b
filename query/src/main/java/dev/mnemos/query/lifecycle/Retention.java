package dev.mnemos.query.lifecycle;

import dev.mnemos.server.auth.Caller;
import dev.mnemos.server.errors.StoreException;
import dev.mnemos.server.model.DeletionReport;
import dev.mnemos.server.store.NamedLock;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies a retention policy: every interval, each rule in turn deletes the runs it names (under
 * the store's rule, with the server's protection), as Mnemos itself. When replicas share a
 * database, one at a time runs a pass ({@link NamedLock}); the others skip it, and the next pass,
 * wherever it runs, sees what the last one deleted, so each run is deleted once.
 */
public final class Retention implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Retention.class);

  /**
   * @param rules what to delete
   * @param interval time between passes; the first is one interval after start
   */
  public record Policy(List<RetentionRule> rules, Duration interval) {
    public Policy {
      rules = List.copyOf(rules);
      if (interval.isNegative() || interval.isZero()) {
        throw StoreException.invalidArgument("the retention interval must be positive");
      }
    }
  }

  private final RunLifecycle lifecycle;
  private final NamedLock lock;
  private final Policy policy;
  private final Clock clock;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().daemon().name("mnemos-retention").factory());

  public Retention(RunLifecycle lifecycle, NamedLock lock, Policy policy, Clock clock) {
    this.lifecycle = lifecycle;
    this.lock = lock;
    this.policy = policy;
    this.clock = clock;
  }

  /** Starts the passes, one interval apart. */
  public Retention start() {
    long millis = policy.interval().toMillis();
    timer.scheduleWithFixedDelay(this::passLogged, millis, millis, TimeUnit.MILLISECONDS);
    return this;
  }

  /**
   * One pass of every rule, unless another replica is running one.
   *
   * @return what the pass removed, or empty when another replica held the pass
   */
  public Optional<DeletionReport> pass() {
    return lock.ifFree(
        () -> {
          DeletionReport removed = DeletionReport.NOTHING;
          for (RetentionRule rule : policy.rules()) {
            DeletionOrder order =
                new DeletionOrder(
                    rule.selection(clock.instant()),
                    Optional.empty(),
                    Optional.empty(),
                    false,
                    Optional.empty(),
                    Optional.empty());
            removed = removed.then(lifecycle.delete(Caller.INTERNAL, order, progress -> {}));
          }
          return removed;
        });
  }

  private void passLogged() {
    try {
      long started = System.nanoTime();
      pass()
          .ifPresentOrElse(
              removed ->
                  log.info(
                      "Retention removed {} runs, {} executions and {} artifacts; {} runs stay for"
                          + " lineage ({} ms)",
                      removed.removedRuns().size(),
                      removed.executions().size(),
                      removed.artifacts().size(),
                      removed.retainedRuns().size(),
                      (System.nanoTime() - started) / 1_000_000),
              () -> log.debug("Retention pass skipped: another replica is running one"));
    } catch (RuntimeException e) {
      // The next pass tries again; a failed batch rolled back alone.
      log.warn("Retention pass failed: {}", e.toString());
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
