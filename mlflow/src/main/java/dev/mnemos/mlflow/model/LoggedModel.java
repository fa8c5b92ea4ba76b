package dev.mnemos.mlflow.model;

import java.util.List;
import java.util.Map;

/**
 * A logged model (MLflow 3's unit of a model): its id ({@code m-} and 32 hex digits), the
 * experiment it belongs to, its name, where its artifacts go, its times in milliseconds, its status
 * and type, the run that made it ({@code ""} when none was named), its tags and params by key, and
 * the metric values logged to it.
 */
public record LoggedModel(
    String modelId,
    String experimentId,
    String name,
    String artifactUri,
    long creationTime,
    long lastUpdatedTime,
    LoggedModelStatus status,
    String modelType,
    String sourceRunId,
    LifecycleStage lifecycleStage,
    Map<String, String> tags,
    Map<String, String> params,
    List<ModelMetric> metrics) {}
