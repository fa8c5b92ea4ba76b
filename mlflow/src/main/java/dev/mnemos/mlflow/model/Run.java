package dev.mnemos.mlflow.model;

import java.util.List;
import java.util.Map;

/**
 * A run: its info, the latest value of each metric (MLflow's latest: highest step, then latest
 * time, then largest value), its params, its tags, the datasets it read, the logged models it read
 * (by id) and those it logged as outputs.
 */
public record Run(
    RunInfo info,
    List<Metric> metrics,
    Map<String, String> params,
    Map<String, String> tags,
    List<DatasetInput> inputs,
    List<String> modelInputs,
    List<ModelOutput> modelOutputs) {}
