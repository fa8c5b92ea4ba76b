package dev.mnemos.mlflow.model;

import java.util.List;
import java.util.Map;

/**
 * A run: its info, the latest value of each metric (MLflow's latest: highest step, then latest
 * time, then largest value), its params, its tags and the datasets it read.
 */
public record Run(
    RunInfo info,
    List<Metric> metrics,
    Map<String, String> params,
    Map<String, String> tags,
    List<DatasetInput> inputs) {}
