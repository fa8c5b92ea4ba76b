package dev.mnemos.mlflow.model;

import dev.mnemos.server.errors.StoreException;

/**
 * A logged model's status as MLflow names it, with its proto number and the MLMD artifact state
 * that stands for it (so MLMD clients read a model still uploading as PENDING, a failed one as
 * ABANDONED).
 */
public enum LoggedModelStatus {
  LOGGED_MODEL_PENDING(1, 1),
  LOGGED_MODEL_READY(2, 2),
  LOGGED_MODEL_UPLOAD_FAILED(3, 5);

  private final int number;
  private final long artifactState;

  LoggedModelStatus(int number, long artifactState) {
    this.number = number;
    this.artifactState = artifactState;
  }

  /** MLMD's {@code Artifact.State} number. */
  public long artifactState() {
    return artifactState;
  }

  /** The status a request names by its proto name or number; INVALID_ARGUMENT for another. */
  public static LoggedModelStatus of(String nameOrNumber) {
    for (LoggedModelStatus status : values()) {
      if (status.name().equals(nameOrNumber)
          || String.valueOf(status.number).equals(nameOrNumber)) {
        return status;
      }
    }
    throw StoreException.invalidArgument(
        "Invalid value '" + nameOrNumber + "' for parameter 'status' supplied.");
  }
}
