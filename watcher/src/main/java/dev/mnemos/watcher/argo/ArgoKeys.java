package dev.mnemos.watcher.argo;

/** Labels and annotations that Argo Workflows and KFP put on step pods (kfp.md §1.3, §1.9, §5). */
public final class ArgoKeys {

  private ArgoKeys() {}

  /** Label on every pod Argo creates: the workflow's name. The watch selects on its presence. */
  public static final String WORKFLOW = "workflows.argoproj.io/workflow";

  public static final String NODE_ID = "workflows.argoproj.io/node-id";
  public static final String NODE_NAME = "workflows.argoproj.io/node-name";
  public static final String OUTPUTS = "workflows.argoproj.io/outputs";

  public static final String TEMPLATE_ENV = "ARGO_TEMPLATE";

  /** Since Argo 3.6 a large template is mounted from a config map and the variable says so. */
  public static final String OFFLOADED_TEMPLATE = "offloaded";

  public static final String COMPONENT_SPEC = "pipelines.kubeflow.org/component_spec";
  public static final String ARGUMENTS = "pipelines.kubeflow.org/arguments.parameters";
  public static final String SDK_TYPE = "pipelines.kubeflow.org/pipeline-sdk-type";
  public static final String V2_COMPONENT = "pipelines.kubeflow.org/v2_component";
  public static final String RUNTIME_ROLE = "pipelines.kubeflow.org/runtime-role";
  public static final String REUSED_FROM_CACHE = "pipelines.kubeflow.org/reused_from_cache";
  public static final String METADATA_EXECUTION_ID = "pipelines.kubeflow.org/metadata_execution_id";

  public static final String MAIN_CONTAINER = "main";
  public static final String TFX_ENTRYPOINT = "tfx/orchestration/kubeflow/container_entrypoint.py";
  public static final String KFP_LAUNCHER = "/kfp-launcher/launch";
}
