package dev.mnemos.mlflow.model;

import org.jspecify.annotations.Nullable;

/**
 * A dataset as MLflow describes it: a name and a digest of its content (which together identify it
 * within an experiment), what kind of place it comes from and where, and optionally its schema and
 * profile, as the client computed them (JSON text).
 */
public record Dataset(
    String name,
    String digest,
    String sourceType,
    String source,
    @Nullable String schema,
    @Nullable String profile) {}
