package dev.mnemos.mlflow.store;

import dev.mnemos.server.errors.StoreException;

/**
 * MLflow's experiment ids: the id of the experiment's context in decimal, except the default
 * experiment, {@code 0}, whose context carries {@link #DEFAULT_EXTERNAL_ID} (MLflow clients name it
 * without asking).
 */
final class ExperimentIds {

  static final String DEFAULT_ID = "0";
  static final String DEFAULT_NAME = "Default";
  static final String DEFAULT_EXTERNAL_ID = "mlflow.experiment:0";

  private ExperimentIds() {}

  /** The context id an experiment id names, or 0 for the default experiment. */
  static long contextId(String experimentId) {
    if (experimentId.isEmpty()
        || experimentId.length() > 18
        || !experimentId.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw StoreException.invalidArgument(
          "Invalid value '" + experimentId + "' for parameter 'experiment_id': not an integer");
    }
    return Long.parseLong(experimentId);
  }

  static String of(long contextId, @org.jspecify.annotations.Nullable String externalId) {
    return DEFAULT_EXTERNAL_ID.equals(externalId) ? DEFAULT_ID : Long.toString(contextId);
  }
}
