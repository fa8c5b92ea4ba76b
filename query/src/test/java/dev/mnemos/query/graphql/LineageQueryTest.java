package dev.mnemos.query.graphql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnemos.proto.mlmd.Execution;
import dev.mnemos.proto.mlmd.GetLineageSubgraphRequest;
import dev.mnemos.proto.mlmd.LineageSubgraphQueryOptions;
import dev.mnemos.query.testing.Pipelines;
import dev.mnemos.query.testing.QueryStack;
import dev.mnemos.server.testing.Backend;
import dev.mnemos.server.testing.StoreTest;
import java.util.List;
import java.util.Map;

class LineageQueryTest {

  @SuppressWarnings("unchecked")
  private static List<Long> ids(Map<String, Object> lineage, String field) {
    return ((List<Map<String, Object>>) lineage.get(field))
        .stream().map(node -> (Long) node.get("id")).toList();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> lineage(QueryStack stack, String input) {
    return (Map<String, Object>)
        stack
            .data(
                "{ lineage(input: {"
                    + input
                    + "}) { artifacts { id typeName } executions { id } edges { type path"
                    + " artifact { id } execution { id } } truncated frontier { kind id } } }")
            .get("lineage");
  }

  @StoreTest
  void theModelsDatasetIsTwoHopsUpstream(Backend.FreshDatabase db) throws Exception {
    try (QueryStack stack = QueryStack.start(db)) {
      Pipelines.V2Run run =
          new Pipelines(stack)
              .v2Run("churn", "r1", Map.of(), Map.of("accuracy", 0.9), Execution.State.COMPLETE);

      Map<String, Object> oneHop =
          lineage(stack, "start: [{kind: ARTIFACT, id: " + run.modelId() + "}], maxHops: 1");
      assertThat(ids(oneHop, "artifacts")).containsExactly(run.modelId());
      assertThat(ids(oneHop, "executions")).containsExactly(run.trainId());
      assertThat(oneHop.get("frontier"))
          .as("the producer was reached last; expanding it continues the walk")
          .isEqualTo(List.of(Map.of("kind", "EXECUTION", "id", run.trainId())));

      Map<String, Object> twoHops =
          lineage(stack, "start: [{kind: ARTIFACT, id: " + run.modelId() + "}], maxHops: 2");
      assertThat(ids(twoHops, "artifacts")).containsExactly(run.datasetId(), run.modelId());
      assertThat((List<?>) twoHops.get("edges")).hasSize(2);
      assertThat(twoHops).containsEntry("truncated", false);

      Map<String, Object> downstream =
          lineage(
              stack,
              "start: [{kind: ARTIFACT, id: "
                  + run.datasetId()
                  + "}], direction: DOWNSTREAM, maxHops: 10");
      assertThat(ids(downstream, "artifacts"))
          .containsExactly(run.datasetId(), run.modelId(), run.metricsId(), run.reportId());
    }
  }

  @StoreTest
  void everyNodeOfAWalkNamesItsRun(Backend.FreshDatabase db) throws Exception {
    try (QueryStack stack = QueryStack.start(db)) {
      Pipelines pipelines = new Pipelines(stack);
      Pipelines.V2Run first =
          pipelines.v2Run(
              "churn", "r1", Map.of(), Map.of("accuracy", 0.9), Execution.State.COMPLETE);
      pipelines.v2Run("churn", "r2", Map.of(), Map.of("accuracy", 0.8), Execution.State.COMPLETE);

      @SuppressWarnings("unchecked")
      Map<String, Object> walk =
          (Map<String, Object>)
              stack
                  .data(
                      "{ lineage(input: {start: [{kind: ARTIFACT, id: "
                          + first.datasetId()
                          + "}], direction: DOWNSTREAM, maxHops: 10}) {"
                          + " artifacts { id runs { name pipeline } }"
                          + " executions { id runs { name } } } }")
                  .get("lineage");

      @SuppressWarnings("unchecked")
      List<Map<String, Object>> nodes =
          java.util.stream.Stream.of("artifacts", "executions")
              .flatMap(field -> ((List<Map<String, Object>>) walk.get(field)).stream())
              .toList();
      assertThat(nodes).hasSize(6);
      assertThat(nodes)
          .as("each step and artifact of r1 belongs to r1 and no other run")
          .allSatisfy(node -> assertThat(node.get("runs")).asList().hasSize(1))
          .allSatisfy(
              node ->
                  assertThat(((List<Map<String, Object>>) node.get("runs")).get(0))
                      .containsEntry("name", "r1"));
      assertThat(walk.get("artifacts").toString()).contains("pipeline=churn");
    }
  }

  @StoreTest
  void theSameWalkServesGetLineageSubgraph(Backend.FreshDatabase db) throws Exception {
    try (QueryStack stack = QueryStack.start(db)) {
      Pipelines.V2Run run =
          new Pipelines(stack)
              .v2Run("churn", "r1", Map.of(), Map.of("accuracy", 0.9), Execution.State.COMPLETE);
      var subgraph =
          stack
              .api()
              .getLineageSubgraph(
                  GetLineageSubgraphRequest.newBuilder()
                      .setLineageSubgraphQueryOptions(
                          LineageSubgraphQueryOptions.newBuilder()
                              .setStartingArtifacts(
                                  LineageSubgraphQueryOptions.StartingNodes.newBuilder()
                                      .setFilterQuery("id = " + run.metricsId()))
                              .setMaxNumHops(4)
                              .setDirection(LineageSubgraphQueryOptions.Direction.BIDIRECTIONAL))
                      .build())
              .getLineageSubgraph();

      Map<String, Object> graph =
          lineage(
              stack,
              "start: [{kind: ARTIFACT, id: "
                  + run.metricsId()
                  + "}], direction: BOTH, maxHops: 4");

      assertThat(ids(graph, "artifacts"))
          .containsExactlyElementsOf(
              subgraph.getArtifactsList().stream().map(a -> a.getId()).sorted().toList());
      assertThat(ids(graph, "executions"))
          .containsExactlyElementsOf(
              subgraph.getExecutionsList().stream().map(e -> e.getId()).sorted().toList());
      assertThat((List<?>) graph.get("edges")).hasSize(subgraph.getEventsCount());
    }
  }

  @StoreTest
  void theNodeLimitTruncatesAndBoundaryFiltersPrune(Backend.FreshDatabase db) throws Exception {
    try (QueryStack stack = QueryStack.start(db)) {
      Pipelines.V2Run run =
          new Pipelines(stack)
              .v2Run("churn", "r1", Map.of(), Map.of("accuracy", 0.9), Execution.State.COMPLETE);

      Map<String, Object> cut =
          lineage(
              stack,
              "start: [{kind: ARTIFACT, id: "
                  + run.datasetId()
                  + "}], direction: DOWNSTREAM, maxHops: 10, maxNodes: 3");
      assertThat(cut).containsEntry("truncated", true);
      assertThat(ids(cut, "artifacts").size() + ids(cut, "executions").size()).isEqualTo(3);

      Map<String, Object> pruned =
          lineage(
              stack,
              "start: [{kind: ARTIFACT, id: "
                  + run.datasetId()
                  + "}], direction: DOWNSTREAM, maxHops: 10,"
                  + " filter: {artifacts: \"type != 'system.Model'\"}");
      assertThat(ids(pruned, "artifacts")).containsExactly(run.datasetId());
      assertThat(ids(pruned, "executions")).containsExactly(run.trainId());
    }
  }

  @StoreTest
  void badLineageInputIsBadInput(Backend.FreshDatabase db) throws Exception {
    try (QueryStack stack = QueryStack.start(db)) {
      String fields = " { truncated } }";
      assertThat(stack.errorCodes("{ lineage(input: {start: []})" + fields))
          .containsExactly("BAD_INPUT");
      assertThat(stack.errorCodes("{ lineage(input: {start: [{kind: CONTEXT, id: 1}]})" + fields))
          .containsExactly("BAD_INPUT");
      assertThat(
              stack.errorCodes(
                  "{ lineage(input: {start: [{kind: ARTIFACT, id: 1}], maxHops: 101})" + fields))
          .containsExactly("BAD_INPUT");
      assertThat(
              stack.errorCodes(
                  "{ lineage(input: {start: [{kind: ARTIFACT, id: 1}], maxNodes: 0})" + fields))
          .containsExactly("BAD_INPUT");
      assertThat(
              stack.errorCodes(
                  "{ lineage(input: {start: [{kind: ARTIFACT, id: 1}],"
                      + " filter: {artifacts: \"uri ==\"}})"
                      + fields))
          .containsExactly("BAD_INPUT");
      assertThat(
              stack.data(
                  "{ lineage(input: {start: [{kind: ARTIFACT, id: 42}]}) { artifacts { id } } }"))
          .as("an unknown start node reaches nothing")
          .isEqualTo(Map.of("lineage", Map.of("artifacts", List.of())));
    }
  }
}
