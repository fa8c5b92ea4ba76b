package dev.mnemos.server.testing;

import dev.mnemos.proto.mlmd.Artifact;
import dev.mnemos.proto.mlmd.ArtifactType;
import dev.mnemos.proto.mlmd.Association;
import dev.mnemos.proto.mlmd.Attribution;
import dev.mnemos.proto.mlmd.Context;
import dev.mnemos.proto.mlmd.ContextType;
import dev.mnemos.proto.mlmd.Event;
import dev.mnemos.proto.mlmd.Execution;
import dev.mnemos.proto.mlmd.ExecutionType;
import dev.mnemos.proto.mlmd.MetadataStoreServiceGrpc.MetadataStoreServiceBlockingStub;
import dev.mnemos.proto.mlmd.ParentContext;
import dev.mnemos.proto.mlmd.PutArtifactTypeRequest;
import dev.mnemos.proto.mlmd.PutArtifactsRequest;
import dev.mnemos.proto.mlmd.PutAttributionsAndAssociationsRequest;
import dev.mnemos.proto.mlmd.PutContextTypeRequest;
import dev.mnemos.proto.mlmd.PutContextsRequest;
import dev.mnemos.proto.mlmd.PutEventsRequest;
import dev.mnemos.proto.mlmd.PutExecutionRequest;
import dev.mnemos.proto.mlmd.PutExecutionResponse;
import dev.mnemos.proto.mlmd.PutExecutionTypeRequest;
import dev.mnemos.proto.mlmd.PutParentContextsRequest;
import dev.mnemos.proto.mlmd.Value;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * A small multi-tenant store written through the MLMD API, random but reproducible from a seed:
 * shared pipeline contexts, runs in {@link #NAMESPACES} (and one without), attempts under runs,
 * steps that read artifacts of other namespaces and write their own, a step whose own namespace
 * differs from its run's, loose artifacts and executions with and without a namespace, artifacts
 * attributed to a second run. Every way a node can come to be in a namespace, and every link that
 * crosses one, appears.
 */
public final class TenancyWorkload {

  public static final List<String> NAMESPACES = List.of("team-a", "team-b", "team-c");

  private final MetadataStoreServiceBlockingStub api;
  private final Random random;
  private final List<Long> artifacts = new ArrayList<>();
  private final List<Long> runs = new ArrayList<>();
  private final List<Long> pipelines = new ArrayList<>();
  private long datasetType;
  private long modelType;
  private long trainerType;

  private TenancyWorkload(MetadataStoreServiceBlockingStub api, long seed) {
    this.api = api;
    this.random = new Random(seed);
  }

  /** Writes the store; every call is a caller's that may write everywhere. */
  public static void populate(MetadataStoreServiceBlockingStub api, long seed) {
    new TenancyWorkload(api, seed).run();
  }

  private void run() {
    types();
    long pipelineType = contextType("system.Pipeline");
    long runType = contextType("system.PipelineRun");
    long attemptType = contextType("Attempt");
    for (int i = 0; i < 2; i++) {
      pipelines.add(context(pipelineType, "pipeline-" + i, ""));
    }
    for (int i = 0; i < 6; i++) {
      String namespace = i == 5 ? "" : pick(NAMESPACES);
      long run = context(runType, "run-" + i, namespace);
      runs.add(run);
      parent(run, pick(pipelines));
      if (random.nextInt(3) == 0) {
        parent(context(attemptType, "run-" + i + "/attempt", ""), run);
      }
    }
    for (int i = 0; i < 6; i++) {
      looseArtifact(i);
    }
    for (int i = 0; i < 16; i++) {
      step(i);
    }
    for (int i = 0; i < 3; i++) {
      // An artifact shared into a second run, perhaps of another namespace.
      api.putAttributionsAndAssociations(
          PutAttributionsAndAssociationsRequest.newBuilder()
              .addAttributions(
                  Attribution.newBuilder().setArtifactId(pick(artifacts)).setContextId(pick(runs)))
              .build());
    }
  }

  private void types() {
    datasetType = artifactType("Dataset");
    modelType = artifactType("Model");
    trainerType =
        api.putExecutionType(
                PutExecutionTypeRequest.newBuilder()
                    .setExecutionType(ExecutionType.newBuilder().setName("Trainer"))
                    .build())
            .getTypeId();
  }

  private long artifactType(String name) {
    return api.putArtifactType(
            PutArtifactTypeRequest.newBuilder()
                .setArtifactType(ArtifactType.newBuilder().setName(name))
                .build())
        .getTypeId();
  }

  private long contextType(String name) {
    return api.putContextType(
            PutContextTypeRequest.newBuilder()
                .setContextType(ContextType.newBuilder().setName(name))
                .build())
        .getTypeId();
  }

  private long context(long type, String name, String namespace) {
    Context.Builder context = Context.newBuilder().setTypeId(type).setName(name);
    if (!namespace.isEmpty()) {
      context.putCustomProperties("namespace", text(namespace));
    }
    return api.putContexts(PutContextsRequest.newBuilder().addContexts(context).build())
        .getContextIds(0);
  }

  private void parent(long child, long parent) {
    api.putParentContexts(
        PutParentContextsRequest.newBuilder()
            .addParentContexts(ParentContext.newBuilder().setChildId(child).setParentId(parent))
            .build());
  }

  private void looseArtifact(int i) {
    Artifact.Builder artifact =
        Artifact.newBuilder()
            .setTypeId(datasetType)
            .setName("loose-" + i)
            .setUri("s3://shared/loose-" + i)
            .setState(Artifact.State.LIVE);
    if (i % 2 == 0) {
      artifact.putCustomProperties("namespace", text(pick(NAMESPACES)));
    }
    if (i % 3 == 0) {
      artifact.setExternalId("loose-external-" + i);
    }
    artifacts.add(
        api.putArtifacts(PutArtifactsRequest.newBuilder().addArtifacts(artifact).build())
            .getArtifactIds(0));
  }

  /** A step of a run (or, one in five, of none) that reads up to two artifacts and writes one. */
  private void step(int i) {
    boolean loose = random.nextInt(5) == 0;
    Execution.Builder execution =
        Execution.newBuilder()
            .setTypeId(trainerType)
            .setName("step-" + i)
            .setLastKnownState(Execution.State.COMPLETE)
            .putCustomProperties("accuracy", Value.newBuilder().setDoubleValue(i / 20.0).build());
    if (loose || random.nextInt(6) == 0) {
      // Its own namespace wins over its run's.
      execution.putCustomProperties("namespace", text(pick(NAMESPACES)));
    }
    Artifact.Builder output =
        Artifact.newBuilder()
            .setTypeId(random.nextBoolean() ? modelType : datasetType)
            .setName("art-" + i)
            .setUri("s3://bucket/art-" + i)
            .setState(Artifact.State.LIVE);
    if (i % 4 == 0) {
      output.setExternalId("external-" + i);
    }
    PutExecutionResponse put =
        api.putExecution(
            PutExecutionRequest.newBuilder()
                .setExecution(execution)
                .addArtifactEventPairs(
                    PutExecutionRequest.ArtifactAndEvent.newBuilder()
                        .setArtifact(output)
                        .setEvent(Event.newBuilder().setType(Event.Type.OUTPUT)))
                .build());
    long executionId = put.getExecutionId();
    long outputId = put.getArtifactIds(0);
    if (!loose) {
      long run = pick(runs);
      long pipeline = pick(pipelines);
      api.putAttributionsAndAssociations(
          PutAttributionsAndAssociationsRequest.newBuilder()
              .addAssociations(association(executionId, pipeline))
              .addAssociations(association(executionId, run))
              .addAttributions(attribution(outputId, pipeline))
              .addAttributions(attribution(outputId, run))
              .build());
    }
    int inputs = artifacts.isEmpty() ? 0 : random.nextInt(3);
    PutEventsRequest.Builder events = PutEventsRequest.newBuilder();
    List<Long> read = new ArrayList<>(artifacts);
    Collections.shuffle(read, random);
    for (long input : read.subList(0, inputs)) {
      events.addEvents(
          Event.newBuilder()
              .setArtifactId(input)
              .setExecutionId(executionId)
              .setType(Event.Type.INPUT)
              .setMillisecondsSinceEpoch(1_700_000_000_000L + i));
    }
    if (events.getEventsCount() > 0) {
      api.putEvents(events.build());
    }
    artifacts.add(outputId);
  }

  private static Association association(long execution, long context) {
    return Association.newBuilder().setExecutionId(execution).setContextId(context).build();
  }

  private static Attribution attribution(long artifact, long context) {
    return Attribution.newBuilder().setArtifactId(artifact).setContextId(context).build();
  }

  private <T> T pick(List<T> from) {
    return from.get(random.nextInt(from.size()));
  }

  private static Value text(String value) {
    return Value.newBuilder().setStringValue(value).build();
  }
}
