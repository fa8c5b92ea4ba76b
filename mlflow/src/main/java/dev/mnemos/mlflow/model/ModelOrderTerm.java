package dev.mnemos.mlflow.model;

import org.jspecify.annotations.Nullable;

/**
 * One term of a logged-model search's order: an attribute ({@code name}, {@code
 * creation_timestamp}, ...) or {@code metrics.<key>}, the latest value of that metric, optionally
 * only its values on the dataset named.
 */
public record ModelOrderTerm(
    String fieldName,
    boolean ascending,
    @Nullable String datasetName,
    @Nullable String datasetDigest) {}
