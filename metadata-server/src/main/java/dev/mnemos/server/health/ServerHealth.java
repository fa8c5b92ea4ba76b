package dev.mnemos.server.health;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the server can serve, as gRPC health and the HTTP readiness endpoint report it: not
 * before every part has started, and not while any {@link HealthCheck} finds a problem. The checks
 * run every interval on a thread of their own and the last result is kept, so asking is free and
 * never waits for a database that hangs; recovery is noticed by the same checks.
 */
public final class ServerHealth implements AutoCloseable {

  /** The answer: ready, or the problems by check name. */
  public record Report(boolean started, Map<String, String> problems) {
    public boolean ready() {
      return started && problems.isEmpty();
    }
  }

  private static final Logger log = LoggerFactory.getLogger(ServerHealth.class);

  private final Map<String, HealthCheck> checks;
  private final Duration interval;
  private final List<Consumer<Report>> listeners = new CopyOnWriteArrayList<>();
  private final ScheduledExecutorService thread =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().name("mnemos-health").daemon().factory());
  private volatile Report report = new Report(false, Map.of());
  private volatile boolean draining;

  /**
   * @param checks the checks by name, as reports show them
   */
  public ServerHealth(Map<String, HealthCheck> checks, Duration interval) {
    this.checks = new TreeMap<>(checks);
    this.interval = interval;
  }

  /** Everything is up: checking starts, and the server is ready once the checks pass. */
  public void started() {
    var unused =
        thread.scheduleWithFixedDelay(
            this::checkGuarded, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** An exception escaping a scheduled task would end the schedule, freezing the last report. */
  private void checkGuarded() {
    try {
      check();
    } catch (RuntimeException e) {
      log.error("Health check round failed; checking again next round", e);
    }
  }

  /**
   * The server is shutting down: not ready from now on, at once (gRPC health NOT_SERVING, /readyz
   * 503), so load balancers send no new calls while the ones in flight finish.
   */
  public void drain() {
    draining = true;
    try {
      thread.submit(this::check).get(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      log.debug("Health check while draining did not finish", e);
    }
  }

  /** The latest report; {@code listener} hears every change of readiness from now on. */
  public Report report() {
    return report;
  }

  public void onChange(Consumer<Report> listener) {
    listeners.add(listener);
    listener.accept(report);
  }

  private void check() {
    Map<String, String> problems = new TreeMap<>();
    checks.forEach(
        (name, check) -> {
          Optional<String> problem;
          try {
            problem = check.problem();
          } catch (RuntimeException e) {
            problem = Optional.of(String.valueOf(e));
          }
          problem.ifPresent(p -> problems.put(name, p));
        });
    if (draining) {
      problems.put("server", "shutting down");
    }
    Report previous = report;
    Report now = new Report(true, Map.copyOf(problems));
    report = now;
    if (now.ready() != previous.ready() || !now.problems().equals(previous.problems())) {
      if (now.ready()) {
        log.info("Serving");
      } else {
        log.warn("Not serving: {}", now.problems());
      }
      listeners.forEach(listener -> listener.accept(now));
    }
  }

  @Override
  public void close() {
    thread.shutdownNow();
  }
}
