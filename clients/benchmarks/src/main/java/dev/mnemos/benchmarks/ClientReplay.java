package dev.mnemos.benchmarks;

import dev.mnemos.client.MnemosClient;
import dev.mnemos.proto.mlmd.Artifact;
import dev.mnemos.proto.mlmd.ArtifactType;
import dev.mnemos.proto.mlmd.Context;
import dev.mnemos.proto.mlmd.ContextType;
import dev.mnemos.proto.mlmd.Event;
import dev.mnemos.proto.mlmd.Execution;
import dev.mnemos.proto.mlmd.ExecutionType;
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
import java.util.List;
import java.util.Map;

/**
 * Writes workload runs through the Java client exactly as side_by_side.py's replay writes them
 * through the Python client: a run context under the pipeline context, then one PutExecution per
 * step with its inputs, outputs and metrics artifact. Writes are retried on ABORTED (concurrent
 * writers deadlock on MySQL and MariaDB) as on the Python side.
 */
final class ClientReplay {

  private final MnemosClient client;
  private final String pipelineName;
  private long dataset;
  private long model;
  private long metrics;
  private long container;
  private long runType;

  // Written by setUp(), before any replay.
  @SuppressWarnings("NullAway.Init")
  private Context pipeline;

  @SuppressWarnings("NullAway.Init")
  private Artifact raw;

  ClientReplay(MnemosClient client, String pipelineName) {
    this.client = client;
    this.pipelineName = pipelineName;
  }

  /** Types, the pipeline context and the shared raw dataset, written once before timing. */
  void setUp() {
    dataset = artifactType("system.Dataset");
    model = artifactType("system.Model");
    metrics = artifactType("system.Metrics");
    container =
        client
            .api()
            .putExecutionType(
                PutExecutionTypeRequest.newBuilder()
                    .setExecutionType(
                        ExecutionType.newBuilder().setName("system.ContainerExecution"))
                    .build())
            .getTypeId();
    long pipelineType = contextType("system.Pipeline");
    runType = contextType("system.PipelineRun");
    Context context = Context.newBuilder().setTypeId(pipelineType).setName(pipelineName).build();
    pipeline =
        context.toBuilder()
            .setId(
                client
                    .api()
                    .putContexts(PutContextsRequest.newBuilder().addContexts(context).build())
                    .getContextIds(0))
            .build();
    Artifact rawData =
        Artifact.newBuilder()
            .setTypeId(dataset)
            .setUri("minio://mlpipeline/raw/data.csv")
            .setState(Artifact.State.LIVE)
            .putCustomProperties("display_name", string("raw"))
            .build();
    raw =
        rawData.toBuilder()
            .setId(
                client
                    .api()
                    .putArtifacts(PutArtifactsRequest.newBuilder().addArtifacts(rawData).build())
                    .getArtifactIds(0))
            .build();
  }

  /** Writes {@code runs}; returns the number of PutExecution calls. */
  int replay(List<Workload.Run> runs) {
    int puts = 0;
    for (Workload.Run run : runs) {
      replayRun(run);
      puts += run.steps().size();
    }
    return puts;
  }

  /** Writes one run; returns the id of its context. */
  long replayRun(Workload.Run run) {
    Context context =
        Context.newBuilder()
            .setTypeId(runType)
            .setName("run-" + run.number())
            .putCustomProperties("namespace", string("kubeflow"))
            .putCustomProperties(
                "pipeline_root",
                string("minio://mlpipeline/v2/artifacts/" + pipelineName + "/run-" + run.number()))
            .build();
    PutContextsRequest contexts = PutContextsRequest.newBuilder().addContexts(context).build();
    context =
        context.toBuilder()
            .setId(client.retried(api -> api.putContexts(contexts)).getContextIds(0))
            .build();
    PutParentContextsRequest parent =
        PutParentContextsRequest.newBuilder()
            .addParentContexts(
                ParentContext.newBuilder()
                    .setChildId(context.getId())
                    .setParentId(pipeline.getId()))
            .build();
    client.retried(api -> api.putParentContexts(parent));
    List<List<Artifact>> produced = new ArrayList<>();
    for (int step = 0; step < run.steps().size(); step++) {
      produced.add(putStep(run.number(), step, run.steps().get(step), context, produced));
    }
    return context.getId();
  }

  private List<Artifact> putStep(
      int run, int step, Workload.Step planned, Context context, List<List<Artifact>> produced) {
    Execution.Builder execution =
        Execution.newBuilder()
            .setTypeId(container)
            .setLastKnownState(Execution.State.COMPLETE)
            .putCustomProperties("display_name", string("step-" + step))
            .putCustomProperties("task_name", string("step-" + step))
            .putCustomProperties("pod_name", string("run-" + run + "-step-" + step + "-pod"));
    for (Map.Entry<String, Number> parameter : planned.parameters().entrySet()) {
      Value value =
          parameter.getValue() instanceof Long number
              ? Value.newBuilder().setIntValue(number).build()
              : Value.newBuilder().setDoubleValue(parameter.getValue().doubleValue()).build();
      execution.putCustomProperties("input:" + parameter.getKey(), value);
    }
    PutExecutionRequest.Builder request =
        PutExecutionRequest.newBuilder()
            .setExecution(execution)
            .addContexts(pipeline)
            .addContexts(context);
    for (Workload.Input input : planned.inputs()) {
      Artifact artifact =
          input.producer() < 0 ? raw : produced.get(input.producer()).get(input.slot());
      request.addArtifactEventPairs(pair(artifact, Event.Type.INPUT, input.key()));
    }
    List<Artifact> outputs = new ArrayList<>();
    String folder =
        "minio://mlpipeline/v2/artifacts/" + pipelineName + "/run-" + run + "/step-" + step + "/";
    for (Workload.Output output : planned.outputs()) {
      outputs.add(
          Artifact.newBuilder()
              .setTypeId(output.type().equals("system.Model") ? model : dataset)
              .setUri(folder + output.key())
              .setState(Artifact.State.LIVE)
              .putCustomProperties("display_name", string(output.key()))
              .build());
    }
    Artifact.Builder scores =
        Artifact.newBuilder()
            .setTypeId(metrics)
            .setState(Artifact.State.LIVE)
            .setUri(folder + "metrics");
    planned
        .metrics()
        .forEach(
            (name, value) ->
                scores.putCustomProperties(name, Value.newBuilder().setDoubleValue(value).build()));
    outputs.add(scores.build());
    for (int i = 0; i < outputs.size(); i++) {
      String key = i < planned.outputs().size() ? planned.outputs().get(i).key() : "metrics";
      request.addArtifactEventPairs(pair(outputs.get(i), Event.Type.OUTPUT, key));
    }
    PutExecutionResponse response = client.putExecution(request.build());
    List<Artifact> written = new ArrayList<>();
    int first = planned.inputs().size();
    for (int i = 0; i < outputs.size(); i++) {
      written.add(outputs.get(i).toBuilder().setId(response.getArtifactIds(first + i)).build());
    }
    return written;
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

  private long artifactType(String name) {
    return client
        .api()
        .putArtifactType(
            PutArtifactTypeRequest.newBuilder()
                .setArtifactType(ArtifactType.newBuilder().setName(name))
                .build())
        .getTypeId();
  }

  private long contextType(String name) {
    return client
        .api()
        .putContextType(
            PutContextTypeRequest.newBuilder()
                .setContextType(ContextType.newBuilder().setName(name))
                .build())
        .getTypeId();
  }

  static Value string(String value) {
    return Value.newBuilder().setStringValue(value).build();
  }
}
