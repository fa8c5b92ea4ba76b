package dev.mnemos.mlflow.model;

import org.jspecify.annotations.Nullable;

/**
 * What MLflow says about a run beside its data: ids, name, owner, status, times in milliseconds
 * ({@code endTime} null while it has none), where its artifacts go and its lifecycle stage.
 */
public record RunInfo(
    String runId,
    String experimentId,
    String runName,
    String userId,
    RunStatus status,
    long startTime,
    @Nullable Long endTime,
    String artifactUri,
    LifecycleStage lifecycleStage) {}
