package dev.mnemos.watcher.testing;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A KFP v1 pipeline run as Argo runs it, rendered as the pods, Workflow and WorkflowTaskResults a
 * given Argo release creates, in the shapes of kfp.md §5.1 and §5.2 (values invented): preprocess
 * writes a CSV dataset, train reads it (epochs = 10) and writes a model, evaluate reads the model
 * and writes metrics.
 */
public final class V1Pipeline {

  public static final String NAMESPACE = "kubeflow-user-example-com";
  public static final String ENDPOINT = "minio-service.kubeflow:9000";
  public static final String BUCKET = "mlpipeline";
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  /** An input: its name in the step, and which step's output it reads. */
  public record Input(String name, String producer, String output) {}

  /** A step: its template, component, inputs, typed outputs and parameters. */
  public record Step(
      String template,
      String component,
      List<Input> inputs,
      Map<String, String> outputs,
      Map<String, String> parameters) {}

  public static final List<Step> THREE_STEPS =
      List.of(
          new Step("preprocess", "Preprocess", List.of(), Map.of("dataset", "CSV"), Map.of()),
          new Step(
              "train",
              "Train",
              List.of(new Input("dataset", "preprocess", "dataset")),
              Map.of("model", "Model"),
              Map.of("epochs", "10")),
          new Step(
              "evaluate",
              "Evaluate",
              List.of(new Input("model", "train", "model")),
              Map.of("metrics", "Metrics"),
              Map.of()));

  private final String workflow;
  private final Argo argo;
  private final List<Step> steps;

  public V1Pipeline(String workflow, Argo argo, List<Step> steps) {
    this.workflow = workflow;
    this.argo = argo;
    this.steps = steps;
  }

  public static V1Pipeline threeSteps(String workflow, Argo argo) {
    return new V1Pipeline(workflow, argo, THREE_STEPS);
  }

  public String workflow() {
    return workflow;
  }

  public Argo argo() {
    return argo;
  }

  public List<Step> steps() {
    return steps;
  }

  public Step step(String template) {
    return steps.stream().filter(s -> s.template().equals(template)).findFirst().orElseThrow();
  }

  public String nodeId(Step step) {
    return workflow
        + "-"
        + (1_000_000_000L + Math.abs((long) step.template().hashCode()) % 1_000_000_000L);
  }

  public String podName(Step step) {
    String hash = nodeId(step).substring(workflow.length() + 1);
    return argo.podNamesV2() ? workflow + "-" + step.template() + "-" + hash : nodeId(step);
  }

  /** Where Argo keeps an output (the repository's default key format). */
  public String key(Step step, String output) {
    return "artifacts/"
        + workflow
        + "/2026/11/28/"
        + podName(step)
        + "/"
        + step.template()
        + "-"
        + output
        + ".tgz";
  }

  /** The URI KFP's writer (and Mnemos) records for an output. */
  public String uri(Step step, String output) {
    return "minio://" + BUCKET + "/" + key(step, output);
  }

  /** The step's pod in {@code phase} (Pending, Running, Succeeded or Failed). */
  public Pod pod(Step step, String phase) {
    return pod(step, phase, phase.equals("Failed") ? 1 : 0);
  }

  public Pod pod(Step step, String phase, int exitCode) {
    boolean ended = phase.equals("Succeeded") || phase.equals("Failed");
    JsonObject labels = new JsonObject();
    labels.addProperty("workflows.argoproj.io/workflow", workflow);
    labels.addProperty("workflows.argoproj.io/completed", String.valueOf(ended));
    labels.addProperty("pipeline/runid", UUID.nameUUIDFromBytes(workflow.getBytes()).toString());
    labels.addProperty("pipelines.kubeflow.org/kfp_sdk_version", "1.8.22");
    labels.addProperty("pipelines.kubeflow.org/pipeline-sdk-type", "kfp");
    labels.addProperty("pipelines.kubeflow.org/cache_enabled", "true");
    JsonObject annotations = new JsonObject();
    annotations.addProperty("workflows.argoproj.io/node-name", workflow + "." + step.template());
    if (argo != Argo.V2_FULL_S3) {
      annotations.addProperty("workflows.argoproj.io/node-id", nodeId(step));
    }
    annotations.addProperty("kubectl.kubernetes.io/default-container", "main");
    annotations.addProperty(
        "pipelines.kubeflow.org/component_spec", componentSpec(step).toString());
    JsonObject arguments = new JsonObject();
    step.parameters().forEach(arguments::addProperty);
    annotations.addProperty("pipelines.kubeflow.org/arguments.parameters", arguments.toString());
    if (ended && argo.outputsOnPod()) {
      annotations.addProperty("workflows.argoproj.io/outputs", outputs(step, exitCode).toString());
    }
    annotations.addProperty("sidecar.istio.io/inject", "false");

    JsonObject metadata = new JsonObject();
    metadata.addProperty("name", podName(step));
    metadata.addProperty("namespace", NAMESPACE);
    metadata.add("labels", labels);
    metadata.add("annotations", annotations);
    JsonObject owner = new JsonObject();
    owner.addProperty("apiVersion", "argoproj.io/v1alpha1");
    owner.addProperty("kind", "Workflow");
    owner.addProperty("name", workflow);
    owner.addProperty("uid", UUID.nameUUIDFromBytes(workflow.getBytes()).toString());
    owner.addProperty("controller", true);
    metadata.add("ownerReferences", array(owner));

    String template = templateJson(step).toString();
    if (argo == Argo.V36_INIT_TEMPLATE && step.template().equals("train")) {
      template = "offloaded";
    }
    JsonObject init =
        container(
            "init",
            "quay.io/argoproj/argoexec:" + argoVersion(),
            List.of("argoexec", "init", "--loglevel", "info"),
            List.of());
    JsonObject wait =
        container(
            "wait",
            "quay.io/argoproj/argoexec:" + argoVersion(),
            List.of("argoexec", "wait", "--loglevel", "info"),
            List.of());
    if (argo != Argo.V2_FULL_S3) {
      env(init, "ARGO_TEMPLATE", template);
    }
    if (argo != Argo.V36_INIT_TEMPLATE) {
      env(wait, "ARGO_TEMPLATE", template);
    }
    env(wait, "ARGO_NODE_ID", nodeId(step));
    JsonObject main =
        container(
            "main",
            "python:3.7",
            List.of(
                "/var/run/argo/argoexec", "emissary", "--", "sh", "-ec", "python3 -u program.py"),
            List.of("--epochs", "10"));
    JsonObject spec = new JsonObject();
    spec.addProperty("serviceAccountName", "default-editor");
    spec.addProperty("restartPolicy", "Never");
    spec.add("initContainers", array(init));
    spec.add("containers", array(wait, main));

    JsonObject pod = new JsonObject();
    pod.addProperty("apiVersion", "v1");
    pod.addProperty("kind", "Pod");
    pod.add("metadata", metadata);
    pod.add("spec", spec);
    pod.add("status", status(phase, exitCode));
    return SERIALIZATION.unmarshal(pod.toString(), Pod.class);
  }

  /**
   * The step's pod as KFP's cache webhook rewrites it on a hit: a trivial container, the outputs of
   * {@code original}'s step copied onto it, and the labels that name the reused execution.
   */
  public Pod cachedPod(Step step, V1Pipeline original, long originalExecutionId) {
    Pod pod = pod(step, "Succeeded");
    Map<String, String> labels = pod.getMetadata().getLabels();
    labels.put("pipelines.kubeflow.org/reused_from_cache", "true");
    labels.put("pipelines.kubeflow.org/cache_id", "42");
    labels.put("pipelines.kubeflow.org/metadata_execution_id", String.valueOf(originalExecutionId));
    labels.put("pipelines.kubeflow.org/metadata_written", "true");
    pod.getMetadata()
        .getAnnotations()
        .put("workflows.argoproj.io/outputs", original.outputs(step, 0).toString());
    Container main =
        pod.getSpec().getContainers().stream()
            .filter(c -> c.getName().equals("main"))
            .findFirst()
            .orElseThrow();
    main.setImage("registry.k8s.io/busybox");
    main.setCommand(List.of("echo", "\"This step output is taken from cache.\""));
    main.setArgs(List.of());
    return pod;
  }

  /** The Argo Workflow, its status naming the repository and (3.6) the nodes' inputs. */
  public GenericKubernetesResource workflowResource() {
    JsonObject status = new JsonObject();
    status.addProperty("phase", "Running");
    if (argo != Argo.V2_FULL_S3) {
      JsonObject s3 = new JsonObject();
      s3.addProperty("bucket", BUCKET);
      s3.addProperty("endpoint", ENDPOINT);
      s3.addProperty("insecure", true);
      s3.addProperty("keyFormat", "artifacts/{{workflow.name}}/{{workflow.creationTimestamp.Y}}");
      JsonObject repository = new JsonObject();
      repository.addProperty("archiveLogs", true);
      repository.add("s3", s3);
      JsonObject reference = new JsonObject();
      reference.addProperty("configMap", "artifact-repositories");
      reference.addProperty("key", "default-v1");
      reference.addProperty("namespace", NAMESPACE);
      reference.add("artifactRepository", repository);
      status.add("artifactRepositoryRef", reference);
    }
    JsonObject nodes = new JsonObject();
    for (Step step : steps) {
      JsonObject node = new JsonObject();
      node.addProperty("id", nodeId(step));
      node.addProperty("name", workflow + "." + step.template());
      node.addProperty("displayName", step.template());
      node.addProperty("type", "Pod");
      node.addProperty("templateName", step.template());
      node.addProperty("phase", "Running");
      JsonObject inputs = new JsonObject();
      inputs.add("artifacts", inputArtifacts(step));
      node.add("inputs", inputs);
      nodes.add(nodeId(step), node);
    }
    status.add("nodes", nodes);
    // A real API server requires a spec (Argo's CRD says so); the watcher reads only the status.
    JsonArray templates = new JsonArray();
    for (Step step : steps) {
      JsonObject template = new JsonObject();
      template.addProperty("name", step.template());
      templates.add(template);
    }
    JsonObject spec = new JsonObject();
    spec.addProperty("entrypoint", steps.getFirst().template());
    spec.add("templates", templates);
    JsonObject resource = resource("Workflow", workflow);
    resource.add("spec", spec);
    resource.add("status", status);
    return SERIALIZATION.unmarshal(resource.toString(), GenericKubernetesResource.class);
  }

  /** The step's WorkflowTaskResult (Argo 3.4+), with its outputs reported. */
  public GenericKubernetesResource taskResult(Step step) {
    JsonObject resource = resource("WorkflowTaskResult", nodeId(step));
    resource
        .getAsJsonObject("metadata")
        .getAsJsonObject("labels")
        .addProperty("workflows.argoproj.io/report-outputs-completed", "true");
    resource.addProperty("phase", "Succeeded");
    resource.add("outputs", outputs(step, 0));
    return SERIALIZATION.unmarshal(resource.toString(), GenericKubernetesResource.class);
  }

  private JsonObject resource(String kind, String name) {
    JsonObject labels = new JsonObject();
    labels.addProperty("workflows.argoproj.io/workflow", workflow);
    JsonObject metadata = new JsonObject();
    metadata.addProperty("name", name);
    metadata.addProperty("namespace", NAMESPACE);
    metadata.add("labels", labels);
    JsonObject resource = new JsonObject();
    resource.addProperty("apiVersion", "argoproj.io/v1alpha1");
    resource.addProperty("kind", kind);
    resource.add("metadata", metadata);
    return resource;
  }

  private String argoVersion() {
    return switch (argo) {
      case V2_FULL_S3 -> "v2.12.13";
      case V3_KEY_ONLY -> "v3.3.10";
      case V34_TASK_RESULTS -> "v3.4.17";
      case V36_INIT_TEMPLATE -> "v3.6.7";
    };
  }

  private JsonObject componentSpec(Step step) {
    JsonObject spec = new JsonObject();
    spec.addProperty("name", step.component());
    JsonArray inputs = new JsonArray();
    for (Input input : step.inputs()) {
      JsonObject declared = new JsonObject();
      declared.addProperty("name", input.name());
      inputs.add(declared);
    }
    step.parameters()
        .keySet()
        .forEach(
            name -> {
              JsonObject declared = new JsonObject();
              declared.addProperty("name", name);
              declared.addProperty("type", "Integer");
              inputs.add(declared);
            });
    spec.add("inputs", inputs);
    JsonArray outputs = new JsonArray();
    step.outputs()
        .forEach(
            (name, type) -> {
              JsonObject declared = new JsonObject();
              declared.addProperty("name", name);
              declared.addProperty("type", type);
              outputs.add(declared);
            });
    spec.add("outputs", outputs);
    JsonObject container = new JsonObject();
    container.addProperty("image", "python:3.7");
    JsonObject implementation = new JsonObject();
    implementation.add("container", container);
    spec.add("implementation", implementation);
    return spec;
  }

  private JsonObject templateJson(Step step) {
    JsonObject template = new JsonObject();
    template.addProperty("name", step.template());
    JsonObject inputs = new JsonObject();
    JsonArray parameters = new JsonArray();
    step.parameters()
        .forEach(
            (name, value) -> {
              JsonObject parameter = new JsonObject();
              parameter.addProperty("name", name);
              parameter.addProperty("value", value);
              parameters.add(parameter);
            });
    inputs.add("parameters", parameters);
    inputs.add("artifacts", inputArtifacts(step));
    template.add("inputs", inputs);
    JsonArray outputs = new JsonArray();
    step.outputs()
        .keySet()
        .forEach(
            name -> {
              JsonObject output = new JsonObject();
              output.addProperty("name", step.template() + "-" + name);
              output.addProperty("path", "/tmp/outputs/" + name + "/data");
              outputs.add(output);
            });
    JsonObject declared = new JsonObject();
    declared.add("artifacts", outputs);
    template.add("outputs", declared);
    JsonObject container = new JsonObject();
    container.addProperty("image", "python:3.7");
    template.add("container", container);
    if (argo != Argo.V36_INIT_TEMPLATE) {
      JsonObject archive = new JsonObject();
      archive.addProperty("archiveLogs", true);
      archive.add("s3", fullS3("artifacts/" + workflow + "/2026/11/28/" + podName(step)));
      template.add("archiveLocation", archive);
    }
    return template;
  }

  /** Inputs as the controller resolves them: full locations, key only from Argo 3.6. */
  private JsonArray inputArtifacts(Step step) {
    JsonArray artifacts = new JsonArray();
    for (Input input : step.inputs()) {
      Step producer = step(input.producer());
      JsonObject artifact = new JsonObject();
      artifact.addProperty("name", producer.template() + "-" + input.output());
      artifact.addProperty("path", "/tmp/inputs/" + input.name() + "/data");
      String key = key(producer, input.output());
      artifact.add("s3", argo == Argo.V36_INIT_TEMPLATE ? keyOnly(key) : fullS3(key));
      artifacts.add(artifact);
    }
    return artifacts;
  }

  private JsonObject outputs(Step step, int exitCode) {
    JsonArray artifacts = new JsonArray();
    if (exitCode == 0) {
      step.outputs()
          .keySet()
          .forEach(
              name -> {
                JsonObject artifact = new JsonObject();
                artifact.addProperty("name", step.template() + "-" + name);
                artifact.addProperty("path", "/tmp/outputs/" + name + "/data");
                String key = key(step, name);
                artifact.add("s3", argo == Argo.V2_FULL_S3 ? fullS3(key) : keyOnly(key));
                artifacts.add(artifact);
              });
    }
    JsonObject logs = new JsonObject();
    logs.addProperty("name", "main-logs");
    String logKey = "artifacts/" + workflow + "/2026/11/28/" + podName(step) + "/main.log";
    logs.add("s3", argo == Argo.V2_FULL_S3 ? fullS3(logKey) : keyOnly(logKey));
    artifacts.add(logs);
    JsonObject outputs = new JsonObject();
    outputs.add("artifacts", artifacts);
    outputs.addProperty("exitCode", String.valueOf(exitCode));
    return outputs;
  }

  private static JsonObject fullS3(String key) {
    JsonObject s3 = new JsonObject();
    s3.addProperty("endpoint", ENDPOINT);
    s3.addProperty("bucket", BUCKET);
    s3.addProperty("insecure", true);
    JsonObject access = new JsonObject();
    access.addProperty("name", "mlpipeline-minio-artifact");
    access.addProperty("key", "accesskey");
    JsonObject secret = new JsonObject();
    secret.addProperty("name", "mlpipeline-minio-artifact");
    secret.addProperty("key", "secretkey");
    s3.add("accessKeySecret", access);
    s3.add("secretKeySecret", secret);
    s3.addProperty("key", key);
    return s3;
  }

  private static JsonObject keyOnly(String key) {
    JsonObject s3 = new JsonObject();
    s3.addProperty("key", key);
    return s3;
  }

  private static JsonObject status(String phase, int exitCode) {
    JsonObject main = new JsonObject();
    main.addProperty("name", "main");
    main.addProperty("image", "python:3.7");
    JsonObject state = new JsonObject();
    switch (phase) {
      case "Running" -> {
        JsonObject running = new JsonObject();
        running.addProperty("startedAt", "2026-11-28T10:00:05Z");
        state.add("running", running);
      }
      case "Succeeded", "Failed" -> {
        JsonObject terminated = new JsonObject();
        terminated.addProperty("exitCode", exitCode);
        terminated.addProperty("reason", exitCode == 0 ? "Completed" : "Error");
        terminated.addProperty("startedAt", "2026-11-28T10:00:05Z");
        terminated.addProperty("finishedAt", "2026-11-28T10:03:12Z");
        state.add("terminated", terminated);
      }
      default -> {
        JsonObject waiting = new JsonObject();
        waiting.addProperty("reason", "PodInitializing");
        state.add("waiting", waiting);
      }
    }
    main.add("state", state);
    JsonObject status = new JsonObject();
    status.addProperty("phase", phase);
    if (!phase.equals("Pending")) {
      status.addProperty("startTime", "2026-11-28T10:00:00Z");
    }
    status.add("containerStatuses", array(main));
    return status;
  }

  private static JsonObject container(
      String name, String image, List<String> command, List<String> args) {
    JsonObject container = new JsonObject();
    container.addProperty("name", name);
    container.addProperty("image", image);
    JsonArray commandJson = new JsonArray();
    command.forEach(commandJson::add);
    container.add("command", commandJson);
    if (!args.isEmpty()) {
      JsonArray argsJson = new JsonArray();
      args.forEach(argsJson::add);
      container.add("args", argsJson);
    }
    container.add("env", new JsonArray());
    return container;
  }

  private static void env(JsonObject container, String name, String value) {
    JsonObject variable = new JsonObject();
    variable.addProperty("name", name);
    variable.addProperty("value", value);
    container.getAsJsonArray("env").add(variable);
  }

  private static JsonArray array(JsonObject... items) {
    JsonArray array = new JsonArray();
    for (JsonObject item : items) {
      array.add(item);
    }
    return array;
  }
}
