package dev.mnemos.mlflow.model;

import org.jspecify.annotations.Nullable;

/**
 * Consecutive values of a metric's history (in step, time, value order), summarised: the steps they
 * span, how many they are, their first and last values (NaN as logged) and the smallest and largest
 * of those that are numbers (null when all are NaN).
 */
public record HistoryBucket(
    long firstStep,
    long lastStep,
    int count,
    double first,
    double last,
    @Nullable Double min,
    @Nullable Double max) {}
