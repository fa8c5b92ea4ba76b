package dev.mnemos.mlflow.model;

/**
 * One logged value of a metric: key, value (NaN and infinities allowed), time in milliseconds and
 * step.
 */
public record Metric(String key, double value, long timestamp, long step) {}
