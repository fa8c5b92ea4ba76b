package dev.mnemos.mlflow.model;

import dev.mnemos.server.errors.ErrorCode;

/** MLflow's error codes that the tracking API answers with, and the HTTP status of each. */
public enum MlflowError {
  INVALID_PARAMETER_VALUE(400),
  RESOURCE_ALREADY_EXISTS(400),
  RESOURCE_DOES_NOT_EXIST(404),
  // MLflow answers it with 500, and its clients read it as an internal error.
  INVALID_STATE(500),
  BAD_REQUEST(400),
  ENDPOINT_NOT_FOUND(404),
  PERMISSION_DENIED(403),
  /** A workspace named on a server without workspaces (MLflow answers 500). */
  FEATURE_DISABLED(500),
  /** A path served with another method. */
  METHOD_NOT_ALLOWED(405),
  TEMPORARILY_UNAVAILABLE(503),
  INTERNAL_ERROR(500);

  private final int httpStatus;

  MlflowError(int httpStatus) {
    this.httpStatus = httpStatus;
  }

  public int httpStatus() {
    return httpStatus;
  }

  /** The MLflow error a store refusal or failure is answered with. */
  public static MlflowError of(ErrorCode code) {
    return switch (code) {
      case INVALID_ARGUMENT, OUT_OF_RANGE -> INVALID_PARAMETER_VALUE;
      case NOT_FOUND -> RESOURCE_DOES_NOT_EXIST;
      case ALREADY_EXISTS -> RESOURCE_ALREADY_EXISTS;
      case FAILED_PRECONDITION -> INVALID_STATE;
      case PERMISSION_DENIED -> PERMISSION_DENIED;
      case UNIMPLEMENTED -> ENDPOINT_NOT_FOUND;
      case ABORTED, UNAVAILABLE, RESOURCE_EXHAUSTED -> TEMPORARILY_UNAVAILABLE;
      case INTERNAL, DATA_LOSS -> INTERNAL_ERROR;
    };
  }
}
