package dev.mnemos.app;

import dev.mnemos.query.config.QuerySettings;
import java.util.Set;
import picocli.CommandLine.Option;

/** What the query layer reads as runs and metrics. */
final class QueryOptions {

  @Option(
      names = "--run_types",
      split = ",",
      description =
          "Context types whose contexts are pipeline runs (default system.PipelineRun,KfpRun).")
  Set<String> runTypes;

  @Option(
      names = "--metrics_types",
      split = ",",
      description = "Artifact types whose numeric properties are metrics (default system.Metrics).")
  Set<String> metricsTypes;

  QuerySettings settings() {
    QuerySettings settings = QuerySettings.defaults();
    if (runTypes != null && !runTypes.isEmpty()) {
      settings = settings.withRunTypes(runTypes);
    }
    if (metricsTypes != null && !metricsTypes.isEmpty()) {
      settings = settings.withMetricsTypes(metricsTypes);
    }
    return settings;
  }
}
