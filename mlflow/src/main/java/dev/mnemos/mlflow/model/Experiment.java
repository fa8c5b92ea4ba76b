package dev.mnemos.mlflow.model;

import java.util.Map;

/**
 * An MLflow experiment: its id (MLflow's decimal string), unique name, where its runs' artifacts
 * go, whether it is {@code active} or {@code deleted}, its times in milliseconds and its tags.
 */
public record Experiment(
    String id,
    String name,
    String artifactLocation,
    LifecycleStage lifecycleStage,
    long creationTime,
    long lastUpdateTime,
    Map<String, String> tags) {}
