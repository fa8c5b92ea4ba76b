package dev.mnemos.mlflow.model;

import org.jspecify.annotations.Nullable;

/**
 * A metric value logged to a logged model (MLflow's metric with a {@code model_id}): by the run
 * {@code runId}, optionally measured on a dataset named by name and digest.
 */
public record ModelMetric(
    String modelId,
    Metric metric,
    String runId,
    @Nullable String datasetName,
    @Nullable String datasetDigest) {}
