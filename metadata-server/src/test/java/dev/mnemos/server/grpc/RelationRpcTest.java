package dev.mnemos.server.grpc;

import static dev.mnemos.server.testing.GrpcAssertions.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mnemos.proto.mlmd.Artifact;
import dev.mnemos.proto.mlmd.Association;
import dev.mnemos.proto.mlmd.Attribution;
import dev.mnemos.proto.mlmd.Context;
import dev.mnemos.proto.mlmd.Event;
import dev.mnemos.proto.mlmd.Execution;
import dev.mnemos.proto.mlmd.GetArtifactsByContextRequest;
import dev.mnemos.proto.mlmd.GetChildrenContextsByContextRequest;
import dev.mnemos.proto.mlmd.GetChildrenContextsByContextsRequest;
import dev.mnemos.proto.mlmd.GetChildrenContextsByContextsResponse;
import dev.mnemos.proto.mlmd.GetContextsByArtifactRequest;
import dev.mnemos.proto.mlmd.GetContextsByExecutionRequest;
import dev.mnemos.proto.mlmd.GetEventsByArtifactIDsRequest;
import dev.mnemos.proto.mlmd.GetEventsByExecutionIDsRequest;
import dev.mnemos.proto.mlmd.GetExecutionsByContextRequest;
import dev.mnemos.proto.mlmd.GetParentContextsByContextRequest;
import dev.mnemos.proto.mlmd.GetParentContextsByContextsRequest;
import dev.mnemos.proto.mlmd.GetParentContextsByContextsResponse;
import dev.mnemos.proto.mlmd.ParentContext;
import dev.mnemos.proto.mlmd.PutArtifactsRequest;
import dev.mnemos.proto.mlmd.PutAttributionsAndAssociationsRequest;
import dev.mnemos.proto.mlmd.PutContextsRequest;
import dev.mnemos.proto.mlmd.PutEventsRequest;
import dev.mnemos.proto.mlmd.PutExecutionsRequest;
import dev.mnemos.proto.mlmd.PutParentContextsRequest;
import dev.mnemos.server.testing.Mlmd;
import dev.mnemos.server.testing.StoreTest;
import io.grpc.Status.Code;

class RelationRpcTest {

  private record Graph(long artifact, long execution, long runType) {}

  private static Graph graph(Mlmd mlmd) {
    long artifactType = mlmd.artifactType("Data");
    long executionType = mlmd.executionType("Step");
    long runType = mlmd.contextType("Run");
    long artifact =
        mlmd.api()
            .putArtifacts(
                PutArtifactsRequest.newBuilder()
                    .addArtifacts(Artifact.newBuilder().setTypeId(artifactType))
                    .build())
            .getArtifactIds(0);
    long execution =
        mlmd.api()
            .putExecutions(
                PutExecutionsRequest.newBuilder()
                    .addExecutions(Execution.newBuilder().setTypeId(executionType))
                    .build())
            .getExecutionIds(0);
    return new Graph(artifact, execution, runType);
  }

  private static long context(Mlmd mlmd, long type, String name) {
    return mlmd.api()
        .putContexts(
            PutContextsRequest.newBuilder()
                .addContexts(Context.newBuilder().setTypeId(type).setName(name))
                .build())
        .getContextIds(0);
  }

  private static void link(Mlmd mlmd, long child, long parent) {
    mlmd.api()
        .putParentContexts(
            PutParentContextsRequest.newBuilder()
                .addParentContexts(ParentContext.newBuilder().setChildId(child).setParentId(parent))
                .build());
  }

  @StoreTest
  void eventsKeepTheirPathsAndAreUniquePerArtifactExecutionAndType(Mlmd mlmd) {
    Graph g = graph(mlmd);
    Event event =
        Event.newBuilder()
            .setArtifactId(g.artifact())
            .setExecutionId(g.execution())
            .setType(Event.Type.OUTPUT)
            .setPath(
                Event.Path.newBuilder()
                    .addSteps(Event.Path.Step.newBuilder().setKey("model"))
                    .addSteps(Event.Path.Step.newBuilder().setIndex(0)))
            .build();
    mlmd.api().putEvents(PutEventsRequest.newBuilder().addEvents(event).build());

    Event stored =
        mlmd.api()
            .getEventsByArtifactIDs(
                GetEventsByArtifactIDsRequest.newBuilder().addArtifactIds(g.artifact()).build())
            .getEvents(0);
    assertThat(stored.getPath()).isEqualTo(event.getPath());
    assertThat(stored.getMillisecondsSinceEpoch()).isPositive();
    assertThat(
            mlmd.api()
                .getEventsByExecutionIDs(
                    GetEventsByExecutionIDsRequest.newBuilder()
                        .addExecutionIds(g.execution())
                        .build())
                .getEventsCount())
        .isEqualTo(1);
    assertStatus(
        Code.ALREADY_EXISTS,
        () -> mlmd.api().putEvents(PutEventsRequest.newBuilder().addEvents(event).build()));
  }

  @StoreTest
  void eventsNeedBothEndsAndAType(Mlmd mlmd) {
    Graph g = graph(mlmd);
    Event complete =
        Event.newBuilder()
            .setArtifactId(g.artifact())
            .setExecutionId(g.execution())
            .setType(Event.Type.INPUT)
            .build();

    assertStatus(
        Code.INVALID_ARGUMENT,
        () ->
            mlmd.api()
                .putEvents(
                    PutEventsRequest.newBuilder()
                        .addEvents(complete.toBuilder().clearArtifactId())
                        .build()));
    assertStatus(
        Code.INVALID_ARGUMENT,
        () ->
            mlmd.api()
                .putEvents(
                    PutEventsRequest.newBuilder()
                        .addEvents(complete.toBuilder().clearType())
                        .build()));
    assertStatus(
        Code.INVALID_ARGUMENT,
        () ->
            mlmd.api()
                .putEvents(
                    PutEventsRequest.newBuilder()
                        .addEvents(complete.toBuilder().setArtifactId(404))
                        .build()));
    assertStatus(
        Code.INVALID_ARGUMENT,
        () ->
            mlmd.api()
                .putEvents(
                    PutEventsRequest.newBuilder()
                        .addEvents(complete)
                        .addEvents(complete.toBuilder().setExecutionId(404))
                        .build()));
    assertThat(
            mlmd.api()
                .getEventsByArtifactIDs(
                    GetEventsByArtifactIDsRequest.newBuilder().addArtifactIds(g.artifact()).build())
                .getEventsList())
        .isEmpty();
  }

  @StoreTest
  void membershipIsIdempotentAndVisibleFromBothSides(Mlmd mlmd) {
    Graph g = graph(mlmd);
    long run = context(mlmd, g.runType(), "run-1");
    PutAttributionsAndAssociationsRequest membership =
        PutAttributionsAndAssociationsRequest.newBuilder()
            .addAttributions(Attribution.newBuilder().setContextId(run).setArtifactId(g.artifact()))
            .addAttributions(Attribution.newBuilder().setContextId(run).setArtifactId(g.artifact()))
            .addAssociations(
                Association.newBuilder().setContextId(run).setExecutionId(g.execution()))
            .build();

    mlmd.api().putAttributionsAndAssociations(membership);
    mlmd.api().putAttributionsAndAssociations(membership);

    assertThat(
            mlmd.api()
                .getArtifactsByContext(
                    GetArtifactsByContextRequest.newBuilder().setContextId(run).build())
                .getArtifactsCount())
        .isEqualTo(1);
    assertThat(
            mlmd.api()
                .getExecutionsByContext(
                    GetExecutionsByContextRequest.newBuilder().setContextId(run).build())
                .getExecutionsCount())
        .isEqualTo(1);
    assertThat(
            mlmd.api()
                .getContextsByArtifact(
                    GetContextsByArtifactRequest.newBuilder().setArtifactId(g.artifact()).build())
                .getContexts(0)
                .getName())
        .isEqualTo("run-1");
    assertThat(
            mlmd.api()
                .getContextsByExecution(
                    GetContextsByExecutionRequest.newBuilder()
                        .setExecutionId(g.execution())
                        .build())
                .getContextsCount())
        .isEqualTo(1);
    assertStatus(
        Code.INVALID_ARGUMENT,
        () ->
            mlmd.api()
                .putAttributionsAndAssociations(
                    PutAttributionsAndAssociationsRequest.newBuilder()
                        .addAttributions(
                            Attribution.newBuilder().setContextId(404).setArtifactId(g.artifact()))
                        .build()));
  }

  @StoreTest
  void nodesWithoutContextsAreNotFoundLikeMlmdAnswers(Mlmd mlmd) {
    Graph g = graph(mlmd);

    assertStatus(
        Code.NOT_FOUND,
        () ->
            mlmd.api()
                .getContextsByArtifact(
                    GetContextsByArtifactRequest.newBuilder().setArtifactId(g.artifact()).build()));
    assertStatus(
        Code.NOT_FOUND,
        () ->
            mlmd.api()
                .getContextsByExecution(
                    GetContextsByExecutionRequest.newBuilder()
                        .setExecutionId(g.execution())
                        .build()));
  }

  @StoreTest
  void parentContextsRefuseDuplicatesUnknownIdsAndCycles(Mlmd mlmd) {
    Graph g = graph(mlmd);
    long pipeline = context(mlmd, g.runType(), "pipeline");
    long run = context(mlmd, g.runType(), "run");
    long step = context(mlmd, g.runType(), "step");
    link(mlmd, run, pipeline);
    link(mlmd, step, run);

    assertStatus(Code.ALREADY_EXISTS, () -> link(mlmd, run, pipeline));
    assertStatus(Code.INVALID_ARGUMENT, () -> link(mlmd, pipeline, step));
    assertStatus(Code.INVALID_ARGUMENT, () -> link(mlmd, run, run));
    assertStatus(Code.INVALID_ARGUMENT, () -> link(mlmd, run, 404));
    assertStatus(
        Code.INVALID_ARGUMENT,
        () ->
            mlmd.api()
                .putParentContexts(
                    PutParentContextsRequest.newBuilder()
                        .addParentContexts(ParentContext.newBuilder().setChildId(run))
                        .build()));

    assertThat(
            mlmd.api()
                .getParentContextsByContext(
                    GetParentContextsByContextRequest.newBuilder().setContextId(run).build())
                .getContextsList())
        .extracting(Context::getName)
        .containsExactly("pipeline");
    assertThat(
            mlmd.api()
                .getChildrenContextsByContext(
                    GetChildrenContextsByContextRequest.newBuilder().setContextId(run).build())
                .getContextsList())
        .extracting(Context::getName)
        .containsExactly("step");
  }

  @StoreTest
  void batchHierarchyLookupsAreKeyedByTheAskedContext(Mlmd mlmd) {
    Graph g = graph(mlmd);
    long pipeline = context(mlmd, g.runType(), "pipeline");
    long run1 = context(mlmd, g.runType(), "run1");
    long run2 = context(mlmd, g.runType(), "run2");
    link(mlmd, run1, pipeline);
    link(mlmd, run2, pipeline);

    GetChildrenContextsByContextsResponse children =
        mlmd.api()
            .getChildrenContextsByContexts(
                GetChildrenContextsByContextsRequest.newBuilder()
                    .addContextIds(pipeline)
                    .addContextIds(run1)
                    .build());
    assertThat(children.getContextsMap()).containsOnlyKeys(pipeline);
    assertThat(children.getContextsMap().get(pipeline).getChildrenContextsList())
        .extracting(Context::getId)
        .containsExactlyInAnyOrder(run1, run2);

    GetParentContextsByContextsResponse parents =
        mlmd.api()
            .getParentContextsByContexts(
                GetParentContextsByContextsRequest.newBuilder()
                    .addContextIds(run1)
                    .addContextIds(run2)
                    .build());
    assertThat(parents.getContextsMap()).containsOnlyKeys(run1, run2);
    assertStatus(
        Code.INVALID_ARGUMENT,
        () ->
            mlmd.api()
                .getParentContextsByContexts(
                    GetParentContextsByContextsRequest.getDefaultInstance()));
  }
}
