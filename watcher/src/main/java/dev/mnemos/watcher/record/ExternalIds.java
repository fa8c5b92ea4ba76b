package dev.mnemos.watcher.record;

import dev.mnemos.watcher.step.PodId;

/**
 * The external ids the watcher gives what it records. They derive from the cluster's own
 * identities, so recording a step again, after a relist, a replay or a restart, finds the same
 * nodes instead of adding new ones.
 */
final class ExternalIds {

  private ExternalIds() {}

  /** A step's execution: one per pod (a retried step is a new pod with a new uid). */
  static String execution(PodId pod) {
    return "k8s/pod/" + pod.uid();
  }

  /** A run's context: one per Argo workflow. */
  static String run(String namespace, String workflow) {
    return "argo/workflow/" + namespace + "/" + workflow;
  }

  /** An output artifact: one per output of an Argo node. */
  static String output(String namespace, String workflow, String nodeId, String output) {
    return "argo/output/" + namespace + "/" + workflow + "/" + nodeId + "/" + output;
  }
}
