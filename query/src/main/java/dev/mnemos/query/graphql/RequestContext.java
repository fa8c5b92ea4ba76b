package dev.mnemos.query.graphql;

import dev.mnemos.query.runs.MetricQueries;
import dev.mnemos.query.runs.RunQueries;
import dev.mnemos.server.auth.Caller;
import dev.mnemos.server.errors.ErrorCode;
import dev.mnemos.server.errors.StoreException;
import dev.mnemos.server.scope.ReadScope;
import dev.mnemos.server.store.Deadline;
import dev.mnemos.server.store.MetadataGraph;
import graphql.schema.DataFetchingEnvironment;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;
import org.dataloader.DataLoader;
import org.dataloader.DataLoaderRegistry;

/**
 * What one GraphQL request's fetchers share: the services as its caller may read them (every read
 * goes through {@link #graph()}, {@link #runs()} and {@link #metrics()}, never the services' own),
 * its loaders and its time budget.
 */
final class RequestContext {

  static final String KEY = "mnemos.request";

  private final QueryServices services;
  private final Caller caller;
  private final MetadataGraph graph;
  private final RunQueries runs;
  private final MetricQueries metrics;
  private final DataLoaderRegistry loaders;
  private final long deadlineNanos;
  private final long budgetMillis;

  RequestContext(QueryServices services, Caller caller, ReadScope scope, long budgetMillis) {
    this.services = services;
    this.caller = caller;
    this.graph = services.store().scopedTo(scope).graph();
    this.runs = services.runs().scopedTo(scope);
    this.metrics = services.metrics().scopedTo(scope);
    this.loaders = Loaders.forRequest(graph, runs);
    this.budgetMillis = budgetMillis;
    this.deadlineNanos = System.nanoTime() + budgetMillis * 1_000_000;
  }

  static RequestContext of(DataFetchingEnvironment env) {
    RequestContext context =
        Objects.requireNonNull(env.getGraphQlContext().get(KEY), "every request has a context");
    context.checkBudget();
    return context;
  }

  QueryServices services() {
    return services;
  }

  /** Who asks: what a write checks and acts as (reads are scoped already). */
  Caller caller() {
    return caller;
  }

  /** The store's typed reads, in the caller's scope. */
  MetadataGraph graph() {
    return graph;
  }

  RunQueries runs() {
    return runs;
  }

  MetricQueries metrics() {
    return metrics;
  }

  DataLoaderRegistry loaders() {
    return loaders;
  }

  <K, V> DataLoader<K, V> loader(String name) {
    return Objects.requireNonNull(loaders.getDataLoader(name), name);
  }

  /** What is left of the time budget, for work that checks it as it goes (search). */
  Duration remainingBudget() {
    return Duration.ofNanos(Math.max(0, deadlineNanos - System.nanoTime()));
  }

  /** Stops a query that has run past its time budget, before it does more work. */
  void checkBudget() {
    if (System.nanoTime() > deadlineNanos) {
      throw new StoreException(ErrorCode.RESOURCE_EXHAUSTED, overBudget());
    }
  }

  /**
   * Runs the request with the budget on every database statement it makes, so that a field that
   * runs many (a lineage walk) or a long one (an aggregate) stops at the budget too.
   */
  <T> T withinBudget(Supplier<T> work) {
    return Deadline.until(deadlineNanos, overBudget(), work);
  }

  private String overBudget() {
    return "the query ran past its time budget of " + budgetMillis + " ms; ask for less";
  }
}
