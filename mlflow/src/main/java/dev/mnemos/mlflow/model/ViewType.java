package dev.mnemos.mlflow.model;

/** Which experiments or runs a search sees by lifecycle stage. */
public enum ViewType {
  ACTIVE_ONLY,
  DELETED_ONLY,
  ALL;

  public boolean includes(LifecycleStage stage) {
    return switch (this) {
      case ACTIVE_ONLY -> stage == LifecycleStage.ACTIVE;
      case DELETED_ONLY -> stage == LifecycleStage.DELETED;
      case ALL -> true;
    };
  }
}
