package dev.mnemos.query.graphql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnemos.proto.mlmd.Artifact;
import dev.mnemos.proto.mlmd.Context;
import dev.mnemos.proto.mlmd.ContextType;
import dev.mnemos.proto.mlmd.Execution;
import dev.mnemos.proto.mlmd.PutArtifactsRequest;
import dev.mnemos.proto.mlmd.PutContextTypeRequest;
import dev.mnemos.proto.mlmd.PutContextsRequest;
import dev.mnemos.query.config.QuerySettings;
import dev.mnemos.query.testing.Pipelines;
import dev.mnemos.query.testing.QueryStack;
import dev.mnemos.server.store.DatabaseSettings;
import dev.mnemos.server.store.MetadataStore;
import dev.mnemos.server.testing.Backend;
import dev.mnemos.server.testing.StoreTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

class SearchQueryTest {

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> hits(QueryStack stack, String input) {
    Map<String, Object> search =
        (Map<String, Object>)
            stack
                .data(
                    "{ search(input: {"
                        + input
                        + "}) { totalHits hits { score node { kind id typeName }"
                        + " highlights { field fragments } } } }")
                .get("search");
    return (List<Map<String, Object>>) search.get("hits");
  }

  @SuppressWarnings("unchecked")
  private static List<Object> nodeIds(List<Map<String, Object>> hits) {
    return hits.stream().map(h -> ((Map<String, Object>) h.get("node")).get("id")).toList();
  }

  @StoreTest
  @SuppressWarnings("unchecked")
  void findsByUriWordsTypeAndPropertyValuesWithHighlights(Backend.FreshDatabase db)
      throws Exception {
    try (QueryStack stack = QueryStack.start(db)) {
      Pipelines.V2Run run =
          new Pipelines(stack)
              .v2Run("churn", "r1", Map.of(), Map.of("accuracy", 0.9), Execution.State.COMPLETE);
      stack.awaitSearch();

      List<Map<String, Object>> model = hits(stack, "text: \"type:Model uri:churn\"");
      assertThat(nodeIds(model)).containsExactly(run.modelId());
      List<Map<String, Object>> byWord = hits(stack, "text: \"model\", kinds: [ARTIFACT]");
      assertThat(nodeIds(byWord)).contains(run.modelId());
      Map<String, Object> highlight =
          ((List<Map<String, Object>>) byWord.get(0).get("highlights")).get(0);
      assertThat(highlight.get("field")).isEqualTo("uri");
      assertThat((List<String>) highlight.get("fragments"))
          .singleElement()
          .asString()
          .contains("<b>model</b>");
      assertThat(nodeIds(hits(stack, "text: \"xgboost\""))).containsExactly(run.modelId());
      assertThat(nodeIds(hits(stack, "text: \"churn\", kinds: [CONTEXT]")))
          .containsExactly(run.pipelineId());
      assertThat(nodeIds(hits(stack, "text: \"churn\", types: [\"system.Metrics\"]")))
          .containsExactly(run.metricsId());
      assertThat(hits(stack, "text: \"nothing-like-this\"")).isEmpty();

      assertThat(stack.errorCodes("{ search(input: {text: \"uri:(churn\"}) { totalHits } }"))
          .containsExactly("BAD_INPUT");
      assertThat(stack.errorCodes("{ search(input: {text: \" \"}) { totalHits } }"))
          .containsExactly("BAD_INPUT");
      String tooLong = "churn ".repeat(1000);
      assertThat(stack.errorCodes("{ search(input: {text: \"" + tooLong + "\"}) { totalHits } }"))
          .containsExactly("BAD_INPUT");
      assertThat(stack.graphql("{ search(input: {text: \"" + tooLong + "\"}) { totalHits } }"))
          .asString()
          .contains("6000 characters long; at most 4096")
          .doesNotContain(tooLong);
      Map<String, Object> status =
          (Map<String, Object>)
              stack
                  .data("{ searchStatus { indexedUpTo lagMillis documents } }")
                  .get("searchStatus");
      assertThat(status).containsEntry("lagMillis", 0L).containsEntry("documents", 10);
    }
  }

  @StoreTest
  @SuppressWarnings("unchecked")
  void pagesFollowRelevanceWithoutRepeats(Backend.FreshDatabase db) throws Exception {
    try (QueryStack stack = QueryStack.start(db)) {
      Pipelines pipelines = new Pipelines(stack);
      for (int i = 0; i < 3; i++) {
        pipelines.v2Run(
            "churn", "r" + i, Map.of(), Map.of("accuracy", 0.9), Execution.State.COMPLETE);
      }
      stack.awaitSearch();
      List<Object> seen = new ArrayList<>();
      String after = null;
      do {
        Map<String, Object> search =
            (Map<String, Object>)
                stack
                    .data(
                        "{ search(input: {text: \"churn\", kinds: [ARTIFACT], first: 5"
                            + (after == null ? "" : ", after: \"" + after + "\"")
                            + "}) { totalHits edges { cursor node { node { id } } }"
                            + " pageInfo { hasNextPage endCursor } } }")
                    .get("search");
        for (Map<String, Object> edge : (List<Map<String, Object>>) search.get("edges")) {
          seen.add(
              ((Map<String, Object>) ((Map<String, Object>) edge.get("node")).get("node"))
                  .get("id"));
        }
        Map<String, Object> info = (Map<String, Object>) search.get("pageInfo");
        after = (Boolean) info.get("hasNextPage") ? (String) info.get("endCursor") : null;
      } while (after != null);
      assertThat(seen).hasSize(12).doesNotHaveDuplicates();
    }
  }

  @StoreTest
  void catchesUpAtStartWithWhatWasWrittenWhileClosed(Backend.FreshDatabase db) throws Exception {
    QueryStack first = QueryStack.start(db);
    new Pipelines(first)
        .v2Run("churn", "r1", Map.of(), Map.of("accuracy", 0.9), Execution.State.COMPLETE);
    first.awaitSearch();
    QuerySettings settings = QuerySettings.defaults();
    try (QueryStack second = first.restart(settings)) {
      assertThat(hits(second, "text: \"churn\"")).isNotEmpty();
      // Written behind the index's back, as by MLMD or another replica: picked up on restart.
      second.layer().close();
      long fraud = new Pipelines(second).pipeline("fraud-detection");
      try (QueryStack third = second.restart(settings)) {
        third.awaitSearch();
        assertThat(nodeIds(hits(third, "text: \"fraud\""))).containsExactly(fraud);
      }
    }
  }

  @StoreTest
  void findsWhatAnotherProcessWroteToTheSameDatabase(Backend.FreshDatabase db) throws Exception {
    QuerySettings polling = QuerySettings.defaults().withSearchPollInterval(Duration.ofMillis(200));
    try (QueryStack stack = QueryStack.start(db, polling);
        MetadataStore replica = MetadataStore.open(DatabaseSettings.of(db.jdbcUrl()))) {
      long type =
          replica
              .types()
              .putContextType(
                  PutContextTypeRequest.newBuilder()
                      .setContextType(ContextType.newBuilder().setName("system.Pipeline"))
                      .build())
              .getTypeId();
      long written =
          replica
              .nodes()
              .putContexts(
                  PutContextsRequest.newBuilder()
                      .addContexts(
                          Context.newBuilder().setTypeId(type).setName("written-elsewhere"))
                      .build())
              .getContextIds(0);

      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      List<Object> found = List.of();
      while (found.isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(100);
        found = nodeIds(hits(stack, "text: \"elsewhere\""));
      }
      assertThat(found).containsExactly(written);
    }
  }

  @StoreTest
  @SuppressWarnings("unchecked")
  void highlightsEscapeTheStoredTextAndMarkOnlyMatches(Backend.FreshDatabase db) throws Exception {
    try (QueryStack stack = QueryStack.start(db)) {
      long type = new Pipelines(stack).artifactType("Report");
      stack
          .api()
          .putArtifacts(
              PutArtifactsRequest.newBuilder()
                  .addArtifacts(
                      Artifact.newBuilder()
                          .setTypeId(type)
                          .setUri("s3://reports/<b>forged</b>/<img src=x onerror=alert(1)>/churn"))
                  .build());
      stack.awaitSearch();

      Map<String, Object> hit = hits(stack, "text: \"churn\"").get(0);
      List<String> fragments =
          (List<String>)
              ((List<Map<String, Object>>) hit.get("highlights")).get(0).get("fragments");
      assertThat(fragments)
          .singleElement()
          .asString()
          .contains("&lt;b&gt;forged&lt;&#x2F;b&gt;")
          .contains("&lt;img src=x onerror=alert(1)&gt;")
          .contains("<b>churn</b>")
          .doesNotContain("<img")
          .doesNotContain("<b>forged");
    }
  }
}
