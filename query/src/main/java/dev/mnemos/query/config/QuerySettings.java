package dev.mnemos.query.config;

import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the query layer reads as runs, pipelines and metrics, and the limits it puts on one query.
 *
 * @param runTypes context types whose contexts are pipeline runs
 * @param pipelineTypes context types whose contexts, as parents of a run, name its pipeline
 * @param metricsTypes artifact types whose numeric properties are scalar metrics
 * @param ignoredExecutionProperties numeric execution properties that are bookkeeping, not metrics
 * @param limits protection of the server against costly queries
 * @param searchPollInterval how often the search index looks for nodes that other processes (other
 *     replicas, the MLMD library) wrote to the same database
 * @param lowerIsBetterWords words that, in a metric's name, make it better low (loss, error, ...)
 */
public record QuerySettings(
    Set<String> runTypes,
    Set<String> pipelineTypes,
    Set<String> metricsTypes,
    Set<String> ignoredExecutionProperties,
    Limits limits,
    Duration searchPollInterval,
    Set<String> lowerIsBetterWords) {

  /**
   * @param maxDepth deepest selection nesting a query may have
   * @param maxComplexity most fields a query may select, counting each list item field once
   * @param maxPageSize largest {@code first} of a connection or node limit of a walk
   * @param timeBudget wall time after which a query is cut off
   */
  public record Limits(int maxDepth, int maxComplexity, int maxPageSize, Duration timeBudget) {}

  /**
   * KFP v1 and v2 names and MLflow's (a run, its experiment), and bookkeeping properties the KFP v2
   * driver puts on executions.
   */
  public static QuerySettings defaults() {
    return new QuerySettings(
        Set.of("system.PipelineRun", "KfpRun", "mlflow.Run"),
        Set.of("system.Pipeline", "mlflow.Experiment"),
        Set.of("system.Metrics"),
        Set.of(
            "parent_dag_id",
            "iteration_index",
            "iteration_count",
            "total_dag_tasks",
            "cached_execution_id"),
        new Limits(20, 5000, 1000, Duration.ofSeconds(30)),
        Duration.ofSeconds(5),
        Set.of("loss", "error", "mse", "rmse", "mae", "perplexity", "latency"));
  }

  public QuerySettings withRunTypes(Set<String> names) {
    return new QuerySettings(
        Set.copyOf(names),
        pipelineTypes,
        metricsTypes,
        ignoredExecutionProperties,
        limits,
        searchPollInterval,
        lowerIsBetterWords);
  }

  public QuerySettings withMetricsTypes(Set<String> names) {
    return new QuerySettings(
        runTypes,
        pipelineTypes,
        Set.copyOf(names),
        ignoredExecutionProperties,
        limits,
        searchPollInterval,
        lowerIsBetterWords);
  }

  public QuerySettings withLimits(Limits newLimits) {
    return new QuerySettings(
        runTypes,
        pipelineTypes,
        metricsTypes,
        ignoredExecutionProperties,
        newLimits,
        searchPollInterval,
        lowerIsBetterWords);
  }

  public QuerySettings withSearchPollInterval(Duration interval) {
    return new QuerySettings(
        runTypes,
        pipelineTypes,
        metricsTypes,
        ignoredExecutionProperties,
        limits,
        interval,
        lowerIsBetterWords);
  }

  public QuerySettings withLowerIsBetterWords(Set<String> words) {
    return new QuerySettings(
        runTypes,
        pipelineTypes,
        metricsTypes,
        ignoredExecutionProperties,
        limits,
        searchPollInterval,
        Set.copyOf(words));
  }

  /** A stable text of what decides the summary tables' content; a change means a rebuild. */
  public String summaryFingerprint() {
    return "runs="
        + new TreeSet<>(runTypes)
        + ";pipelines="
        + new TreeSet<>(pipelineTypes)
        + ";metrics="
        + new TreeSet<>(metricsTypes)
        + ";ignored="
        + new TreeSet<>(ignoredExecutionProperties)
        // v2: metric rows name their step.
        + ";v2";
  }
}
