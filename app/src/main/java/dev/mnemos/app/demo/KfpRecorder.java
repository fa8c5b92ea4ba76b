package dev.mnemos.app.demo;

import com.google.protobuf.ListValue;
import com.google.protobuf.NullValue;
import com.google.protobuf.Struct;
import dev.mnemos.proto.mlmd.Artifact;
import dev.mnemos.proto.mlmd.ArtifactType;
import dev.mnemos.proto.mlmd.Context;
import dev.mnemos.proto.mlmd.ContextType;
import dev.mnemos.proto.mlmd.Event;
import dev.mnemos.proto.mlmd.Execution;
import dev.mnemos.proto.mlmd.ExecutionType;
import dev.mnemos.proto.mlmd.MetadataStoreServiceGrpc.MetadataStoreServiceBlockingStub;
import dev.mnemos.proto.mlmd.ParentContext;
import dev.mnemos.proto.mlmd.PutArtifactTypeRequest;
import dev.mnemos.proto.mlmd.PutArtifactsRequest;
import dev.mnemos.proto.mlmd.PutContextTypeRequest;
import dev.mnemos.proto.mlmd.PutContextsRequest;
import dev.mnemos.proto.mlmd.PutExecutionRequest;
import dev.mnemos.proto.mlmd.PutExecutionResponse;
import dev.mnemos.proto.mlmd.PutExecutionTypeRequest;
import dev.mnemos.proto.mlmd.PutParentContextsRequest;
import dev.mnemos.proto.mlmd.Value;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Writes KFP v2's records through the MLMD API as its driver and launcher do (the shapes of the
 * reference's KFP notes): a pipeline context, a run context under it, a root DAG execution holding
 * the run's arguments, and container steps associated with both contexts, their artifacts with
 * INPUT and OUTPUT events keyed by the step's input and output names. A cached step is a new
 * execution in state CACHED naming the original, whose outputs it points at.
 */
final class KfpRecorder {

  static final String PIPELINE_ROOT = "minio://mlpipeline/v2/artifacts";

  private final MetadataStoreServiceBlockingStub api;
  private final Map<String, Long> types = new HashMap<>();

  /** Artifacts as last written: a PutExecution rewrites what it is given, so inputs go whole. */
  private final Map<Long, Artifact> artifacts = new HashMap<>();

  private final Map<String, Context> pipelines = new HashMap<>();

  KfpRecorder(MetadataStoreServiceBlockingStub api) {
    this.api = api;
  }

  /** A run being recorded: its contexts and its root DAG execution. */
  record Run(String id, String pipeline, Context pipelineContext, Context context, long rootDag) {}

  /** A step's input: its name in the step, and the artifact. */
  record Input(String name, long artifact) {}

  /** A new output artifact: its name in the step, its type, and its custom properties. */
  record Output(String name, String type, Map<String, Value> properties) {
    static Output of(String name, String type) {
      return new Output(name, type, Map.of());
    }
  }

  /** A recorded step: its execution and its outputs' artifact ids by output name. */
  record Step(long execution, Map<String, Long> outputs) {
    long output(String name) {
      Long id = outputs.get(name);
      if (id == null) {
        throw new IllegalArgumentException("the step has no output " + name);
      }
      return id;
    }
  }

  /** Starts a run of {@code pipeline} named {@code id} (KFP's run UUID) with its arguments. */
  Run startRun(String pipeline, String id, String namespace, Map<String, Object> arguments) {
    Context pipelineContext = pipeline(pipeline);
    Context run =
        Context.newBuilder()
            .setTypeId(contextType("system.PipelineRun"))
            .setName(id)
            .putCustomProperties("namespace", text(namespace))
            .putCustomProperties("resource_name", text("run-resource"))
            .putCustomProperties("pipeline_root", text(PIPELINE_ROOT + "/" + pipeline + "/" + id))
            .build();
    long runId =
        api.putContexts(PutContextsRequest.newBuilder().addContexts(run).build()).getContextIds(0);
    run = run.toBuilder().setId(runId).build();
    api.putParentContexts(
        PutParentContextsRequest.newBuilder()
            .addParentContexts(
                ParentContext.newBuilder().setChildId(runId).setParentId(pipelineContext.getId()))
            .build());
    Execution root =
        Execution.newBuilder()
            .setTypeId(executionType("system.DAGExecution"))
            .setName("run/" + id)
            .setLastKnownState(Execution.State.RUNNING)
            .putCustomProperties("display_name", text(""))
            .putCustomProperties("task_name", text(""))
            .putCustomProperties("inputs", struct(arguments))
            .build();
    long rootId =
        api.putExecution(
                PutExecutionRequest.newBuilder()
                    .setExecution(root)
                    .addContexts(pipelineContext)
                    .addContexts(run)
                    .build())
            .getExecutionId();
    return new Run(id, pipeline, pipelineContext, run, rootId);
  }

  /**
   * Records a step of {@code run} under {@code parentDag} that ran (or is running, or failed):
   * {@code task} read {@code inputs} with {@code parameters} and wrote {@code outputs} (none unless
   * it completed).
   */
  Step step(
      Run run,
      long parentDag,
      String task,
      String executionType,
      Map<String, Object> parameters,
      List<Input> inputs,
      List<Output> outputs,
      Execution.State state,
      Map<String, Value> extra) {
    Execution.Builder execution =
        task(executionType, task, parentDag, state)
            .putCustomProperties("inputs", struct(parameters))
            .putCustomProperties(
                "cache_fingerprint", text(Integer.toHexString((task + parameters).hashCode())))
            .putAllCustomProperties(extra);
    if (executionType.equals("system.ContainerExecution")) {
      String pod = run.pipeline() + "-" + run.id().substring(0, 8) + "-" + task;
      execution
          .putCustomProperties("pod_name", text(pod))
          .putCustomProperties("namespace", run.context().getCustomPropertiesOrThrow("namespace"));
    }
    PutExecutionRequest.Builder request = inRun(run, execution.build());
    for (Input input : inputs) {
      request.addArtifactEventPairs(
          pair(artifact(input.artifact()), Event.Type.INPUT, input.name()));
    }
    List<Artifact> written = new ArrayList<>();
    for (Output output : outputs) {
      Artifact artifact =
          Artifact.newBuilder()
              .setTypeId(artifactType(output.type()))
              .setUri(
                  String.join(
                      "/",
                      PIPELINE_ROOT,
                      run.pipeline(),
                      run.id(),
                      task,
                      Integer.toHexString((run.id() + task + output.name()).hashCode()),
                      output.name()))
              .setState(Artifact.State.LIVE)
              .putCustomProperties("display_name", text(output.name()))
              .putAllCustomProperties(output.properties())
              .build();
      written.add(artifact);
      request.addArtifactEventPairs(pair(artifact, Event.Type.OUTPUT, output.name()));
    }
    PutExecutionResponse response = api.putExecution(request.build());
    Map<String, Long> ids = new LinkedHashMap<>();
    for (int i = 0; i < outputs.size(); i++) {
      long id = response.getArtifactIds(inputs.size() + i);
      artifacts.put(id, written.get(i).toBuilder().setId(id).build());
      ids.put(outputs.get(i).name(), id);
    }
    return new Step(response.getExecutionId(), ids);
  }

  /**
   * Records a cache hit: a new execution of {@code task} in state CACHED naming {@code original},
   * reading {@code inputs}, with OUTPUT events to the original's outputs.
   */
  Step cachedStep(
      Run run,
      long parentDag,
      String task,
      Map<String, Object> parameters,
      List<Input> inputs,
      Step original) {
    Execution.Builder execution =
        task("system.ContainerExecution", task, parentDag, Execution.State.CACHED)
            .putCustomProperties("inputs", struct(parameters))
            .putCustomProperties("cached_execution_id", text(Long.toString(original.execution())));
    PutExecutionRequest.Builder request = inRun(run, execution.build());
    for (Input input : inputs) {
      request.addArtifactEventPairs(
          pair(artifact(input.artifact()), Event.Type.INPUT, input.name()));
    }
    original
        .outputs()
        .forEach(
            (name, id) ->
                request.addArtifactEventPairs(pair(artifact(id), Event.Type.OUTPUT, name)));
    return new Step(api.putExecution(request.build()).getExecutionId(), original.outputs());
  }

  /**
   * An importer step: KFP's {@code dsl.importer} with {@code reimport=False}, whose output is the
   * artifact registered once for its URI.
   */
  Step importer(Run run, long parentDag, String task, long artifact) {
    Execution.Builder execution =
        task("system.ImporterExecution", task, parentDag, Execution.State.COMPLETE);
    long id =
        api.putExecution(
                inRun(run, execution.build())
                    .addArtifactEventPairs(pair(artifact(artifact), Event.Type.OUTPUT, "artifact"))
                    .build())
            .getExecutionId();
    return new Step(id, Map.of("artifact", artifact));
  }

  /** A nested DAG (a loop or a sub-pipeline) under {@code parentDag}. */
  long dag(Run run, long parentDag, String task, Map<String, Value> extra) {
    Execution.Builder execution =
        task("system.DAGExecution", task, parentDag, Execution.State.COMPLETE)
            .putAllCustomProperties(extra);
    return api.putExecution(inRun(run, execution.build()).build()).getExecutionId();
  }

  /** Sets the run's root DAG to its final (or current) state, as the launcher rolls it up. */
  void finish(Run run, Execution.State state, Map<String, Object> arguments) {
    api.putExecution(
        PutExecutionRequest.newBuilder()
            .setExecution(
                Execution.newBuilder()
                    .setId(run.rootDag())
                    .setTypeId(executionType("system.DAGExecution"))
                    .setName("run/" + run.id())
                    .setLastKnownState(state)
                    .putCustomProperties("display_name", text(""))
                    .putCustomProperties("task_name", text(""))
                    .putCustomProperties("inputs", struct(arguments)))
            .build());
  }

  /** The execution of a task under {@code parentDag}, named as KFP names it. */
  private Execution.Builder task(
      String executionType, String task, long parentDag, Execution.State state) {
    return Execution.newBuilder()
        .setTypeId(executionType(executionType))
        .setLastKnownState(state)
        .putCustomProperties("display_name", text(task))
        .putCustomProperties("task_name", text(task))
        .putCustomProperties("parent_dag_id", Value.newBuilder().setIntValue(parentDag).build());
  }

  /** A PutExecution of {@code execution} in the run's pipeline and run contexts. */
  private static PutExecutionRequest.Builder inRun(Run run, Execution execution) {
    return PutExecutionRequest.newBuilder()
        .setExecution(execution)
        .addContexts(run.pipelineContext())
        .addContexts(run.context());
  }

  /** An artifact made outside any run (an importer's source, registered once). */
  long importedArtifact(String type, String uri, Map<String, Value> properties) {
    Artifact artifact =
        Artifact.newBuilder()
            .setTypeId(artifactType(type))
            .setUri(uri)
            .putCustomProperties("display_name", text(uri.substring(uri.lastIndexOf('/') + 1)))
            .setState(Artifact.State.LIVE)
            .putAllCustomProperties(properties)
            .build();
    long id =
        api.putArtifacts(PutArtifactsRequest.newBuilder().addArtifacts(artifact).build())
            .getArtifactIds(0);
    artifacts.put(id, artifact.toBuilder().setId(id).build());
    return id;
  }

  private Artifact artifact(long id) {
    Artifact artifact = artifacts.get(id);
    if (artifact == null) {
      throw new IllegalArgumentException("artifact " + id + " was not recorded here");
    }
    return artifact;
  }

  private Context pipeline(String name) {
    return pipelines.computeIfAbsent(
        name,
        n -> {
          Context context =
              Context.newBuilder().setTypeId(contextType("system.Pipeline")).setName(n).build();
          long id =
              api.putContexts(PutContextsRequest.newBuilder().addContexts(context).build())
                  .getContextIds(0);
          return context.toBuilder().setId(id).build();
        });
  }

  private long contextType(String name) {
    return types.computeIfAbsent(
        "context:" + name,
        key ->
            api.putContextType(
                    PutContextTypeRequest.newBuilder()
                        .setContextType(ContextType.newBuilder().setName(name))
                        .build())
                .getTypeId());
  }

  private long executionType(String name) {
    return types.computeIfAbsent(
        "execution:" + name,
        key ->
            api.putExecutionType(
                    PutExecutionTypeRequest.newBuilder()
                        .setExecutionType(ExecutionType.newBuilder().setName(name))
                        .build())
                .getTypeId());
  }

  private long artifactType(String name) {
    return types.computeIfAbsent(
        "artifact:" + name,
        key ->
            api.putArtifactType(
                    PutArtifactTypeRequest.newBuilder()
                        .setArtifactType(ArtifactType.newBuilder().setName(name))
                        .build())
                .getTypeId());
  }

  private static PutExecutionRequest.ArtifactAndEvent pair(
      Artifact artifact, Event.Type type, String key) {
    return PutExecutionRequest.ArtifactAndEvent.newBuilder()
        .setArtifact(artifact)
        .setEvent(
            Event.newBuilder()
                .setType(type)
                .setPath(
                    Event.Path.newBuilder().addSteps(Event.Path.Step.newBuilder().setKey(key))))
        .build();
  }

  static Value text(String value) {
    return Value.newBuilder().setStringValue(value).build();
  }

  static Value number(double value) {
    return Value.newBuilder().setDoubleValue(value).build();
  }

  /** A JSON-like object as KFP stores one: a protobuf Struct in {@code struct_value}. */
  static Value struct(Map<String, ?> fields) {
    return Value.newBuilder().setStructValue(toStruct(fields)).build();
  }

  /** A list as KFP's SDK stores one in an artifact's metadata: {@code {"list": [...]}}. */
  static Value list(List<?> items) {
    return Value.newBuilder().setStructValue(toStruct(Map.of("list", items))).build();
  }

  private static Struct toStruct(Map<String, ?> fields) {
    Struct.Builder struct = Struct.newBuilder();
    fields.forEach((name, value) -> struct.putFields(name, toValue(value)));
    return struct.build();
  }

  private static com.google.protobuf.Value toValue(@Nullable Object value) {
    com.google.protobuf.Value.Builder json = com.google.protobuf.Value.newBuilder();
    if (value == null) {
      return json.setNullValue(NullValue.NULL_VALUE).build();
    }
    if (value instanceof Number number) {
      return json.setNumberValue(number.doubleValue()).build();
    }
    if (value instanceof Boolean bool) {
      return json.setBoolValue(bool).build();
    }
    if (value instanceof Map<?, ?> map) {
      Struct.Builder struct = Struct.newBuilder();
      map.forEach((k, v) -> struct.putFields(String.valueOf(k), toValue(v)));
      return json.setStructValue(struct).build();
    }
    if (value instanceof List<?> items) {
      ListValue.Builder list = ListValue.newBuilder();
      items.forEach(item -> list.addValues(toValue(item)));
      return json.setListValue(list).build();
    }
    return json.setStringValue(value.toString()).build();
  }
}
