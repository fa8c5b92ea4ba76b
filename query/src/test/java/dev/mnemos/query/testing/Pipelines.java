package dev.mnemos.query.testing;

import com.google.protobuf.Struct;
import dev.mnemos.proto.mlmd.Artifact;
import dev.mnemos.proto.mlmd.ArtifactType;
import dev.mnemos.proto.mlmd.Context;
import dev.mnemos.proto.mlmd.ContextType;
import dev.mnemos.proto.mlmd.Event;
import dev.mnemos.proto.mlmd.Execution;
import dev.mnemos.proto.mlmd.ExecutionType;
import dev.mnemos.proto.mlmd.GetContextByTypeAndNameRequest;
import dev.mnemos.proto.mlmd.MetadataStoreServiceGrpc;
import dev.mnemos.proto.mlmd.ParentContext;
import dev.mnemos.proto.mlmd.PutArtifactTypeRequest;
import dev.mnemos.proto.mlmd.PutContextTypeRequest;
import dev.mnemos.proto.mlmd.PutContextsRequest;
import dev.mnemos.proto.mlmd.PutExecutionRequest;
import dev.mnemos.proto.mlmd.PutExecutionResponse;
import dev.mnemos.proto.mlmd.PutExecutionTypeRequest;
import dev.mnemos.proto.mlmd.PutParentContextsRequest;
import dev.mnemos.proto.mlmd.Value;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes KFP-shaped pipelines through the MLMD gRPC API, as the KFP v2 driver and launcher (or the
 * v1 metadata writer) do: contexts, a root DAG with the run arguments, and steps with their
 * artifacts, events and contexts in one PutExecution each.
 */
public final class Pipelines {

  private final MetadataStoreServiceGrpc.MetadataStoreServiceBlockingStub api;

  public Pipelines(QueryStack stack) {
    this(stack.api());
  }

  public Pipelines(MetadataStoreServiceGrpc.MetadataStoreServiceBlockingStub api) {
    this.api = api;
  }

  /** What a recorded v2 run is made of. */
  public record V2Run(
      long pipelineId,
      long runId,
      long rootId,
      long ingestId,
      long trainId,
      long evaluateId,
      long datasetId,
      long modelId,
      long metricsId,
      long reportId) {}

  public long contextType(String name) {
    return api.putContextType(
            PutContextTypeRequest.newBuilder()
                .setContextType(ContextType.newBuilder().setName(name))
                .build())
        .getTypeId();
  }

  public long executionType(String name) {
    return api.putExecutionType(
            PutExecutionTypeRequest.newBuilder()
                .setExecutionType(ExecutionType.newBuilder().setName(name))
                .build())
        .getTypeId();
  }

  public long artifactType(String name) {
    return api.putArtifactType(
            PutArtifactTypeRequest.newBuilder()
                .setArtifactType(ArtifactType.newBuilder().setName(name))
                .build())
        .getTypeId();
  }

  /** The pipeline context of that name, created on first use. */
  public long pipeline(String name) {
    long type = contextType("system.Pipeline");
    var found =
        api.getContextByTypeAndName(
            GetContextByTypeAndNameRequest.newBuilder()
                .setTypeName("system.Pipeline")
                .setContextName(name)
                .build());
    if (found.hasContext()) {
      return found.getContext().getId();
    }
    return api.putContexts(
            PutContextsRequest.newBuilder()
                .addContexts(Context.newBuilder().setTypeId(type).setName(name))
                .build())
        .getContextIds(0);
  }

  /**
   * A three-step v2 run of {@code pipeline}: ingest outputs a dataset, train reads it and outputs a
   * model, evaluate reads the model and outputs a metrics artifact with {@code metrics} and a
   * report. The run ends in {@code finalState} (the evaluate step's state).
   */
  public V2Run v2Run(
      String pipeline,
      String runName,
      Map<String, Object> arguments,
      Map<String, Double> metrics,
      Execution.State finalState) {
    return v2Run(pipeline, runName, arguments, metrics, finalState, "");
  }

  /** The same run in a namespace, as KFP's multi-user mode records it on the run context. */
  public V2Run v2Run(
      String pipeline,
      String runName,
      Map<String, Object> arguments,
      Map<String, Double> metrics,
      Execution.State finalState,
      String namespace) {
    long pipelineId = pipeline(pipeline);
    long runType = contextType("system.PipelineRun");
    long dag = executionType("system.DAGExecution");
    long container = executionType("system.ContainerExecution");
    long datasetType = artifactType("system.Dataset");
    long modelType = artifactType("system.Model");
    long metricsType = artifactType("system.Metrics");
    long reportType = artifactType("system.HTML");
    Context.Builder run = Context.newBuilder().setTypeId(runType).setName(runName);
    if (!namespace.isEmpty()) {
      run.putCustomProperties("namespace", Value.newBuilder().setStringValue(namespace).build());
    }
    long runId =
        api.putContexts(PutContextsRequest.newBuilder().addContexts(run).build()).getContextIds(0);
    api.putParentContexts(
        PutParentContextsRequest.newBuilder()
            .addParentContexts(ParentContext.newBuilder().setChildId(runId).setParentId(pipelineId))
            .build());
    List<Context> contexts =
        List.of(
            Context.newBuilder()
                .setId(pipelineId)
                .setTypeId(contextType("system.Pipeline"))
                .setName(pipeline)
                .build(),
            run.setId(runId).build());

    Struct.Builder inputs = Struct.newBuilder();
    arguments.forEach(
        (name, value) ->
            inputs.putFields(
                name,
                value instanceof Number n
                    ? com.google.protobuf.Value.newBuilder().setNumberValue(n.doubleValue()).build()
                    : com.google.protobuf.Value.newBuilder()
                        .setStringValue(value.toString())
                        .build()));
    Execution root =
        Execution.newBuilder()
            .setTypeId(dag)
            .setName("run/" + runName)
            .setLastKnownState(finalState)
            .putCustomProperties("inputs", Value.newBuilder().setStructValue(inputs).build())
            .build();
    long rootId =
        api.putExecution(
                PutExecutionRequest.newBuilder()
                    .setExecution(root)
                    .addAllContexts(contexts)
                    .build())
            .getExecutionId();

    Artifact dataset =
        Artifact.newBuilder()
            .setTypeId(datasetType)
            .setUri(
                "minio://mlpipeline/v2/artifacts/" + pipeline + "/" + runName + "/ingest/dataset")
            .setState(Artifact.State.LIVE)
            .build();
    var ingest =
        step(
            container,
            rootId,
            "ingest",
            Execution.State.COMPLETE,
            contexts,
            Map.of(),
            Map.of("dataset", dataset));
    long datasetId = ingest.getArtifactIds(0);

    Artifact model =
        Artifact.newBuilder()
            .setTypeId(modelType)
            .setUri(
                "minio://mlpipeline/v2/artifacts/"
                    + pipeline
                    + "/"
                    + runName
                    + "/train/churn_model")
            .setState(Artifact.State.LIVE)
            .putCustomProperties("framework", Value.newBuilder().setStringValue("xgboost").build())
            .build();
    var train =
        step(
            container,
            rootId,
            "train",
            Execution.State.COMPLETE,
            contexts,
            Map.of("dataset", dataset.toBuilder().setId(datasetId).build()),
            Map.of("model", model));
    long modelId = train.getArtifactIds(1);

    Artifact.Builder metricsArtifact =
        Artifact.newBuilder()
            .setTypeId(metricsType)
            .setUri(
                "minio://mlpipeline/v2/artifacts/" + pipeline + "/" + runName + "/evaluate/metrics")
            .setState(Artifact.State.LIVE)
            .putCustomProperties(
                "display_name", Value.newBuilder().setStringValue("metrics").build());
    metrics.forEach(
        (name, value) ->
            metricsArtifact.putCustomProperties(
                name, Value.newBuilder().setDoubleValue(value).build()));
    Artifact report =
        Artifact.newBuilder()
            .setTypeId(reportType)
            .setUri(
                "minio://mlpipeline/v2/artifacts/"
                    + pipeline
                    + "/"
                    + runName
                    + "/evaluate/report.html")
            .build();
    Map<String, Artifact> outputs = new LinkedHashMap<>();
    outputs.put("metrics", metricsArtifact.build());
    outputs.put("report", report);
    var evaluate =
        step(
            container,
            rootId,
            "evaluate",
            finalState,
            contexts,
            Map.of("model", model.toBuilder().setId(modelId).build()),
            outputs);
    return new V2Run(
        pipelineId,
        runId,
        rootId,
        ingest.getExecutionId(),
        train.getExecutionId(),
        evaluate.getExecutionId(),
        datasetId,
        modelId,
        evaluate.getArtifactIds(1),
        evaluate.getArtifactIds(2));
  }

  /**
   * One more step of {@code run} (of {@code pipeline}, named {@code runName}), {@code task}, that
   * outputs a metrics artifact with {@code metrics}: a run whose training step records a loss
   * besides its evaluation's.
   *
   * @return the metrics artifact's id
   */
  public long stepMetrics(
      V2Run run, String pipeline, String runName, String task, Map<String, Double> metrics) {
    List<Context> contexts =
        List.of(
            Context.newBuilder()
                .setId(run.pipelineId())
                .setTypeId(contextType("system.Pipeline"))
                .setName(pipeline)
                .build(),
            Context.newBuilder()
                .setId(run.runId())
                .setTypeId(contextType("system.PipelineRun"))
                .setName(runName)
                .build());
    Artifact.Builder artifact =
        Artifact.newBuilder()
            .setTypeId(artifactType("system.Metrics"))
            .setUri(
                "minio://mlpipeline/v2/artifacts/"
                    + pipeline
                    + "/"
                    + runName
                    + "/"
                    + task
                    + "/metrics")
            .setState(Artifact.State.LIVE)
            .putCustomProperties(
                "display_name", Value.newBuilder().setStringValue("metrics").build());
    metrics.forEach(
        (name, value) ->
            artifact.putCustomProperties(name, Value.newBuilder().setDoubleValue(value).build()));
    return step(
            executionType("system.ContainerExecution"),
            run.rootId(),
            task,
            Execution.State.COMPLETE,
            contexts,
            Map.of(),
            Map.of("metrics", artifact.build()))
        .getArtifactIds(0);
  }

  private PutExecutionResponse step(
      long type,
      long rootId,
      String name,
      Execution.State state,
      List<Context> contexts,
      Map<String, Artifact> inputs,
      Map<String, Artifact> outputs) {
    Execution execution =
        Execution.newBuilder()
            .setTypeId(type)
            .setLastKnownState(state)
            .putCustomProperties("display_name", Value.newBuilder().setStringValue(name).build())
            .putCustomProperties("task_name", Value.newBuilder().setStringValue(name).build())
            .putCustomProperties("parent_dag_id", Value.newBuilder().setIntValue(rootId).build())
            .build();
    List<PutExecutionRequest.ArtifactAndEvent> pairs = new ArrayList<>();
    inputs.forEach((key, artifact) -> pairs.add(pair(artifact, Event.Type.INPUT, key)));
    outputs.forEach((key, artifact) -> pairs.add(pair(artifact, Event.Type.OUTPUT, key)));
    return api.putExecution(
        PutExecutionRequest.newBuilder()
            .setExecution(execution)
            .addAllArtifactEventPairs(pairs)
            .addAllContexts(contexts)
            .build());
  }

  /** An artifact with its event, the event's path one step: {@code key}. */
  public static PutExecutionRequest.ArtifactAndEvent pair(
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
}
