package dev.mnemos.query.search;

import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * The search index as an operator watches it: how long the oldest write not yet searchable has
 * waited, how many documents it holds, and whether it works. Read from {@link SearchIndex#status()}
 * when scraped.
 */
public final class SearchMetrics {

  private SearchMetrics() {}

  public static void register(PrometheusRegistry registry, SearchIndex index) {
    GaugeWithCallback.builder()
        .name("mnemos_search_lag_seconds")
        .help("How long the oldest write not yet searchable has waited (0 when none waits).")
        .callback(gauge -> gauge.call(index.status().lagMillis() / 1000.0))
        .register(registry);
    GaugeWithCallback.builder()
        .name("mnemos_search_documents")
        .help("Nodes in the search index.")
        .callback(gauge -> gauge.call(index.status().documents()))
        .register(registry);
    GaugeWithCallback.builder()
        .name("mnemos_search_healthy")
        .help("1 while the search index works, 0 while it has failed and is being reopened.")
        .callback(gauge -> gauge.call(index.problem().isEmpty() ? 1 : 0))
        .register(registry);
  }
}
