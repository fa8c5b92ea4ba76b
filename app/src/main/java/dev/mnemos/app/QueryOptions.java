package dev.mnemos.app;

import dev.mnemos.query.config.QuerySettings;
import java.util.Set;
import picocli.CommandLine.Option;

/** What the query layer reads as runs and metrics, and which way metrics are better. */
final class QueryOptions {

  @Option(
      names = "--run_types",
      split = ",",
      description =
          "Context types whose contexts are pipeline runs (default"
              + " system.PipelineRun,KfpRun,mlflow.Run).")
  Set<String> runTypes;

  @Option(
      names = "--metrics_types",
      split = ",",
      description = "Artifact types whose numeric properties are metrics (default system.Metrics).")
  Set<String> metricsTypes;

  @Option(
      names = "--metrics_lower_is_better",
      split = ",",
      description =
          "Words that, in a metric's name, make it better low (default loss, error, mse, rmse, mae,"
              + " perplexity, latency): runs sort by it lowest first, compare marks the lowest"
              + " best.")
  Set<String> lowerIsBetter;

  QuerySettings settings() {
    QuerySettings settings = QuerySettings.defaults();
    if (runTypes != null && !runTypes.isEmpty()) {
      settings = settings.withRunTypes(runTypes);
    }
    if (metricsTypes != null && !metricsTypes.isEmpty()) {
      settings = settings.withMetricsTypes(metricsTypes);
    }
    if (lowerIsBetter != null && !lowerIsBetter.isEmpty()) {
      settings = settings.withLowerIsBetterWords(lowerIsBetter);
    }
    return settings;
  }
}
