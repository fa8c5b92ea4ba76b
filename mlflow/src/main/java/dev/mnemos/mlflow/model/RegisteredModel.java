package dev.mnemos.mlflow.model;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A registered model of MLflow's registry: its latest version in each stage (in version order), its
 * tags, and its aliases with the version each names, in alias order.
 */
public record RegisteredModel(
    String name,
    long creationTime,
    long lastUpdatedTime,
    @Nullable String description,
    List<ModelVersion> latestVersions,
    Map<String, String> tags,
    Map<String, Integer> aliases) {}
