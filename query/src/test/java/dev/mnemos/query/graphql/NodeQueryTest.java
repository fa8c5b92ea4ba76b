package dev.mnemos.query.graphql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.mnemos.proto.mlmd.Execution;
import dev.mnemos.query.testing.Pipelines;
import dev.mnemos.query.testing.QueryStack;
import dev.mnemos.server.testing.Backend;
import dev.mnemos.server.testing.StoreTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

class NodeQueryTest {

  @StoreTest
  @SuppressWarnings("unchecked")
  void nodesByIdTypeAndNameWithRelations(Backend.FreshDatabase db) throws Exception {
    try (QueryStack stack = QueryStack.start(db)) {
      Pipelines.V2Run run =
          new Pipelines(stack)
              .v2Run("churn", "r1", Map.of(), Map.of("accuracy", 0.9), Execution.State.COMPLETE);

      Map<String, Object> model =
          (Map<String, Object>)
              stack
                  .data(
                      "{ node(input: {kind: ARTIFACT, id: "
                          + run.modelId()
                          + "}) { id kind typeName name ... on Artifact { uri state type { name }"
                          + " properties { name custom valueType stringValue }"
                          + " producedBy { id } consumedBy { id } contexts { name }"
                          + " events { type path execution { id } } } } }")
                  .get("node");
      assertThat(model)
          .containsEntry("kind", "ARTIFACT")
          .containsEntry("typeName", "system.Model")
          .containsEntry("name", null)
          .containsEntry("state", "LIVE")
          .containsEntry("type", Map.of("name", "system.Model"))
          .containsEntry("producedBy", List.of(Map.of("id", run.trainId())))
          .containsEntry("consumedBy", List.of(Map.of("id", run.evaluateId())));
      assertThat((List<Map<String, Object>>) model.get("properties"))
          .extracting(p -> p.get("name"), p -> p.get("custom"), p -> p.get("stringValue"))
          .containsExactly(tuple("framework", true, "xgboost"));
      assertThat((List<Map<String, Object>>) model.get("contexts"))
          .extracting(c -> c.get("name"))
          .containsExactly("churn", "r1");

      Map<String, Object> runContext =
          (Map<String, Object>)
              stack
                  .data(
                      "{ node(input: {kind: CONTEXT, type: \"system.PipelineRun\", name: \"r1\"}) {"
                          + " id ... on Context { parents { name } children { name }"
                          + " artifacts(input: {first: 10}) { nodes { id } } } } }")
                  .get("node");
      assertThat(runContext)
          .containsEntry("id", run.runId())
          .containsEntry("parents", List.of(Map.of("name", "churn")))
          .containsEntry("children", List.of());
      assertThat((List<?>) ((Map<String, Object>) runContext.get("artifacts")).get("nodes"))
          .hasSize(4);

      assertThat(stack.data("{ node(input: {kind: EXECUTION, id: 999}) { id } }"))
          .containsEntry("node", null);
      assertThat(stack.data("{ node(input: {kind: ARTIFACT, externalId: \"nope\"}) { id } }"))
          .containsEntry("node", null);
      assertThat(stack.errorCodes("{ node(input: {kind: ARTIFACT}) { id } }"))
          .containsExactly("BAD_INPUT");
    }
  }

  @StoreTest
  @SuppressWarnings("unchecked")
  void listingsPageByIdWithTypeAndFilter(Backend.FreshDatabase db) throws Exception {
    try (QueryStack stack = QueryStack.start(db)) {
      Pipelines pipelines = new Pipelines(stack);
      for (int i = 0; i < 3; i++) {
        pipelines.v2Run(
            "churn",
            "r" + i,
            Map.of(),
            Map.of("accuracy", 0.5 + i / 10.0),
            Execution.State.COMPLETE);
      }
      List<Long> seen = new ArrayList<>();
      String after = null;
      int pages = 0;
      do {
        Map<String, Object> page =
            (Map<String, Object>)
                stack
                    .data(
                        "{ artifacts(input: {type: \"system.Metrics\", first: 2,"
                            + " filter: \"custom_properties.accuracy.double_value > 0.55\""
                            + (after == null ? "" : ", after: \"" + after + "\"")
                            + "}) { edges { cursor node { id } } pageInfo { hasNextPage endCursor } } }")
                    .get("artifacts");
        for (Map<String, Object> edge : (List<Map<String, Object>>) page.get("edges")) {
          seen.add((Long) ((Map<String, Object>) edge.get("node")).get("id"));
        }
        Map<String, Object> info = (Map<String, Object>) page.get("pageInfo");
        after = (Boolean) info.get("hasNextPage") ? (String) info.get("endCursor") : null;
        pages++;
      } while (after != null);

      assertThat(seen).hasSize(2).isSorted();
      assertThat(pages).isEqualTo(1);
      assertThat(stack.errorCodes("{ artifacts(input: {filter: \"uri ===\"}) { nodes { id } } }"))
          .containsExactly("BAD_INPUT");
      assertThat(stack.errorCodes("{ artifacts(input: {first: 101}) { nodes { id } } }"))
          .containsExactly("BAD_INPUT");
      assertThat(
              (List<Map<String, Object>>)
                  stack.data("{ types(input: {kind: CONTEXT}) { name } }").get("types"))
          .extracting(t -> t.get("name"))
          .containsExactlyInAnyOrder("system.Pipeline", "system.PipelineRun");
    }
  }
}
