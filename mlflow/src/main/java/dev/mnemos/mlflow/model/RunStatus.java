package dev.mnemos.mlflow.model;

/**
 * An MLflow run's status, with the MLMD execution state that stands for it on the run's execution
 * (so the browser and the run summaries read MLflow runs as they read pipeline runs).
 */
public enum RunStatus {
  RUNNING(2),
  SCHEDULED(1),
  FINISHED(3),
  FAILED(4),
  KILLED(6);

  private final long executionState;

  RunStatus(long executionState) {
    this.executionState = executionState;
  }

  /** MLMD's {@code Execution.State} number. */
  public long executionState() {
    return executionState;
  }

  /** Whether a run in this status is over (its end time is set when it gets there). */
  public boolean terminated() {
    return this == FINISHED || this == FAILED || this == KILLED;
  }
}
