package dev.mnemos.server.grpc;

import static dev.mnemos.server.testing.GrpcAssertions.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mnemos.proto.mlmd.Artifact;
import dev.mnemos.proto.mlmd.ArtifactType;
import dev.mnemos.proto.mlmd.Event;
import dev.mnemos.proto.mlmd.Execution;
import dev.mnemos.proto.mlmd.GetLineageGraphRequest;
import dev.mnemos.proto.mlmd.GetLineageSubgraphRequest;
import dev.mnemos.proto.mlmd.LineageGraph;
import dev.mnemos.proto.mlmd.LineageGraphQueryOptions;
import dev.mnemos.proto.mlmd.LineageSubgraphQueryOptions;
import dev.mnemos.proto.mlmd.ListOperationOptions;
import dev.mnemos.proto.mlmd.PutArtifactsRequest;
import dev.mnemos.proto.mlmd.PutEventsRequest;
import dev.mnemos.proto.mlmd.PutExecutionsRequest;
import dev.mnemos.server.testing.Mlmd;
import dev.mnemos.server.testing.StoreTest;
import io.grpc.Status.Code;
import java.util.ArrayList;
import java.util.List;

/** Lineage reads on shapes the differential test does not build: diamonds, hubs, node limits. */
class LineageRpcTest {

  private record Graph(long dataType, long stepType) {}

  private static Graph types(Mlmd mlmd) {
    return new Graph(mlmd.artifactType("Data"), mlmd.executionType("Step"));
  }

  private static long artifact(Mlmd mlmd, Graph g, String uri) {
    return mlmd.api()
        .putArtifacts(
            PutArtifactsRequest.newBuilder()
                .addArtifacts(Artifact.newBuilder().setTypeId(g.dataType()).setUri(uri))
                .build())
        .getArtifactIds(0);
  }

  private static long execution(Mlmd mlmd, Graph g, String name) {
    return mlmd.api()
        .putExecutions(
            PutExecutionsRequest.newBuilder()
                .addExecutions(Execution.newBuilder().setTypeId(g.stepType()).setName(name))
                .build())
        .getExecutionIds(0);
  }

  private static void event(Mlmd mlmd, long artifact, long execution, Event.Type type) {
    mlmd.api()
        .putEvents(
            PutEventsRequest.newBuilder()
                .addEvents(
                    Event.newBuilder()
                        .setArtifactId(artifact)
                        .setExecutionId(execution)
                        .setType(type))
                .build());
  }

  private static LineageGraph subgraph(
      Mlmd mlmd, String startUris, long hops, LineageSubgraphQueryOptions.Direction direction) {
    LineageSubgraphQueryOptions.Builder options =
        LineageSubgraphQueryOptions.newBuilder()
            .setStartingArtifacts(
                LineageSubgraphQueryOptions.StartingNodes.newBuilder().setFilterQuery(startUris))
            .setMaxNumHops(hops)
            .setDirection(direction);
    return mlmd.api()
        .getLineageSubgraph(
            GetLineageSubgraphRequest.newBuilder().setLineageSubgraphQueryOptions(options).build())
        .getLineageSubgraph();
  }

  @StoreTest
  void aDiamondIsWalkedOnceFromEitherEnd(Mlmd mlmd) {
    Graph g = types(mlmd);
    long source = artifact(mlmd, g, "source");
    long left = execution(mlmd, g, "left");
    long right = execution(mlmd, g, "right");
    long sink = artifact(mlmd, g, "sink");
    event(mlmd, source, left, Event.Type.INPUT);
    event(mlmd, source, right, Event.Type.INPUT);
    event(mlmd, sink, left, Event.Type.OUTPUT);
    event(mlmd, sink, right, Event.Type.OUTPUT);

    LineageGraph down =
        subgraph(mlmd, "uri = 'source'", 2, LineageSubgraphQueryOptions.Direction.DOWNSTREAM);
    LineageGraph up =
        subgraph(mlmd, "uri = 'sink'", 2, LineageSubgraphQueryOptions.Direction.UPSTREAM);

    assertThat(down.getArtifactsList()).extracting(Artifact::getId).containsExactly(source, sink);
    assertThat(down.getExecutionsList()).extracting(Execution::getId).containsExactly(left, right);
    assertThat(down.getEventsCount()).isEqualTo(4);
    assertThat(up.getArtifactsList()).extracting(Artifact::getId).containsExactly(source, sink);
    assertThat(
            subgraph(mlmd, "uri = 'sink'", 2, LineageSubgraphQueryOptions.Direction.DOWNSTREAM)
                .getExecutionsList())
        .isEmpty();
  }

  @StoreTest
  void aNodeSharedByManyRunsReachesThemAllInOneHop(Mlmd mlmd) {
    Graph g = types(mlmd);
    long schema = artifact(mlmd, g, "schema");
    List<Long> steps = new ArrayList<>();
    PutExecutionsRequest.Builder batch = PutExecutionsRequest.newBuilder();
    for (int i = 0; i < 60; i++) {
      batch.addExecutions(Execution.newBuilder().setTypeId(g.stepType()).setName("run-" + i));
    }
    steps.addAll(mlmd.api().putExecutions(batch.build()).getExecutionIdsList());
    PutEventsRequest.Builder events = PutEventsRequest.newBuilder();
    steps.forEach(
        step ->
            events.addEvents(
                Event.newBuilder()
                    .setArtifactId(schema)
                    .setExecutionId(step)
                    .setType(Event.Type.INPUT)));
    mlmd.api().putEvents(events.build());

    LineageGraph graph =
        subgraph(
            mlmd, "uri = 'schema'", 1, LineageSubgraphQueryOptions.Direction.DIRECTION_UNSPECIFIED);

    assertThat(graph.getExecutionsList())
        .extracting(Execution::getId)
        .containsExactlyElementsOf(steps);
    assertThat(graph.getEventsCount()).isEqualTo(60);
  }

  @StoreTest
  void subgraphRequestsAreValidatedLikeMlmd(Mlmd mlmd) {
    Graph g = types(mlmd);
    artifact(mlmd, g, "a");

    assertStatus(
        Code.INVALID_ARGUMENT,
        () -> mlmd.api().getLineageSubgraph(GetLineageSubgraphRequest.getDefaultInstance()));
    assertStatus(
        Code.NOT_FOUND,
        () -> subgraph(mlmd, "uri = 'nothing'", 1, LineageSubgraphQueryOptions.Direction.UPSTREAM));
    assertStatus(
        Code.INVALID_ARGUMENT,
        () -> subgraph(mlmd, "uri = 'a'", -1, LineageSubgraphQueryOptions.Direction.UPSTREAM));
    assertStatus(
        Code.INVALID_ARGUMENT,
        () -> subgraph(mlmd, "uri == 'a'", 1, LineageSubgraphQueryOptions.Direction.UPSTREAM));
  }

  private static LineageGraph lineageGraph(Mlmd mlmd, LineageGraphQueryOptions options) {
    return mlmd.api()
        .getLineageGraph(GetLineageGraphRequest.newBuilder().setOptions(options).build())
        .getSubgraph();
  }

  private static LineageGraphQueryOptions.Builder fromUri(String uri) {
    return LineageGraphQueryOptions.newBuilder()
        .setArtifactsOptions(
            ListOperationOptions.newBuilder().setFilterQuery("uri = '" + uri + "'"));
  }

  @StoreTest
  void lineageGraphReturnsFullNodesWithinItsNodeLimitAndBoundaries(Mlmd mlmd) {
    Graph g = types(mlmd);
    long previous = artifact(mlmd, g, "chain-0");
    for (int i = 1; i <= 15; i++) {
      long step = execution(mlmd, g, "step-" + i);
      long next = artifact(mlmd, g, "chain-" + i);
      event(mlmd, previous, step, Event.Type.INPUT);
      event(mlmd, next, step, Event.Type.OUTPUT);
      previous = next;
    }

    LineageGraph limited = lineageGraph(mlmd, fromUri("chain-0").build());
    assertThat(limited.getArtifactsCount() + limited.getExecutionsCount()).isEqualTo(20);
    assertThat(limited.getArtifacts(0).getUri()).isEqualTo("chain-0");
    assertThat(limited.getArtifactTypesList())
        .extracting(ArtifactType::getName)
        .containsExactly("Data");

    LineageGraph twentyHops = lineageGraph(mlmd, fromUri("chain-0").setMaxNodeSize(0).build());
    assertThat(twentyHops.getArtifactsList())
        .extracting(Artifact::getUri)
        .last()
        .isEqualTo("chain-10");
    assertThat(twentyHops.getEventsCount()).isEqualTo(20);
    LineageGraph capped =
        lineageGraph(
            mlmd,
            fromUri("chain-0")
                .setMaxNodeSize(0)
                .setStopConditions(
                    LineageGraphQueryOptions.BoundaryConstraint.newBuilder().setMaxNumHops(1000))
                .build());
    assertThat(capped.getArtifactsCount()).isEqualTo(11);

    LineageGraph twoHops =
        lineageGraph(
            mlmd,
            fromUri("chain-5")
                .setMaxNodeSize(0)
                .setStopConditions(
                    LineageGraphQueryOptions.BoundaryConstraint.newBuilder().setMaxNumHops(2))
                .build());
    assertThat(twoHops.getArtifactsList())
        .extracting(Artifact::getUri)
        .containsExactly("chain-4", "chain-5", "chain-6");

    LineageGraph bounded =
        lineageGraph(
            mlmd,
            fromUri("chain-5")
                .setMaxNodeSize(0)
                .setStopConditions(
                    LineageGraphQueryOptions.BoundaryConstraint.newBuilder()
                        .setBoundaryExecutions("name != 'step-7'"))
                .build());
    assertThat(bounded.getArtifactsList())
        .extracting(Artifact::getUri)
        .contains("chain-0", "chain-6")
        .doesNotContain("chain-7");
  }

  @StoreTest
  void lineageGraphRequestsAreValidated(Mlmd mlmd) {
    artifact(mlmd, types(mlmd), "a");

    assertStatus(
        Code.INVALID_ARGUMENT,
        () -> lineageGraph(mlmd, LineageGraphQueryOptions.getDefaultInstance()));
    assertStatus(Code.NOT_FOUND, () -> lineageGraph(mlmd, fromUri("nothing").build()));
    assertStatus(
        Code.INVALID_ARGUMENT,
        () ->
            lineageGraph(
                mlmd,
                fromUri("a")
                    .setStopConditions(
                        LineageGraphQueryOptions.BoundaryConstraint.newBuilder().setMaxNumHops(-1))
                    .build()));
  }
}
