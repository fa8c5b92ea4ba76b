package dev.mnemos.server.testing;

import dev.mnemos.proto.mlmd.Artifact;
import dev.mnemos.proto.mlmd.Association;
import dev.mnemos.proto.mlmd.Attribution;
import dev.mnemos.proto.mlmd.Context;
import dev.mnemos.proto.mlmd.Event;
import dev.mnemos.proto.mlmd.Execution;
import dev.mnemos.proto.mlmd.ParentContext;
import dev.mnemos.proto.mlmd.PutArtifactsRequest;
import dev.mnemos.proto.mlmd.PutAttributionsAndAssociationsRequest;
import dev.mnemos.proto.mlmd.PutContextsRequest;
import dev.mnemos.proto.mlmd.PutEventsRequest;
import dev.mnemos.proto.mlmd.PutExecutionsRequest;
import dev.mnemos.proto.mlmd.PutParentContextsRequest;
import dev.mnemos.proto.mlmd.Value;
import java.util.List;

/**
 * Builds KFP-shaped lineage through the MLMD API for tests: pipelines, runs as their child
 * contexts, steps associated with their run (and its pipeline) that read and write artifacts.
 */
public final class RunGraph {

  public static final String RUN_TYPE = "system.PipelineRun";

  private final Mlmd mlmd;
  private final long pipelineType;
  private final long runType;
  private final long stepType;
  private final long dataType;
  private final long modelType;

  public RunGraph(Mlmd mlmd) {
    this.mlmd = mlmd;
    this.pipelineType = mlmd.contextType("system.Pipeline");
    this.runType = mlmd.contextType(RUN_TYPE);
    this.stepType = mlmd.executionType("system.ContainerExecution");
    this.dataType = mlmd.artifactType("system.Dataset");
    this.modelType = mlmd.artifactType("system.Model");
  }

  public long pipeline(String name) {
    return context(pipelineType, name);
  }

  /** A run context, the child of {@code parent} (a pipeline, or a run it is nested in). */
  public long run(String name, long parent) {
    long run = context(runType, name);
    mlmd.api()
        .putParentContexts(
            PutParentContextsRequest.newBuilder()
                .addParentContexts(ParentContext.newBuilder().setChildId(run).setParentId(parent))
                .build());
    return run;
  }

  /** A dataset attributed to the given contexts. */
  public long dataset(String uri, long... contexts) {
    return artifact(Artifact.newBuilder().setTypeId(dataType).setUri(uri), contexts);
  }

  /** A model, registered or not, attributed to the given contexts. */
  public long model(String uri, boolean registered, long... contexts) {
    return artifact(
        Artifact.newBuilder()
            .setTypeId(modelType)
            .setUri(uri)
            .putCustomProperties("registered", Value.newBuilder().setBoolValue(registered).build()),
        contexts);
  }

  /**
   * A step of {@code run} (associated with it and the given other contexts) that read {@code
   * inputs} and wrote {@code outputs}.
   */
  public long step(long run, List<Long> inputs, List<Long> outputs, long... otherContexts) {
    long step =
        mlmd.api()
            .putExecutions(
                PutExecutionsRequest.newBuilder()
                    .addExecutions(
                        Execution.newBuilder()
                            .setTypeId(stepType)
                            .setLastKnownState(Execution.State.COMPLETE))
                    .build())
            .getExecutionIds(0);
    PutAttributionsAndAssociationsRequest.Builder members =
        PutAttributionsAndAssociationsRequest.newBuilder()
            .addAssociations(Association.newBuilder().setContextId(run).setExecutionId(step));
    for (long context : otherContexts) {
      members.addAssociations(Association.newBuilder().setContextId(context).setExecutionId(step));
    }
    mlmd.api().putAttributionsAndAssociations(members.build());
    PutEventsRequest.Builder events = PutEventsRequest.newBuilder();
    inputs.forEach(a -> events.addEvents(event(a, step, Event.Type.INPUT)));
    outputs.forEach(a -> events.addEvents(event(a, step, Event.Type.OUTPUT)));
    if (events.getEventsCount() > 0) {
      mlmd.api().putEvents(events.build());
    }
    return step;
  }

  /** Attributes an artifact to a context (what a KFP cache hit does with an old output). */
  public void attribute(long context, long artifact) {
    mlmd.api()
        .putAttributionsAndAssociations(
            PutAttributionsAndAssociationsRequest.newBuilder()
                .addAttributions(
                    Attribution.newBuilder().setContextId(context).setArtifactId(artifact))
                .build());
  }

  private static Event.Builder event(long artifact, long execution, Event.Type type) {
    return Event.newBuilder()
        .setArtifactId(artifact)
        .setExecutionId(execution)
        .setType(type)
        .setPath(
            Event.Path.newBuilder()
                .addSteps(
                    Event.Path.Step.newBuilder().setKey(type == Event.Type.INPUT ? "in" : "out")));
  }

  private long artifact(Artifact.Builder artifact, long... contexts) {
    long id =
        mlmd.api()
            .putArtifacts(PutArtifactsRequest.newBuilder().addArtifacts(artifact).build())
            .getArtifactIds(0);
    for (long context : contexts) {
      attribute(context, id);
    }
    return id;
  }

  private long context(long type, String name) {
    return mlmd.api()
        .putContexts(
            PutContextsRequest.newBuilder()
                .addContexts(Context.newBuilder().setTypeId(type).setName(name))
                .build())
        .getContextIds(0);
  }
}
