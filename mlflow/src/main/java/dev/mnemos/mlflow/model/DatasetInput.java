package dev.mnemos.mlflow.model;

import java.util.Map;

/**
 * A dataset a run read, with the tags of that use (MLflow's {@code mlflow.data.context}:
 * "training", "evaluation"), by key.
 */
public record DatasetInput(Dataset dataset, Map<String, String> tags) {

  /** The tag MLflow names the use of a dataset with; searches filter on it as {@code context}. */
  public static final String CONTEXT_TAG = "mlflow.data.context";
}
