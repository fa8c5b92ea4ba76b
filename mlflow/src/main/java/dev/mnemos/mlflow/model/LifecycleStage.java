package dev.mnemos.mlflow.model;

import java.util.Locale;

/** Whether an experiment or run is in use or deleted (and may still be restored). */
public enum LifecycleStage {
  ACTIVE,
  DELETED;

  /** MLflow's spelling, {@code active} or {@code deleted}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static LifecycleStage ofWireName(String name) {
    return valueOf(name.toUpperCase(Locale.ROOT));
  }
}
