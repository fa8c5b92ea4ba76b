package dev.mnemos.query.graphql;

import dev.mnemos.query.config.QuerySettings;
import dev.mnemos.query.runs.MetricQueries;
import dev.mnemos.query.runs.RunQueries;
import dev.mnemos.query.search.SearchIndex;
import dev.mnemos.server.store.MetadataStore;

/**
 * The protocol-neutral services the query transports translate to: the MLMD store itself, run
 * history, metric aggregation and full-text search, with the settings they were built for.
 */
public record QueryServices(
    MetadataStore store,
    RunQueries runs,
    MetricQueries metrics,
    SearchIndex search,
    QuerySettings settings) {

  public static QueryServices over(
      MetadataStore store, SearchIndex search, QuerySettings settings) {
    return new QueryServices(
        store,
        new RunQueries(store.database()),
        new MetricQueries(store.database()),
        search,
        settings);
  }
}
