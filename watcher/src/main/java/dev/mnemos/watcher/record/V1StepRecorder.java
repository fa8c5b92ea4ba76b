package dev.mnemos.watcher.record;

import dev.mnemos.proto.mlmd.Artifact;
import dev.mnemos.proto.mlmd.Context;
import dev.mnemos.proto.mlmd.Event;
import dev.mnemos.proto.mlmd.Execution;
import dev.mnemos.proto.mlmd.GetArtifactsByExternalIdsRequest;
import dev.mnemos.proto.mlmd.GetArtifactsByURIRequest;
import dev.mnemos.proto.mlmd.GetEventsByExecutionIDsRequest;
import dev.mnemos.proto.mlmd.GetExecutionsByExternalIdsRequest;
import dev.mnemos.proto.mlmd.GetExecutionsByIDRequest;
import dev.mnemos.proto.mlmd.MetadataStoreServiceGrpc.MetadataStoreServiceBlockingStub;
import dev.mnemos.proto.mlmd.PutExecutionRequest;
import dev.mnemos.proto.mlmd.PutExecutionRequest.ArtifactAndEvent;
import dev.mnemos.watcher.argo.ArgoArtifact;
import dev.mnemos.watcher.argo.ArgoOutputs;
import dev.mnemos.watcher.argo.ArgoTemplate;
import dev.mnemos.watcher.argo.S3Location;
import dev.mnemos.watcher.step.ComponentSpec;
import dev.mnemos.watcher.step.StepKind;
import dev.mnemos.watcher.step.StepPod;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Records a KFP v1 step as KFP's metadata writer does (kfp.md §1.5, §1.6), plus the pod facts and
 * state it never wrote. Each call brings the store to what the step shows now in one PutExecution:
 * nodes are found by their external ids and events already recorded are not sent again.
 */
final class V1StepRecorder {

  static final String RUN_TYPE = "KfpRun";
  private static final List<String> RUN_PROPERTIES = List.of("pipeline_name", "run_id");
  private static final List<String> EXECUTION_PROPERTIES =
      List.of("pipeline_name", "run_id", "component_id");
  private static final String INPUTS_FOLDER = "/tmp/inputs/";
  private static final String DATA_FILE = "/data";

  private final Supplier<MetadataStoreServiceBlockingStub> api;
  private final MlmdTypes types;

  V1StepRecorder(Supplier<MetadataStoreServiceBlockingStub> api, MlmdTypes types) {
    this.api = api;
    this.types = types;
  }

  Recorded record(StepRecord record) {
    StepPod step = record.step();
    ArgoTemplate template =
        record.template().orElse(new ArgoTemplate("", List.of(), Optional.empty()));
    String component = step.component().map(ComponentSpec::name).orElse(template.name());
    String typeName =
        "components." + step.component().map(ComponentSpec::version).orElse(template.name());
    long runTypeId = types.contextType(RUN_TYPE, RUN_PROPERTIES);
    long executionTypeId = types.executionType(typeName, EXECUTION_PROPERTIES);

    Optional<Execution> stored =
        orNoneFound(
                () ->
                    api.get()
                        .getExecutionsByExternalIds(
                            GetExecutionsByExternalIdsRequest.newBuilder()
                                .addExternalIds(ExternalIds.execution(step.pod()))
                                .build())
                        .getExecutionsList())
            .stream()
            .findFirst()
            .or(() -> writersExecution(step, executionTypeId));
    Set<String> events = stored.map(execution -> eventKeys(execution.getId())).orElse(Set.of());
    Execution execution = execution(step, executionTypeId, component, stored);

    List<ArtifactAndEvent> pairs = new ArrayList<>();
    boolean inputsFound = addInputs(template, record.repository(), events, pairs);
    record
        .outputs()
        .ifPresent(
            outputs -> addOutputs(step, template, outputs, record.repository(), events, pairs));

    boolean changed = stored.isEmpty() || !sameExecution(stored.get(), execution);
    if (!changed && pairs.isEmpty()) {
      return new Recorded(false, false, inputsFound);
    }
    api.get()
        .putExecution(
            PutExecutionRequest.newBuilder()
                .setExecution(execution)
                .addAllArtifactEventPairs(pairs)
                .addContexts(runContext(step, runTypeId))
                .setOptions(
                    PutExecutionRequest.Options.newBuilder().setReuseContextIfAlreadyExist(true))
                .build());
    boolean ended =
        step.ended() && stored.map(e -> !StepPod.ended(e.getLastKnownState())).orElse(true);
    return new Recorded(true, ended, inputsFound);
  }

  private Execution execution(
      StepPod step, long typeId, String component, Optional<Execution> stored) {
    Execution.Builder execution = Execution.newBuilder();
    // Custom properties someone else added stay; the watcher's own are brought up to date.
    stored.ifPresent(
        e -> execution.setId(e.getId()).putAllCustomProperties(e.getCustomPropertiesMap()));
    execution
        .setTypeId(typeId)
        .setExternalId(ExternalIds.execution(step.pod()))
        .setLastKnownState(state(step, stored))
        .putProperties("pipeline_name", PodFacts.string(step.workflow()))
        .putProperties("run_id", PodFacts.string(step.workflow()))
        .putProperties("component_id", PodFacts.string(component))
        .putCustomProperties("kfp_pod_name", PodFacts.string(step.pod().name()))
        .putAllCustomProperties(PodFacts.of(step));
    step.arguments()
        .forEach((name, value) -> execution.putCustomProperties("input:" + name, value));
    if (step.kind() == StepKind.V1_CACHED) {
      step.writerExecutionId()
          .ifPresent(
              id ->
                  execution.putCustomProperties(
                      "cached_execution_id", PodFacts.string(String.valueOf(id))));
    }
    return execution.build();
  }

  /**
   * The execution KFP's own metadata writer recorded for this pod (it labels the pod with the id),
   * so a cluster that ran that writer before keeps one execution per step: the watcher adopts it.
   */
  private Optional<Execution> writersExecution(StepPod step, long executionTypeId) {
    if (step.kind() != StepKind.V1_STEP || step.writerExecutionId().isEmpty()) {
      return Optional.empty();
    }
    return api
        .get()
        .getExecutionsByID(
            GetExecutionsByIDRequest.newBuilder()
                .addExecutionIds(step.writerExecutionId().get())
                .build())
        .getExecutionsList()
        .stream()
        .filter(e -> e.getTypeId() == executionTypeId && e.getExternalId().isEmpty())
        .findFirst();
  }

  /**
   * The pod's state, except that an execution that ended stays ended: a report older than the one
   * recorded (a replay) must not bring a finished step back to life.
   */
  private static Execution.State state(StepPod step, Optional<Execution> stored) {
    return stored
        .map(Execution::getLastKnownState)
        .filter(recorded -> StepPod.ended(recorded) && !step.ended())
        .orElse(step.state());
  }

  private static boolean sameExecution(Execution stored, Execution wanted) {
    return stored.getTypeId() == wanted.getTypeId()
        && stored.getLastKnownState() == wanted.getLastKnownState()
        && stored.getPropertiesMap().equals(wanted.getPropertiesMap())
        && stored.getCustomPropertiesMap().equals(wanted.getCustomPropertiesMap());
  }

  private Context runContext(StepPod step, long typeId) {
    return Context.newBuilder()
        .setTypeId(typeId)
        .setName(step.workflow())
        .setExternalId(ExternalIds.run(step.pod().namespace(), step.workflow()))
        .putProperties("pipeline_name", PodFacts.string(step.workflow()))
        .putProperties("run_id", PodFacts.string(step.workflow()))
        .build();
  }

  /**
   * INPUT events to the artifacts the template reads, found by normalised URI. Returns false when
   * an input has no artifact yet (its producer is not recorded), so the step is tried again.
   */
  private boolean addInputs(
      ArgoTemplate template,
      S3Location repository,
      Set<String> events,
      List<ArtifactAndEvent> pairs) {
    boolean allFound = true;
    for (ArgoArtifact input : template.inputArtifacts()) {
      if (input.s3().isEmpty()) {
        continue;
      }
      String uri = location(input, template, repository).uri();
      Optional<Artifact> artifact = newestByUri(uri);
      if (artifact.isEmpty()) {
        allFound = false;
        continue;
      }
      if (!events.contains(eventKey(artifact.get().getId(), Event.Type.INPUT))) {
        pairs.add(
            ArtifactAndEvent.newBuilder()
                .setEvent(event(Event.Type.INPUT, inputName(input), artifact.get().getId()))
                .build());
      }
    }
    return allFound;
  }

  /**
   * The step's S3 outputs: artifacts of their own (by external id), or for a cache hit the
   * artifacts the original step produced (by URI), as KFP v2 records cache hits.
   */
  private void addOutputs(
      StepPod step,
      ArgoTemplate template,
      ArgoOutputs outputs,
      S3Location repository,
      Set<String> events,
      List<ArtifactAndEvent> pairs) {
    Map<String, ArgoArtifact> byExternalId = new LinkedHashMap<>();
    for (ArgoArtifact output : outputs.artifacts()) {
      if (output.s3().isPresent()) {
        byExternalId.put(
            ExternalIds.output(
                step.pod().namespace(),
                step.workflow(),
                step.nodeId(),
                outputName(template, output)),
            output);
      }
    }
    if (byExternalId.isEmpty()) {
      return;
    }
    Map<String, Artifact> stored = new LinkedHashMap<>();
    orNoneFound(
            () ->
                api.get()
                    .getArtifactsByExternalIds(
                        GetArtifactsByExternalIdsRequest.newBuilder()
                            .addAllExternalIds(byExternalId.keySet())
                            .build())
                    .getArtifactsList())
        .forEach(artifact -> stored.put(artifact.getExternalId(), artifact));
    for (Map.Entry<String, ArgoArtifact> entry : byExternalId.entrySet()) {
      ArgoArtifact output = entry.getValue();
      String name = outputName(template, output);
      String uri = location(output, template, repository).uri();
      Optional<Artifact> existing = Optional.ofNullable(stored.get(entry.getKey()));
      if (existing.isEmpty() && step.kind() == StepKind.V1_CACHED) {
        existing = newestByUri(uri);
      }
      if (existing.isPresent()) {
        if (!events.contains(eventKey(existing.get().getId(), Event.Type.OUTPUT))) {
          pairs.add(
              ArtifactAndEvent.newBuilder()
                  .setEvent(event(Event.Type.OUTPUT, name, existing.get().getId()))
                  .build());
        }
        continue;
      }
      String typeName = step.component().map(c -> c.outputType(name)).orElse(ComponentSpec.NO_TYPE);
      Artifact artifact =
          Artifact.newBuilder()
              .setTypeId(types.artifactType(typeName))
              .setUri(uri)
              .setExternalId(entry.getKey())
              .setState(Artifact.State.LIVE)
              .putCustomProperties("name", PodFacts.string(name))
              .putCustomProperties("pipeline_name", PodFacts.string(step.workflow()))
              .putCustomProperties("run_id", PodFacts.string(step.workflow()))
              .putCustomProperties("argo_artifact", PodFacts.string(output.json()))
              .build();
      pairs.add(
          ArtifactAndEvent.newBuilder()
              .setArtifact(artifact)
              .setEvent(
                  Event.newBuilder()
                      .setType(Event.Type.OUTPUT)
                      .setPath(Event.Path.newBuilder().addSteps(step(name))))
              .build());
    }
  }

  /**
   * The artifact's location completed for matching: its own endpoint and bucket when it has them
   * (Argo 2.x), else the template's archive location, else the artifact repository.
   */
  private static S3Location location(
      ArgoArtifact artifact, ArgoTemplate template, S3Location repository) {
    S3Location location = artifact.s3().orElseThrow();
    return template.archive().map(location::orElse).orElse(location).orElse(repository);
  }

  /** The newest artifact at {@code uri}: a re-run may have written the same location again. */
  private Optional<Artifact> newestByUri(String uri) {
    return api
        .get()
        .getArtifactsByURI(GetArtifactsByURIRequest.newBuilder().addUris(uri).build())
        .getArtifactsList()
        .stream()
        .max(Comparator.comparingLong(Artifact::getId));
  }

  /** MLMD answers a lookup by external ids that finds nothing with NOT_FOUND. */
  private static <T> List<T> orNoneFound(Supplier<List<T>> lookup) {
    try {
      return lookup.get();
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
        return List.of();
      }
      throw e;
    }
  }

  private Set<String> eventKeys(long executionId) {
    Set<String> keys = new HashSet<>();
    api.get()
        .getEventsByExecutionIDs(
            GetEventsByExecutionIDsRequest.newBuilder().addExecutionIds(executionId).build())
        .getEventsList()
        .forEach(event -> keys.add(eventKey(event.getArtifactId(), event.getType())));
    return keys;
  }

  private static String eventKey(long artifactId, Event.Type type) {
    return artifactId + "/" + type;
  }

  private static Event event(Event.Type type, String key, long artifactId) {
    return Event.newBuilder()
        .setType(type)
        .setArtifactId(artifactId)
        .setPath(Event.Path.newBuilder().addSteps(step(key)))
        .build();
  }

  private static Event.Path.Step step(String key) {
    return Event.Path.Step.newBuilder().setKey(key).build();
  }

  /** The v1 compiler reads input {@code x} from {@code /tmp/inputs/x/data}. */
  private static String inputName(ArgoArtifact input) {
    String path = input.path();
    if (path.startsWith(INPUTS_FOLDER) && path.endsWith(DATA_FILE)) {
      return path.substring(INPUTS_FOLDER.length(), path.length() - DATA_FILE.length());
    }
    return input.name();
  }

  /** The v1 compiler names output {@code x} of template {@code t} {@code t-x}. */
  private static String outputName(ArgoTemplate template, ArgoArtifact output) {
    String prefix = template.name() + "-";
    return !template.name().isEmpty() && output.name().startsWith(prefix)
        ? output.name().substring(prefix.length())
        : output.name();
  }
}
