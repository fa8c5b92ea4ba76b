package dev.mnemos.watcher.step;

/** What a pod of a pipeline run is, which decides how (and whether) the watcher records it. */
public enum StepKind {
  /** A KFP v1 step (Argo template from the v1 compiler): the watcher records it in full. */
  V1_STEP,
  /** A KFP v1 step the cache webhook answered from cache: recorded as CACHED, outputs reused. */
  V1_CACHED,
  /** A KFP v2 executor pod: the launcher wrote the execution; the watcher adds pod facts. */
  V2_LAUNCHER,
  /** A KFP v2 driver pod: it only plans the step, so nothing is recorded. */
  V2_DRIVER,
  /** A TFX component pod: TFX writes its own metadata, so nothing is recorded. */
  TFX;

  public boolean recorded() {
    return this != V2_DRIVER && this != TFX;
  }
}
