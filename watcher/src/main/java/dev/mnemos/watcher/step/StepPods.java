package dev.mnemos.watcher.step;

import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import dev.mnemos.proto.mlmd.Execution;
import dev.mnemos.proto.mlmd.Value;
import dev.mnemos.watcher.argo.ArgoKeys;
import dev.mnemos.watcher.argo.ArgoOutputs;
import dev.mnemos.watcher.argo.ArgoTemplate;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/** Reads the {@link StepPod} facts of a pod that Argo created for a pipeline run. */
public final class StepPods {

  private StepPods() {}

  /**
   * The step facts of {@code pod}; {@code deleted} when the pod is gone, which cancels a step that
   * had not ended.
   */
  public static StepPod read(Pod pod, boolean deleted) {
    Map<String, String> labels = orEmpty(pod.getMetadata().getLabels());
    Map<String, String> annotations = orEmpty(pod.getMetadata().getAnnotations());
    Optional<Container> main = mainContainer(pod);
    Optional<ContainerStatus> mainStatus =
        pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null
            ? Optional.empty()
            : pod.getStatus().getContainerStatuses().stream()
                .filter(status -> ArgoKeys.MAIN_CONTAINER.equals(status.getName()))
                .findFirst();
    Optional<ContainerStateTerminated> terminated =
        mainStatus.map(ContainerStatus::getState).map(state -> state.getTerminated());
    StepKind kind = kind(labels, annotations, main, pod);
    Optional<Integer> exitCode = terminated.map(ContainerStateTerminated::getExitCode);
    Optional<Instant> started =
        terminated
            .map(ContainerStateTerminated::getStartedAt)
            .or(
                () ->
                    mainStatus
                        .map(ContainerStatus::getState)
                        .map(state -> state.getRunning())
                        .map(running -> running.getStartedAt()))
            .or(() -> Optional.ofNullable(pod.getStatus()).map(status -> status.getStartTime()))
            .flatMap(StepPods::instant);
    String phase = pod.getStatus() == null ? "" : String.valueOf(pod.getStatus().getPhase());
    String name = pod.getMetadata().getName();
    return new StepPod(
        new PodId(pod.getMetadata().getNamespace(), name, pod.getMetadata().getUid()),
        labels.getOrDefault(ArgoKeys.WORKFLOW, ""),
        nodeId(pod),
        kind,
        state(kind, phase, exitCode, deleted),
        exitCode,
        started,
        terminated.map(ContainerStateTerminated::getFinishedAt).flatMap(StepPods::instant),
        main.map(Container::getImage).orElse(""),
        template(pod),
        ComponentSpec.parse(annotations.get(ArgoKeys.COMPONENT_SPEC)),
        arguments(annotations.get(ArgoKeys.ARGUMENTS)),
        ArgoOutputs.parse(annotations.get(ArgoKeys.OUTPUTS)),
        executionId(labels.get(ArgoKeys.METADATA_EXECUTION_ID)),
        kind == StepKind.V2_LAUNCHER
            ? main.flatMap(container -> LauncherCommand.parse(commandLine(container)))
            : Optional.empty());
  }

  /**
   * The Argo node a pod runs: its node-id annotation, or its name under Argo's first pod-name
   * format, where the two are the same.
   */
  public static String nodeId(Pod pod) {
    Map<String, String> annotations = orEmpty(pod.getMetadata().getAnnotations());
    return annotations.getOrDefault(ArgoKeys.NODE_ID, pod.getMetadata().getName());
  }

  private static StepKind kind(
      Map<String, String> labels,
      Map<String, String> annotations,
      Optional<Container> main,
      Pod pod) {
    if (labels.getOrDefault(ArgoKeys.SDK_TYPE, "").contains("tfx")
        || main.map(StepPods::runsTfxEntrypoint).orElse(false)) {
      return StepKind.TFX;
    }
    if ("true".equals(annotations.get(ArgoKeys.V2_COMPONENT))
        || "true".equals(labels.get(ArgoKeys.V2_COMPONENT))) {
      boolean launcher =
          "launcher".equals(annotations.get(ArgoKeys.RUNTIME_ROLE))
              || annotations.getOrDefault(ArgoKeys.NODE_NAME, "").endsWith(".executor")
              || main.map(container -> commandLine(container).contains(ArgoKeys.KFP_LAUNCHER))
                  .orElse(false);
      return launcher ? StepKind.V2_LAUNCHER : StepKind.V2_DRIVER;
    }
    return "true".equals(labels.get(ArgoKeys.REUSED_FROM_CACHE))
        ? StepKind.V1_CACHED
        : StepKind.V1_STEP;
  }

  private static boolean runsTfxEntrypoint(Container main) {
    List<String> command = main.getCommand();
    return command != null
        && !command.isEmpty()
        && command.getLast().endsWith(ArgoKeys.TFX_ENTRYPOINT);
  }

  private static Execution.State state(
      StepKind kind, String phase, Optional<Integer> exitCode, boolean deleted) {
    if (kind == StepKind.V1_CACHED) {
      return Execution.State.CACHED;
    }
    Execution.State byPhase =
        switch (phase) {
          case "Succeeded" -> Execution.State.COMPLETE;
          case "Failed" -> Execution.State.FAILED;
          case "Running" -> Execution.State.RUNNING;
          case "Pending" -> Execution.State.NEW;
          default -> Execution.State.UNKNOWN;
        };
    if (exitCode.isPresent() && exitCode.get() != 0) {
      return Execution.State.FAILED;
    }
    if (deleted && !StepPod.ended(byPhase)) {
      return Execution.State.CANCELED;
    }
    return byPhase;
  }

  /** The container named main; Argo puts wait first, so position says nothing. */
  private static Optional<Container> mainContainer(Pod pod) {
    List<Container> containers = pod.getSpec() == null ? null : pod.getSpec().getContainers();
    if (containers == null || containers.isEmpty()) {
      return Optional.empty();
    }
    return containers.stream()
        .filter(container -> ArgoKeys.MAIN_CONTAINER.equals(container.getName()))
        .findFirst()
        .or(() -> containers.size() == 1 ? Optional.of(containers.getFirst()) : Optional.empty());
  }

  private static List<String> commandLine(Container container) {
    List<String> line = new ArrayList<>();
    if (container.getCommand() != null) {
      line.addAll(container.getCommand());
    }
    if (container.getArgs() != null) {
      line.addAll(container.getArgs());
    }
    return line;
  }

  /**
   * The template from whichever container carries it: wait up to Argo 3.5, init (and others) from
   * 3.6; none when it was offloaded to a config map.
   */
  private static Optional<ArgoTemplate> template(Pod pod) {
    if (pod.getSpec() == null) {
      return Optional.empty();
    }
    return Stream.concat(
            orEmpty(pod.getSpec().getContainers()).stream(),
            orEmpty(pod.getSpec().getInitContainers()).stream())
        .flatMap(container -> orEmpty(container.getEnv()).stream())
        .filter(env -> ArgoKeys.TEMPLATE_ENV.equals(env.getName()))
        .map(EnvVar::getValue)
        .filter(value -> value != null && !value.equals(ArgoKeys.OFFLOADED_TEMPLATE))
        .map(ArgoTemplate::parse)
        .flatMap(Optional::stream)
        .findFirst();
  }

  /** KFP writes argument values as JSON; whole numbers become ints, other numbers doubles. */
  private static Map<String, Value> arguments(@Nullable String json) {
    Map<String, Value> arguments = new LinkedHashMap<>();
    if (json == null || json.isBlank()) {
      return arguments;
    }
    JsonElement parsed;
    try {
      parsed = JsonParser.parseString(json);
    } catch (JsonParseException e) {
      return arguments;
    }
    if (!parsed.isJsonObject()) {
      return arguments;
    }
    for (Map.Entry<String, JsonElement> argument : parsed.getAsJsonObject().entrySet()) {
      arguments.put(argument.getKey(), value(argument.getValue()));
    }
    return Map.copyOf(arguments);
  }

  private static Value value(JsonElement json) {
    if (json.isJsonPrimitive() && json.getAsJsonPrimitive().isNumber()) {
      JsonPrimitive number = json.getAsJsonPrimitive();
      double asDouble = number.getAsDouble();
      return asDouble == Math.rint(asDouble) && !number.getAsString().contains(".")
          ? Value.newBuilder().setIntValue(number.getAsLong()).build()
          : Value.newBuilder().setDoubleValue(asDouble).build();
    }
    String text = json.isJsonPrimitive() ? json.getAsString() : json.toString();
    return Value.newBuilder().setStringValue(text).build();
  }

  private static Optional<Long> executionId(@Nullable String label) {
    try {
      return label == null ? Optional.empty() : Optional.of(Long.parseLong(label.trim()));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static Optional<Instant> instant(String timestamp) {
    try {
      return timestamp == null ? Optional.empty() : Optional.of(Instant.parse(timestamp));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private static <K, V> Map<K, V> orEmpty(Map<K, V> map) {
    return map == null ? Map.of() : map;
  }

  private static <T> List<T> orEmpty(List<T> list) {
    return list == null ? List.of() : list;
  }
}
