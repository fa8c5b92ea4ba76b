package dev.mnemos.watcher.testing;

/**
 * The Argo Workflows releases KFP v1 pipelines have run on, by where each leaves what the watcher
 * needs (kfp.md §1.7, §1.8, §5).
 */
public enum Argo {
  /** Argo 2.x: outputs on the pod annotation with their full S3 location. */
  V2_FULL_S3,
  /** Argo 3.0–3.3: outputs on the annotation, key only; the workflow names the repository. */
  V3_KEY_ONLY,
  /** Argo 3.4–3.5: no outputs annotation; outputs in WorkflowTaskResults; pod names v2. */
  V34_TASK_RESULTS,
  /**
   * Argo 3.6+: as 3.4, and the template only on the init container, or offloaded to a config map
   * (then only the workflow's node status says what the step reads).
   */
  V36_INIT_TEMPLATE;

  boolean outputsOnPod() {
    return this == V2_FULL_S3 || this == V3_KEY_ONLY;
  }

  boolean podNamesV2() {
    return this == V34_TASK_RESULTS || this == V36_INIT_TEMPLATE;
  }
}
