package dev.mnemos.mlflow.model;

/** A model a run logged as an output, at the step it was logged at (MLflow's run outputs). */
public record ModelOutput(String modelId, long step) {}
