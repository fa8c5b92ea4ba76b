package dev.mnemos.mlflow.model;

import java.util.List;
import java.util.Map;

/**
 * A dataset a run read, with the tags of that use (MLflow's {@code mlflow.data.context}:
 * "training", "evaluation"): as given when logged (a key given twice is refused when stored), in
 * key order when read.
 */
public record DatasetInput(Dataset dataset, List<Map.Entry<String, String>> tags) {

  /** The tag MLflow names the use of a dataset with; searches filter on it as {@code context}. */
  public static final String CONTEXT_TAG = "mlflow.data.context";
}
