package dev.mnemos.watcher.step;

import dev.mnemos.proto.mlmd.Execution;
import dev.mnemos.proto.mlmd.Value;
import dev.mnemos.watcher.argo.ArgoOutputs;
import dev.mnemos.watcher.argo.ArgoTemplate;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The facts of one pipeline step pod, read once from the pod and free of Kubernetes types.
 *
 * @param pod which pod
 * @param workflow the Argo workflow (and so the pipeline run) it belongs to
 * @param nodeId the Argo node it runs (which names its task result)
 * @param kind how the watcher treats it
 * @param state the execution state its phase and main container say
 * @param exitCode the main container's exit code, once it ended
 * @param started when the main container (or else the pod) started
 * @param finished when the main container ended
 * @param image the main container's image
 * @param template the resolved Argo template, when some container carries it inline
 * @param component the KFP v1 component spec
 * @param arguments the step's input parameters
 * @param annotatedOutputs outputs Argo left on the pod (before 3.6)
 * @param writerExecutionId the execution id KFP put on the pod: for a cache hit the execution whose
 *     outputs it reuses, else the one KFP's own metadata writer recorded for it
 * @param launcher for a KFP v2 executor, its command line
 */
public record StepPod(
    PodId pod,
    String workflow,
    String nodeId,
    StepKind kind,
    Execution.State state,
    Optional<Integer> exitCode,
    Optional<Instant> started,
    Optional<Instant> finished,
    String image,
    Optional<ArgoTemplate> template,
    Optional<ComponentSpec> component,
    Map<String, Value> arguments,
    Optional<ArgoOutputs> annotatedOutputs,
    Optional<Long> writerExecutionId,
    Optional<LauncherCommand> launcher) {

  public boolean ended() {
    return ended(state);
  }

  /** Whether an execution in {@code state} has run its course. */
  public static boolean ended(Execution.State state) {
    return switch (state) {
      case COMPLETE, FAILED, CACHED, CANCELED -> true;
      default -> false;
    };
  }
}
