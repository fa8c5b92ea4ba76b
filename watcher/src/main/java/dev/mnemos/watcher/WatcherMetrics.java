package dev.mnemos.watcher;

import com.sun.net.httpserver.HttpHandler;
import dev.mnemos.watcher.step.StepKind;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.exporter.httpserver.MetricsHandler;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.Locale;

/**
 * The watcher's counters and lag, in Prometheus' text format on the HTTP port's {@code /metrics}.
 */
public final class WatcherMetrics {

  private final PrometheusRegistry registry;
  private final Counter seen;
  private final Counter events;
  private final Counter recorded;
  private final Counter skipped;
  private final Counter failed;
  private final Counter retries;
  private final Histogram lag;

  public WatcherMetrics(PrometheusRegistry registry) {
    this.registry = registry;
    this.seen =
        Counter.builder()
            .name("mnemos_watcher_pods_seen_total")
            .help("Pipeline pods the watcher has seen (once per pod and process).")
            .register(registry);
    this.events =
        Counter.builder()
            .name("mnemos_watcher_pod_events_total")
            .help(
                "Pod states reported to the watcher: added, changed, deleted, or re-read when their workflow or task result changed.")
            .register(registry);
    this.recorded =
        Counter.builder()
            .name("mnemos_watcher_pods_recorded_total")
            .help("Writes that changed the store: a step's start, progress, end or outputs.")
            .register(registry);
    this.skipped =
        Counter.builder()
            .name("mnemos_watcher_pods_skipped_total")
            .help("Pods not recorded, by reason: KFP v2 drivers and TFX components.")
            .labelNames("kind")
            .register(registry);
    this.failed =
        Counter.builder()
            .name("mnemos_watcher_pods_failed_total")
            .help("Pods the watcher gave up recording (invalid data or inputs never found).")
            .register(registry);
    this.retries =
        Counter.builder()
            .name("mnemos_watcher_retries_total")
            .help("Records retried after the store failed or an input was not recorded yet.")
            .register(registry);
    this.lag =
        Histogram.builder()
            .name("mnemos_watcher_record_lag_seconds")
            .help("Time from a step's end (its main container finishing) to its record.")
            .register(registry);
  }

  public static WatcherMetrics inOwnRegistry() {
    return new WatcherMetrics(new PrometheusRegistry());
  }

  /** Serves the metrics in Prometheus' text format. */
  public HttpHandler handler() {
    return new MetricsHandler(registry);
  }

  void seen() {
    seen.inc();
  }

  void event() {
    events.inc();
  }

  void recorded() {
    recorded.inc();
  }

  void skipped(StepKind kind) {
    skipped.labelValues(kind.name().toLowerCase(Locale.ROOT)).inc();
  }

  void failed() {
    failed.inc();
  }

  void retried() {
    retries.inc();
  }

  void lag(Duration sinceEnd) {
    lag.observe(Math.max(0, sinceEnd.toMillis()) / 1000.0);
  }

  public long seenCount() {
    return (long) seen.get();
  }

  public long eventCount() {
    return (long) events.get();
  }

  public long recordedCount() {
    return (long) recorded.get();
  }

  public long skippedCount(StepKind kind) {
    return (long) skipped.labelValues(kind.name().toLowerCase(Locale.ROOT)).get();
  }

  public long failedCount() {
    return (long) failed.get();
  }

  public long retryCount() {
    return (long) retries.get();
  }

  public long lagCount() {
    return lag.collect().getDataPoints().getFirst().getCount();
  }
}
