package dev.mnemos.mlflow.model;

/** A logged value of a metric and the run that logged it. */
public record RunMetric(String runId, Metric metric) {}
