package dev.mnemos.query;

import dev.mnemos.mlflow.MlflowTracking;
import dev.mnemos.mlflow.store.TrackingStore;
import dev.mnemos.query.config.QuerySettings;
import dev.mnemos.query.graphql.GraphQlEngine;
import dev.mnemos.query.graphql.GraphQlMetrics;
import dev.mnemos.query.graphql.QueryServices;
import dev.mnemos.query.http.HttpSecurity;
import dev.mnemos.query.http.QueryHttpServer;
import dev.mnemos.query.lifecycle.RunLifecycle;
import dev.mnemos.query.search.SearchIndex;
import dev.mnemos.query.search.SearchMetrics;
import dev.mnemos.query.summary.RunSummaries;
import dev.mnemos.server.store.MetadataStore;
import dev.mnemos.server.tenancy.ReadScopes;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The query layer over one store: summary tables kept in step with every write (back-filled first
 * when needed), the search index kept in step after every write, and the GraphQL engine over both.
 * Attach it before the store takes writes.
 */
public final class QueryLayer implements AutoCloseable {

  private final QueryServices services;
  private final GraphQlEngine engine;

  private QueryLayer(QueryServices services, GraphQlMetrics metrics) {
    this.services = services;
    this.engine = new GraphQlEngine(services, metrics);
  }

  /** A query layer whose metrics nobody reads, where every caller reads everything. */
  public static QueryLayer attach(MetadataStore store, Path indexFolder, QuerySettings settings) {
    return attach(store, indexFolder, settings, new PrometheusRegistry(), ReadScopes.EVERYTHING);
  }

  /**
   * A query layer counting GraphQL requests and the search index's state in {@code metrics}, each
   * request reading what {@code scopes} lets its caller read.
   */
  public static QueryLayer attach(
      MetadataStore store,
      Path indexFolder,
      QuerySettings settings,
      PrometheusRegistry metrics,
      ReadScopes scopes) {
    return attach(
        store,
        TrackingStore.open(store, MlflowTracking.DEFAULT_ARTIFACT_ROOT),
        indexFolder,
        settings,
        metrics,
        scopes,
        RunLifecycle.Protection.NONE);
  }

  /**
   * The same over {@code store} and the MLflow tracking store opened on it (metric histories),
   * where deleting runs keeps what {@code protection} names whatever a request says.
   */
  public static QueryLayer attach(
      MetadataStore store,
      TrackingStore tracking,
      Path indexFolder,
      QuerySettings settings,
      PrometheusRegistry metrics,
      ReadScopes scopes,
      RunLifecycle.Protection protection) {
    RunSummaries summaries = new RunSummaries(settings);
    store.database().addListener(summaries);
    summaries.backfillIfNeeded(store.database());
    SearchIndex search = SearchIndex.open(store, indexFolder, settings.searchPollInterval());
    SearchMetrics.register(metrics, search);
    return new QueryLayer(
        QueryServices.over(store, tracking, search, settings, scopes, protection),
        new GraphQlMetrics(metrics));
  }

  public QueryServices services() {
    return services;
  }

  public GraphQlEngine engine() {
    return engine;
  }

  /** What keeps the query layer from answering in step with the store, if anything. */
  public Optional<String> problem() {
    return services.search().problem();
  }

  /** Serves GraphQL over HTTP on {@code port} (0 picks a free one). */
  public QueryHttpServer serve(int port) throws IOException {
    return serve(port, HttpSecurity.OPEN);
  }

  /** Serves GraphQL on {@code port} (0 picks a free one), protected as {@code security} says. */
  public QueryHttpServer serve(int port, HttpSecurity security) throws IOException {
    return QueryHttpServer.start(port, engine, security);
  }

  @Override
  public void close() {
    services.search().close();
  }
}
