package dev.mnemos.mlflow.model;

import org.jspecify.annotations.Nullable;

/**
 * A dataset a logged-model search names: models match through metric values measured on it. A
 * digest that is null matches values logged without one, as MLflow's SQL store compares.
 */
public record ModelDataset(String name, @Nullable String digest) {}
