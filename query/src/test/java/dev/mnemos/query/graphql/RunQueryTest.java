package dev.mnemos.query.graphql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.mnemos.proto.mlmd.Context;
import dev.mnemos.proto.mlmd.ContextType;
import dev.mnemos.proto.mlmd.Execution;
import dev.mnemos.proto.mlmd.PropertyType;
import dev.mnemos.proto.mlmd.PutContextTypeRequest;
import dev.mnemos.proto.mlmd.PutExecutionRequest;
import dev.mnemos.proto.mlmd.Value;
import dev.mnemos.query.testing.Pipelines;
import dev.mnemos.query.testing.QueryStack;
import dev.mnemos.server.testing.Backend;
import dev.mnemos.server.testing.StoreTest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

class RunQueryTest {

  private static Pipelines.V2Run[] threeRuns(QueryStack stack) {
    Pipelines pipelines = new Pipelines(stack);
    return new Pipelines.V2Run[] {
      pipelines.v2Run(
          "churn",
          "run-a",
          Map.of("lr", 0.1, "data", "a.csv"),
          Map.of("accuracy", 0.81, "auc", 0.9),
          Execution.State.COMPLETE),
      pipelines.v2Run(
          "churn",
          "run-b",
          Map.of("lr", 0.05, "data", "a.csv"),
          Map.of("accuracy", 0.93, "auc", 0.97),
          Execution.State.COMPLETE),
      pipelines.v2Run(
          "churn",
          "run-c",
          Map.of("lr", 0.2, "data", "b.csv"),
          Map.of("accuracy", 0.5),
          Execution.State.FAILED),
    };
  }

  @SuppressWarnings("unchecked")
  private static List<String> names(Map<String, Object> data) {
    Map<String, Object> runs = (Map<String, Object>) data.get("runs");
    return ((List<Map<String, Object>>) runs.get("nodes"))
        .stream().map(run -> (String) run.get("name")).toList();
  }

  @StoreTest
  void runsOfAPipelineSortByAMetricBothWays(Backend.FreshDatabase db) throws Exception {
    try (QueryStack stack = QueryStack.start(db)) {
      threeRuns(stack);
      new Pipelines(stack)
          .v2Run("other", "run-x", Map.of(), Map.of("accuracy", 0.99), Execution.State.COMPLETE);

      assertThat(
              names(
                  stack.data(
                      "{ runs(input: {pipeline: \"churn\", orderBy: {field: METRIC, metric:"
                          + " \"accuracy\"}}) { nodes { name } } }")))
          .containsExactly("run-b", "run-a", "run-c");
      assertThat(
              names(
                  stack.data(
                      "{ runs(input: {pipeline: \"churn\", orderBy: {field: METRIC, metric:"
                          + " \"auc\", direction: ASC}}) { nodes { name } } }")))
          .as("runs without the metric come last")
          .containsExactly("run-a", "run-b", "run-c");
    }
  }

  /**
   * A loss is better low: sorting by it puts the lowest first unless asked otherwise, and compare
   * marks the lowest best; a query may say otherwise for any metric by name.
   */
  @StoreTest
  @SuppressWarnings("unchecked")
  void metricsBetterLowSortLowestFirstAndCompareMarksTheLowestBest(Backend.FreshDatabase db)
      throws Exception {
    try (QueryStack stack = QueryStack.start(db)) {
      Pipelines pipelines = new Pipelines(stack);
      List<Long> ids = new ArrayList<>();
      for (var run :
          List.of(
              Map.entry("run-a", Map.of("val_loss", 0.3, "accuracy", 0.8)),
              Map.entry("run-b", Map.of("val_loss", 0.1, "accuracy", 0.7)),
              Map.entry("run-c", Map.of("val_loss", 0.5, "accuracy", 0.9)))) {
        ids.add(
            pipelines
                .v2Run("churn", run.getKey(), Map.of(), run.getValue(), Execution.State.COMPLETE)
                .runId());
      }
      String byLoss =
          "{ runs(input: {orderBy: {field: METRIC, metric: \"val_loss\"%s}}) { nodes { name } } }";
      assertThat(names(stack.data(byLoss.formatted(""))))
          .as("best first: lowest loss")
          .containsExactly("run-b", "run-a", "run-c");
      assertThat(names(stack.data(byLoss.formatted(", direction: DESC"))))
          .containsExactly("run-c", "run-a", "run-b");
      assertThat(names(stack.data(byLoss.formatted(", lowerIsBetter: false"))))
          .as("the query says the loss is better high")
          .containsExactly("run-c", "run-a", "run-b");
      assertThat(
              names(
                  stack.data(
                      "{ runs(input: {orderBy: {field: METRIC, metric: \"accuracy\"}}) { nodes {"
                          + " name } } }")))
          .containsExactly("run-c", "run-a", "run-b");

      String compare =
          "{ compareRuns(input: {runIds: "
              + ids
              + "%s}) { metrics { name lowerIsBetter best worst } } }";
      assertThat(
              (List<Map<String, Object>>)
                  ((Map<String, Object>) stack.data(compare.formatted("")).get("compareRuns"))
                      .get("metrics"))
          .extracting(
              m -> m.get("name"),
              m -> m.get("lowerIsBetter"),
              m -> m.get("best"),
              m -> m.get("worst"))
          .containsExactly(tuple("accuracy", false, 0.9, 0.7), tuple("val_loss", true, 0.1, 0.5));
      assertThat(
              (List<Map<String, Object>>)
                  ((Map<String, Object>)
                          stack
                              .data(
                                  compare.formatted(
                                      ", lowerIsBetter: [\"accuracy\"], higherIsBetter:"
                                          + " [\"val_loss\"]"))
                              .get("compareRuns"))
                      .get("metrics"))
          .extracting(m -> m.get("name"), m -> m.get("best"))
          .containsExactly(tuple("accuracy", 0.7), tuple("val_loss", 0.5));
    }
  }

  @StoreTest
  @SuppressWarnings("unchecked")
  void aRunCarriesItsPipelineStateTimesParametersAndMetrics(Backend.FreshDatabase db)
      throws Exception {
    try (QueryStack stack = QueryStack.start(db)) {
      Pipelines.V2Run[] runs = threeRuns(stack);

      Map<String, Object> run =
          (Map<String, Object>)
              stack
                  .data(
                      "{ run(input: {id: "
                          + runs[1].runId()
                          + "}) { id name pipeline state startTime endTime durationMillis"
                          + " executionCount parameters { name value number }"
                          + " metrics { name value source { id kind } execution { id } }"
                          + " context { name } executions(input: {first: 2}) { nodes { id }"
                          + " pageInfo { hasNextPage } } } }")
                  .get("run");

      assertThat(run)
          .containsEntry("name", "run-b")
          .containsEntry("pipeline", "churn")
          .containsEntry("state", "COMPLETE")
          .containsEntry("executionCount", 4);
      assertThat((Long) run.get("endTime")).isGreaterThanOrEqualTo((Long) run.get("startTime"));
      assertThat((List<Map<String, Object>>) run.get("parameters"))
          .extracting(p -> p.get("name"), p -> p.get("value"), p -> p.get("number"))
          .containsExactly(tuple("data", "a.csv", null), tuple("lr", 0.05, 0.05));
      assertThat((List<Map<String, Object>>) run.get("metrics"))
          .extracting(m -> m.get("name"), m -> m.get("value"))
          .containsExactly(tuple("accuracy", 0.93), tuple("auc", 0.97));
      Map<String, Object> metric = ((List<Map<String, Object>>) run.get("metrics")).get(0);
      assertThat((Map<String, Object>) metric.get("source"))
          .containsEntry("id", runs[1].metricsId())
          .containsEntry("kind", "ARTIFACT");
      assertThat((Map<String, Object>) metric.get("execution"))
          .containsEntry("id", runs[1].evaluateId());
      assertThat((Map<String, Object>) run.get("context")).containsEntry("name", "run-b");
      Map<String, Object> executions = (Map<String, Object>) run.get("executions");
      assertThat((List<?>) executions.get("nodes")).hasSize(2);
      assertThat((Map<String, Object>) executions.get("pageInfo"))
          .containsEntry("hasNextPage", true);
    }
  }

  @StoreTest
  void runsFilterByStateParameterMetricAndTime(Backend.FreshDatabase db) throws Exception {
    try (QueryStack stack = QueryStack.start(db)) {
      threeRuns(stack);

      assertThat(names(stack.data("{ runs(input: {states: [FAILED]}) { nodes { name } } }")))
          .containsExactly("run-c");
      assertThat(
              names(
                  stack.data(
                      "{ runs(input: {parameterFilter: [{name: \"data\", value: \"a.csv\"}],"
                          + " orderBy: {field: NAME, direction: ASC}}) { nodes { name } } }")))
          .containsExactly("run-a", "run-b");
      assertThat(
              names(
                  stack.data(
                      "{ runs(input: {parameterFilter: [{name: \"lr\", op: LT, value:"
                          + " \"0.1\"}]}) { nodes { name } } }")))
          .containsExactly("run-b");
      assertThat(
              names(
                  stack.data(
                      "{ runs(input: {metricFilter: [{name: \"accuracy\", op: GT, value: 0.8}],"
                          + " orderBy: {field: NAME}}) { nodes { name } } }")))
          .containsExactly("run-b", "run-a");
      assertThat(names(stack.data("{ runs(input: {since: 1, until: 2}) { nodes { name } } }")))
          .isEmpty();
      assertThat(stack.errorCodes("{ runs(input: {since: 5, until: 2}) { totalCount } }"))
          .containsExactly("BAD_INPUT");
      assertThat(
              stack.errorCodes(
                  "{ runs(input: {parameterFilter: [{name: \"lr\", op: GT, value: \"high\"}]})"
                      + " { totalCount } }"))
          .containsExactly("BAD_INPUT");
      assertThat(stack.errorCodes("{ runs(input: {orderBy: {field: METRIC}}) { totalCount } }"))
          .containsExactly("BAD_INPUT");
    }
  }

  @StoreTest
  @SuppressWarnings("unchecked")
  void cursorsPageThroughEveryRunOnce(Backend.FreshDatabase db) throws Exception {
    try (QueryStack stack = QueryStack.start(db)) {
      threeRuns(stack);
      List<String> seen = new ArrayList<>();
      String after = null;
      do {
        Map<String, Object> runs =
            (Map<String, Object>)
                stack
                    .data(
                        "{ runs(input: {first: 2"
                            + (after == null ? "" : ", after: \"" + after + "\"")
                            + ", orderBy: {field: NAME, direction: ASC}}) { totalCount edges {"
                            + " cursor node { name } } pageInfo { hasNextPage endCursor } } }")
                    .get("runs");
        assertThat(runs).containsEntry("totalCount", 3);
        for (Map<String, Object> edge : (List<Map<String, Object>>) runs.get("edges")) {
          seen.add((String) ((Map<String, Object>) edge.get("node")).get("name"));
        }
        Map<String, Object> page = (Map<String, Object>) runs.get("pageInfo");
        after = (Boolean) page.get("hasNextPage") ? (String) page.get("endCursor") : null;
      } while (after != null);

      assertThat(seen).containsExactly("run-a", "run-b", "run-c");
      assertThat(stack.errorCodes("{ runs(input: {after: \"bm9wZQ\"}) { totalCount } }"))
          .containsExactly("BAD_INPUT");
    }
  }

  @StoreTest
  @SuppressWarnings("unchecked")
  void compareRunsAlignsParametersAndMetrics(Backend.FreshDatabase db) throws Exception {
    try (QueryStack stack = QueryStack.start(db)) {
      Pipelines.V2Run[] runs = threeRuns(stack);

      Map<String, Object> comparison =
          (Map<String, Object>)
              stack
                  .data(
                      "{ compareRuns(input: {runIds: ["
                          + runs[0].runId()
                          + ", "
                          + runs[2].runId()
                          + "]}) { runs { name } parameters { name values differs }"
                          + " metrics { name values best worst } } }")
                  .get("compareRuns");

      assertThat((List<Map<String, Object>>) comparison.get("runs"))
          .extracting(r -> r.get("name"))
          .containsExactly("run-a", "run-c");
      assertThat((List<Map<String, Object>>) comparison.get("parameters"))
          .extracting(p -> p.get("name"), p -> p.get("values"), p -> p.get("differs"))
          .containsExactly(
              tuple("data", List.of("a.csv", "b.csv"), true), tuple("lr", List.of(0.1, 0.2), true));
      assertThat((List<Map<String, Object>>) comparison.get("metrics"))
          .extracting(m -> m.get("name"), m -> m.get("values"), m -> m.get("best"))
          .containsExactly(
              tuple("accuracy", List.of(0.81, 0.5), 0.81),
              tuple("auc", Arrays.asList(0.9, null), 0.9));
      assertThat(stack.errorCodes("{ compareRuns(input: {runIds: [999]}) { runs { name } } }"))
          .containsExactly("NOT_FOUND");
      assertThat(stack.errorCodes("{ compareRuns(input: {runIds: []}) { runs { name } } }"))
          .containsExactly("BAD_INPUT");
      assertThat(stack.data("{ run(input: {id: 999}) { name } }")).containsEntry("run", null);
    }
  }

  @StoreTest
  @SuppressWarnings("unchecked")
  void kfpV1RunsTakeTheirPipelineFromThePropertyAndParametersFromInputProperties(
      Backend.FreshDatabase db) throws Exception {
    try (QueryStack stack = QueryStack.start(db)) {
      var api = stack.api();
      long runType =
          api.putContextType(
                  PutContextTypeRequest.newBuilder()
                      .setContextType(
                          ContextType.newBuilder()
                              .setName("KfpRun")
                              .putProperties("pipeline_name", PropertyType.STRING))
                      .build())
              .getTypeId();
      long stepType = new Pipelines(stack).executionType("components.train@sha256=abc");
      var run =
          Context.newBuilder()
              .setTypeId(runType)
              .setName("wf-1")
              .putProperties("pipeline_name", Value.newBuilder().setStringValue("v1-pipe").build())
              .build();
      var step =
          Execution.newBuilder()
              .setTypeId(stepType)
              .setLastKnownState(Execution.State.RUNNING)
              .putCustomProperties("input:epochs", Value.newBuilder().setStringValue("10").build())
              .putCustomProperties("loss", Value.newBuilder().setDoubleValue(0.25).build())
              .build();
      api.putExecution(
          PutExecutionRequest.newBuilder().setExecution(step).addContexts(run).build());

      Map<String, Object> found =
          ((List<Map<String, Object>>)
                  ((Map<String, Object>)
                          stack
                              .data(
                                  "{ runs(input: {pipeline: \"v1-pipe\"}) { nodes { name state"
                                      + " endTime parameters { name value number } metrics { name"
                                      + " value } } } }")
                              .get("runs"))
                      .get("nodes"))
              .get(0);
      assertThat(found)
          .containsEntry("name", "wf-1")
          .containsEntry("state", "RUNNING")
          .containsEntry("endTime", null);
      assertThat((List<Map<String, Object>>) found.get("parameters"))
          .extracting(p -> p.get("name"), p -> p.get("value"), p -> p.get("number"))
          .containsExactly(tuple("epochs", "10", 10.0));
      assertThat((List<Map<String, Object>>) found.get("metrics"))
          .extracting(m -> m.get("name"), m -> m.get("value"))
          .as("numeric execution properties are metrics; input:* ones are parameters")
          .containsExactly(tuple("loss", 0.25));
    }
  }
}
