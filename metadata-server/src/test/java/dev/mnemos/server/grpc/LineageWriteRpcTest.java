package dev.mnemos.server.grpc;

import static dev.mnemos.server.testing.GrpcAssertions.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mnemos.proto.mlmd.Artifact;
import dev.mnemos.proto.mlmd.Context;
import dev.mnemos.proto.mlmd.Event;
import dev.mnemos.proto.mlmd.Execution;
import dev.mnemos.proto.mlmd.GetArtifactsByContextRequest;
import dev.mnemos.proto.mlmd.GetArtifactsByIDRequest;
import dev.mnemos.proto.mlmd.GetArtifactsRequest;
import dev.mnemos.proto.mlmd.GetContextsByIDRequest;
import dev.mnemos.proto.mlmd.GetContextsRequest;
import dev.mnemos.proto.mlmd.GetEventsByExecutionIDsRequest;
import dev.mnemos.proto.mlmd.GetExecutionsByContextRequest;
import dev.mnemos.proto.mlmd.GetExecutionsRequest;
import dev.mnemos.proto.mlmd.PutArtifactsRequest;
import dev.mnemos.proto.mlmd.PutExecutionRequest;
import dev.mnemos.proto.mlmd.PutExecutionResponse;
import dev.mnemos.proto.mlmd.PutLineageSubgraphRequest;
import dev.mnemos.proto.mlmd.PutLineageSubgraphResponse;
import dev.mnemos.server.testing.Mlmd;
import dev.mnemos.server.testing.StoreTest;
import io.grpc.Status.Code;

class LineageWriteRpcTest {

  private record Types(long artifact, long execution, long context) {}

  private static Types types(Mlmd mlmd) {
    return new Types(
        mlmd.artifactType("Data"), mlmd.executionType("Step"), mlmd.contextType("Run"));
  }

  private static PutExecutionRequest step(Types t, String run, String input, String output) {
    return PutExecutionRequest.newBuilder()
        .setExecution(
            Execution.newBuilder()
                .setTypeId(t.execution())
                .setLastKnownState(Execution.State.COMPLETE))
        .addArtifactEventPairs(
            PutExecutionRequest.ArtifactAndEvent.newBuilder()
                .setArtifact(Artifact.newBuilder().setTypeId(t.artifact()).setUri(input))
                .setEvent(Event.newBuilder().setType(Event.Type.INPUT)))
        .addArtifactEventPairs(
            PutExecutionRequest.ArtifactAndEvent.newBuilder()
                .setArtifact(Artifact.newBuilder().setTypeId(t.artifact()).setUri(output))
                .setEvent(
                    Event.newBuilder()
                        .setType(Event.Type.OUTPUT)
                        .setPath(
                            Event.Path.newBuilder()
                                .addSteps(Event.Path.Step.newBuilder().setKey("out")))))
        .addContexts(Context.newBuilder().setTypeId(t.context()).setName(run))
        .build();
  }

  private static long count(Mlmd mlmd) {
    return mlmd.api().getArtifacts(GetArtifactsRequest.getDefaultInstance()).getArtifactsCount()
        + mlmd.api().getExecutions(GetExecutionsRequest.getDefaultInstance()).getExecutionsCount()
        + mlmd.api().getContexts(GetContextsRequest.getDefaultInstance()).getContextsCount();
  }

  @StoreTest
  void putExecutionRecordsNodesEventsAndMembership(Mlmd mlmd) {
    Types t = types(mlmd);
    PutExecutionResponse response = mlmd.api().putExecution(step(t, "run-1", "in", "out"));

    assertThat(response.getArtifactIdsCount()).isEqualTo(2);
    assertThat(response.getContextIdsCount()).isEqualTo(1);
    long run = response.getContextIds(0);
    assertThat(
            mlmd.api()
                .getArtifactsByContext(
                    GetArtifactsByContextRequest.newBuilder().setContextId(run).build())
                .getArtifactsCount())
        .isEqualTo(2);
    assertThat(
            mlmd.api()
                .getEventsByExecutionIDs(
                    GetEventsByExecutionIDsRequest.newBuilder()
                        .addExecutionIds(response.getExecutionId())
                        .build())
                .getEventsList())
        .extracting(Event::getArtifactId)
        .containsExactlyInAnyOrderElementsOf(response.getArtifactIdsList());
  }

  @StoreTest
  void secondCreationOfAContextNeedsTheReuseOptionAndLeavesNothingBehind(Mlmd mlmd) {
    Types t = types(mlmd);
    mlmd.api().putExecution(step(t, "run-1", "a", "b"));
    long before = count(mlmd);

    assertStatus(Code.ALREADY_EXISTS, () -> mlmd.api().putExecution(step(t, "run-1", "c", "d")));
    assertThat(count(mlmd)).as("a failed PutExecution stores nothing").isEqualTo(before);

    PutExecutionRequest reuse =
        step(t, "run-1", "c", "d").toBuilder()
            .setOptions(
                PutExecutionRequest.Options.newBuilder().setReuseContextIfAlreadyExist(true))
            .build();
    PutExecutionResponse second = mlmd.api().putExecution(reuse);
    assertThat(mlmd.api().getContexts(GetContextsRequest.getDefaultInstance()).getContextsCount())
        .isEqualTo(1);
    assertThat(
            mlmd.api()
                .getExecutionsByContext(
                    GetExecutionsByContextRequest.newBuilder()
                        .setContextId(second.getContextIds(0))
                        .build())
                .getExecutionsCount())
        .isEqualTo(2);
  }

  @StoreTest
  void forceReuseContextOnlyChecksThatTheContextExists(Mlmd mlmd) {
    Types t = types(mlmd);
    long run = mlmd.api().putExecution(step(t, "run-1", "a", "b")).getContextIds(0);
    PutExecutionRequest.Options force =
        PutExecutionRequest.Options.newBuilder().setForceReuseContext(true).build();

    PutExecutionRequest renamed =
        step(t, "ignored", "c", "d").toBuilder()
            .setContexts(
                0, Context.newBuilder().setId(run).setTypeId(t.context()).setName("renamed"))
            .setOptions(force)
            .build();
    mlmd.api().putExecution(renamed);
    assertThat(
            mlmd.api()
                .getContextsByID(GetContextsByIDRequest.newBuilder().addContextIds(run).build())
                .getContexts(0)
                .getName())
        .isEqualTo("run-1");

    PutExecutionRequest unknown =
        step(t, "x", "e", "f").toBuilder()
            .setContexts(0, Context.newBuilder().setId(404).setTypeId(t.context()).setName("x"))
            .setOptions(force)
            .build();
    assertStatus(Code.NOT_FOUND, () -> mlmd.api().putExecution(unknown));
  }

  @StoreTest
  void reuseArtifactByExternalIdTurnsTheInsertIntoAnUpdate(Mlmd mlmd) {
    Types t = types(mlmd);
    PutExecutionRequest first =
        step(t, "run-1", "a", "b").toBuilder()
            .setArtifactEventPairs(
                1,
                PutExecutionRequest.ArtifactAndEvent.newBuilder()
                    .setArtifact(
                        Artifact.newBuilder()
                            .setTypeId(t.artifact())
                            .setUri("b")
                            .setExternalId("model-ext"))
                    .setEvent(Event.newBuilder().setType(Event.Type.OUTPUT)))
            .build();
    long artifact = mlmd.api().putExecution(first).getArtifactIds(1);
    PutExecutionRequest again =
        step(t, "run-2", "c", "d").toBuilder()
            .setArtifactEventPairs(
                1,
                PutExecutionRequest.ArtifactAndEvent.newBuilder()
                    .setArtifact(
                        Artifact.newBuilder()
                            .setTypeId(t.artifact())
                            .setUri("b2")
                            .setExternalId("model-ext"))
                    .setEvent(Event.newBuilder().setType(Event.Type.OUTPUT)))
            .build();

    assertStatus(Code.ALREADY_EXISTS, () -> mlmd.api().putExecution(again));
    long reused =
        mlmd.api()
            .putExecution(
                again.toBuilder()
                    .setOptions(
                        PutExecutionRequest.Options.newBuilder()
                            .setReuseArtifactIfAlreadyExistByExternalId(true))
                    .build())
            .getArtifactIds(1);

    assertThat(reused).isEqualTo(artifact);
    assertThat(
            mlmd.api()
                .getArtifactsByID(
                    GetArtifactsByIDRequest.newBuilder().addArtifactIds(artifact).build())
                .getArtifacts(0)
                .getUri())
        .isEqualTo("b2");
  }

  @StoreTest
  void pairsWithoutAnArtifactReportTheEventsArtifactOrMinusOne(Mlmd mlmd) {
    Types t = types(mlmd);
    long artifact =
        mlmd.api()
            .putArtifacts(
                PutArtifactsRequest.newBuilder()
                    .addArtifacts(Artifact.newBuilder().setTypeId(t.artifact()))
                    .build())
            .getArtifactIds(0);

    PutExecutionResponse response =
        mlmd.api()
            .putExecution(
                PutExecutionRequest.newBuilder()
                    .setExecution(Execution.newBuilder().setTypeId(t.execution()))
                    .addArtifactEventPairs(
                        PutExecutionRequest.ArtifactAndEvent.newBuilder()
                            .setEvent(
                                Event.newBuilder()
                                    .setArtifactId(artifact)
                                    .setType(Event.Type.INPUT)))
                    .addArtifactEventPairs(
                        PutExecutionRequest.ArtifactAndEvent.getDefaultInstance())
                    .build());

    assertThat(response.getArtifactIdsList()).containsExactly(artifact, -1L);
  }

  @StoreTest
  void eventIdsThatContradictTheirPairAreInvalid(Mlmd mlmd) {
    Types t = types(mlmd);
    PutExecutionRequest request = step(t, "run-1", "a", "b");
    PutExecutionRequest wrongArtifact =
        request.toBuilder()
            .setArtifactEventPairs(
                0,
                request.getArtifactEventPairs(0).toBuilder()
                    .setEvent(Event.newBuilder().setType(Event.Type.INPUT).setArtifactId(404)))
            .build();

    assertStatus(Code.INVALID_ARGUMENT, () -> mlmd.api().putExecution(wrongArtifact));
    assertStatus(
        Code.INVALID_ARGUMENT,
        () ->
            mlmd.api()
                .putExecution(
                    request.toBuilder()
                        .setExecution(Execution.newBuilder().setId(404).setTypeId(t.execution()))
                        .build()));
    assertThat(count(mlmd)).isZero();
  }

  @StoreTest
  void putLineageSubgraphLinksByIndexAndChecksEdgesFirst(Mlmd mlmd) {
    Types t = types(mlmd);
    PutLineageSubgraphRequest request =
        PutLineageSubgraphRequest.newBuilder()
            .addExecutions(Execution.newBuilder().setTypeId(t.execution()))
            .addArtifacts(Artifact.newBuilder().setTypeId(t.artifact()).setUri("in"))
            .addArtifacts(Artifact.newBuilder().setTypeId(t.artifact()).setUri("out"))
            .addContexts(Context.newBuilder().setTypeId(t.context()).setName("run"))
            .addEventEdges(
                PutLineageSubgraphRequest.EventEdge.newBuilder()
                    .setExecutionIndex(0)
                    .setArtifactIndex(0)
                    .setEvent(Event.newBuilder().setType(Event.Type.INPUT)))
            .addEventEdges(
                PutLineageSubgraphRequest.EventEdge.newBuilder()
                    .setExecutionIndex(0)
                    .setArtifactIndex(1)
                    .setEvent(Event.newBuilder().setType(Event.Type.OUTPUT)))
            .build();

    assertStatus(
        Code.OUT_OF_RANGE,
        () ->
            mlmd.api()
                .putLineageSubgraph(
                    request.toBuilder()
                        .setEventEdges(1, request.getEventEdges(1).toBuilder().setArtifactIndex(2))
                        .build()));
    assertStatus(
        Code.INVALID_ARGUMENT,
        () ->
            mlmd.api()
                .putLineageSubgraph(
                    request.toBuilder()
                        .setEventEdges(1, request.getEventEdges(1).toBuilder().clearEvent())
                        .build()));
    assertStatus(
        Code.INVALID_ARGUMENT,
        () ->
            mlmd.api()
                .putLineageSubgraph(
                    request.toBuilder()
                        .setEventEdges(
                            1, request.getEventEdges(1).toBuilder().clearExecutionIndex())
                        .build()));
    assertThat(count(mlmd)).isZero();

    PutLineageSubgraphResponse response = mlmd.api().putLineageSubgraph(request);
    assertThat(response.getArtifactIdsCount()).isEqualTo(2);
    assertThat(
            mlmd.api()
                .getEventsByExecutionIDs(
                    GetEventsByExecutionIDsRequest.newBuilder()
                        .addExecutionIds(response.getExecutionIds(0))
                        .build())
                .getEventsCount())
        .isEqualTo(2);
    assertThat(
            mlmd.api()
                .getArtifactsByContext(
                    GetArtifactsByContextRequest.newBuilder()
                        .setContextId(response.getContextIds(0))
                        .build())
                .getArtifactsCount())
        .isEqualTo(2);
    assertStatus(Code.ALREADY_EXISTS, () -> mlmd.api().putLineageSubgraph(request));
  }

  /**
   * A call's events and their paths go in together (more than one multi-row statement's worth
   * here); a repeated event, stored before or earlier in the same call, is ALREADY_EXISTS naming
   * it, and it answers before an invalid event later in the call, as when events went in one by
   * one; a refused call leaves nothing.
   */
  @StoreTest
  void aCallsEventsGoInTogetherAndTheFirstRepeatIsNamed(Mlmd mlmd) {
    Types t = types(mlmd);
    int outputs = 1200;
    PutLineageSubgraphRequest.Builder fanOut =
        PutLineageSubgraphRequest.newBuilder()
            .addExecutions(Execution.newBuilder().setTypeId(t.execution()));
    for (int i = 0; i < outputs; i++) {
      fanOut
          .addArtifacts(Artifact.newBuilder().setTypeId(t.artifact()).setUri("shard-" + i))
          .addEventEdges(
              PutLineageSubgraphRequest.EventEdge.newBuilder()
                  .setExecutionIndex(0)
                  .setArtifactIndex(i)
                  .setEvent(
                      Event.newBuilder()
                          .setType(Event.Type.OUTPUT)
                          .setPath(
                              Event.Path.newBuilder()
                                  .addSteps(Event.Path.Step.newBuilder().setKey("shards"))
                                  .addSteps(Event.Path.Step.newBuilder().setIndex(i)))));
    }
    PutLineageSubgraphResponse written = mlmd.api().putLineageSubgraph(fanOut.build());
    long execution = written.getExecutionIds(0);
    GetEventsByExecutionIDsRequest eventsOfIt =
        GetEventsByExecutionIDsRequest.newBuilder().addExecutionIds(execution).build();
    var events = mlmd.api().getEventsByExecutionIDs(eventsOfIt).getEventsList();
    assertThat(events).hasSize(outputs);
    for (Event event : events) {
      int shard = written.getArtifactIdsList().indexOf(event.getArtifactId());
      assertThat(event.getPath().getStepsList())
          .as("the path of the event of shard %d", shard)
          .containsExactly(
              Event.Path.Step.newBuilder().setKey("shards").build(),
              Event.Path.Step.newBuilder().setIndex(shard).build());
    }

    long repeated = written.getArtifactIds(7);
    PutExecutionRequest again =
        PutExecutionRequest.newBuilder()
            .setExecution(Execution.newBuilder().setId(execution).setTypeId(t.execution()))
            .addArtifactEventPairs(
                PutExecutionRequest.ArtifactAndEvent.newBuilder()
                    .setEvent(
                        Event.newBuilder()
                            .setArtifactId(written.getArtifactIds(0))
                            .setType(Event.Type.INPUT)))
            .addArtifactEventPairs(
                PutExecutionRequest.ArtifactAndEvent.newBuilder()
                    .setEvent(
                        Event.newBuilder().setArtifactId(repeated).setType(Event.Type.OUTPUT)))
            .addArtifactEventPairs(
                PutExecutionRequest.ArtifactAndEvent.newBuilder()
                    .setEvent(Event.newBuilder().setType(Event.Type.OUTPUT)))
            .build();
    var refused = assertStatus(Code.ALREADY_EXISTS, () -> mlmd.api().putExecution(again));
    assertThat(refused.getDescription()).contains("artifact_id " + repeated);

    PutExecutionRequest twice =
        again.toBuilder()
            .setArtifactEventPairs(1, again.getArtifactEventPairs(0))
            .removeArtifactEventPairs(2)
            .build();
    assertStatus(Code.ALREADY_EXISTS, () -> mlmd.api().putExecution(twice));
    assertThat(mlmd.api().getEventsByExecutionIDs(eventsOfIt).getEventsCount())
        .as("nothing of the refused calls")
        .isEqualTo(outputs);
  }
}
