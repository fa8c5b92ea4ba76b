package dev.mnemos.mlflow.model;

/**
 * A refusal whose MLflow error code has no counterpart among the store's codes (MLflow answers
 * BAD_REQUEST where a rename collides, for one); every other refusal is a {@link
 * dev.mnemos.server.errors.StoreException}.
 */
public final class TrackingException extends RuntimeException {

  private final MlflowError error;

  public TrackingException(MlflowError error, String message) {
    super(message);
    this.error = error;
  }

  public MlflowError error() {
    return error;
  }
}
