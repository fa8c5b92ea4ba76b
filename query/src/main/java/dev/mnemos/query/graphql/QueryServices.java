package dev.mnemos.query.graphql;

import dev.mnemos.mlflow.store.TrackingStore;
import dev.mnemos.query.config.QuerySettings;
import dev.mnemos.query.lifecycle.RunLifecycle;
import dev.mnemos.query.runs.MetricQueries;
import dev.mnemos.query.runs.RunQueries;
import dev.mnemos.query.search.SearchIndex;
import dev.mnemos.server.store.MetadataStore;
import dev.mnemos.server.tenancy.ReadScopes;

/**
 * The protocol-neutral services the query transports translate to: the MLMD store itself, MLflow's
 * tracking store (metric histories), run history, metric aggregation and full-text search, with the
 * settings they were built for, and what each caller may read of them ({@code scopes}; requests
 * read through views in that scope).
 */
public record QueryServices(
    MetadataStore store,
    TrackingStore tracking,
    RunQueries runs,
    MetricQueries metrics,
    SearchIndex search,
    QuerySettings settings,
    ReadScopes scopes,
    RunLifecycle lifecycle) {

  public static QueryServices over(
      MetadataStore store,
      TrackingStore tracking,
      SearchIndex search,
      QuerySettings settings,
      ReadScopes scopes,
      RunLifecycle.Protection protection) {
    return new QueryServices(
        store,
        tracking,
        new RunQueries(store.database()),
        new MetricQueries(store.database()),
        search,
        settings,
        scopes,
        new RunLifecycle(store, settings, protection));
  }
}
