package dev.mnemos.watcher.argo;

import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;

/** The Argo resource kinds the watcher reads, addressed without asking the API for their CRDs. */
public final class ArgoKinds {

  private ArgoKinds() {}

  public static final ResourceDefinitionContext WORKFLOWS = argo("Workflow", "workflows");

  /** Argo 3.4 and later report each node's outputs in one of these. */
  public static final ResourceDefinitionContext TASK_RESULTS =
      argo("WorkflowTaskResult", "workflowtaskresults");

  private static ResourceDefinitionContext argo(String kind, String plural) {
    return new ResourceDefinitionContext.Builder()
        .withGroup("argoproj.io")
        .withVersion("v1alpha1")
        .withKind(kind)
        .withPlural(plural)
        .withNamespaced(true)
        .build();
  }
}
