package dev.mnemos.query.graphql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.mnemos.proto.mlmd.Execution;
import dev.mnemos.query.testing.Pipelines;
import dev.mnemos.query.testing.QueryStack;
import dev.mnemos.server.testing.Backend;
import dev.mnemos.server.testing.StoreTest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A metric keeps the step that recorded it: a run whose training step logs a loss and whose
 * evaluation logs another has two metrics, {@code train.loss} and {@code evaluate.loss}, never one
 * merged value; the name alone is refused where it is ambiguous, and still serves where it is not.
 */
class MetricIdentityTest {

  /** Three churn runs whose evaluation and training both record a loss, and one other pipeline. */
  private static List<Long> seed(QueryStack stack) {
    Pipelines pipelines = new Pipelines(stack);
    List<Long> ids = new ArrayList<>();
    record Seed(String name, double evaluateLoss, double accuracy, Double trainLoss) {}
    for (Seed seed :
        List.of(
            new Seed("run-a", 0.30, 0.8, 0.05),
            new Seed("run-b", 0.20, 0.7, 0.10),
            new Seed("run-c", 0.40, 0.9, null))) {
      var run =
          pipelines.v2Run(
              "churn",
              seed.name(),
              Map.of(),
              Map.of("loss", seed.evaluateLoss(), "accuracy", seed.accuracy()),
              Execution.State.COMPLETE);
      if (seed.trainLoss() != null) {
        pipelines.stepMetrics(run, "churn", seed.name(), "train", Map.of("loss", seed.trainLoss()));
      }
      ids.add(run.runId());
    }
    pipelines.v2Run("fraud", "run-x", Map.of(), Map.of("loss", 0.6), Execution.State.COMPLETE);
    pipelines.v2Run("fraud", "run-y", Map.of(), Map.of("loss", 0.5), Execution.State.COMPLETE);
    return ids;
  }

  @SuppressWarnings("unchecked")
  private static List<String> names(Map<String, Object> data) {
    Map<String, Object> runs = (Map<String, Object>) data.get("runs");
    return ((List<Map<String, Object>>) runs.get("nodes"))
        .stream().map(run -> (String) run.get("name")).toList();
  }

  @SuppressWarnings("unchecked")
  private static String message(Map<String, Object> response) {
    return (String) ((List<Map<String, Object>>) response.get("errors")).getFirst().get("message");
  }

  @StoreTest
  void sortingAndFilteringNameTheStepWhereTheNameAloneIsAmbiguous(Backend.FreshDatabase db)
      throws Exception {
    try (QueryStack stack = QueryStack.start(db)) {
      seed(stack);
      String byMetric =
          "{ runs(input: {%s orderBy: {field: METRIC, metric: \"%s\"}}) { nodes {" + " name } } }";

      assertThat(names(stack.data(byMetric.formatted("pipeline: \"churn\",", "evaluate.loss"))))
          .as("the evaluation's loss, lowest first")
          .containsExactly("run-b", "run-a", "run-c");
      assertThat(names(stack.data(byMetric.formatted("pipeline: \"churn\",", "train.loss"))))
          .as("the training loss; run-c has none and comes last")
          .containsExactly("run-a", "run-b", "run-c");
      String ambiguous = byMetric.formatted("", "loss");
      assertThat(stack.errorCodes(ambiguous)).containsExactly("BAD_INPUT");
      assertThat(message(stack.graphql(ambiguous)))
          .contains("metric 'loss' is recorded by several steps of run")
          .contains("evaluate.loss or train.loss");
      assertThat(names(stack.data(byMetric.formatted("pipeline: \"fraud\",", "loss"))))
          .as("in a pipeline whose runs record one loss each, the name alone serves")
          .containsExactly("run-y", "run-x");
      assertThat(names(stack.data(byMetric.formatted("pipeline: \"churn\",", "accuracy"))))
          .containsExactly("run-c", "run-a", "run-b");

      assertThat(
              names(
                  stack.data(
                      "{ runs(input: {orderBy: {field: NAME, direction: ASC}, metricFilter: [{name:"
                          + " \"evaluate.loss\", op: LT, value: 0.35}]}) { nodes { name } } }")))
          .containsExactly("run-a", "run-b");
      assertThat(
              names(
                  stack.data(
                      "{ runs(input: {orderBy: {field: NAME, direction: ASC}, metricFilter: [{name:"
                          + " \"train.loss\", op: LT, value: 0.35}]}) { nodes { name } } }")))
          .as("a merged 'loss' would have let run-c through on its training loss")
          .containsExactly("run-a", "run-b");
      assertThat(
              stack.errorCodes(
                  "{ runs(input: {metricFilter: [{name: \"loss\", op: LT, value: 1}]}) {"
                      + " totalCount } }"))
          .containsExactly("BAD_INPUT");
    }
  }

  @StoreTest
  @SuppressWarnings("unchecked")
  void aRunsMetricsSayTheirStepAndCompareKeepsStepsApart(Backend.FreshDatabase db)
      throws Exception {
    try (QueryStack stack = QueryStack.start(db)) {
      List<Long> ids = seed(stack);

      Map<String, Object> run =
          (Map<String, Object>)
              stack
                  .data(
                      "{ run(input: {id: "
                          + ids.getFirst()
                          + "}) { metrics { name step qualifiedName value lowerIsBetter } } }")
                  .get("run");
      assertThat((List<Map<String, Object>>) run.get("metrics"))
          .extracting(
              m -> m.get("name"),
              m -> m.get("step"),
              m -> m.get("qualifiedName"),
              m -> m.get("value"),
              m -> m.get("lowerIsBetter"))
          .containsExactlyInAnyOrder(
              tuple("accuracy", "evaluate", "evaluate.accuracy", 0.8, false),
              tuple("loss", "evaluate", "evaluate.loss", 0.30, true),
              tuple("loss", "train", "train.loss", 0.05, true));

      Map<String, Object> comparison =
          (Map<String, Object>)
              stack
                  .data(
                      "{ compareRuns(input: {runIds: "
                          + ids
                          + "}) { metrics { name values best worst lowerIsBetter } } }")
                  .get("compareRuns");
      assertThat((List<Map<String, Object>>) comparison.get("metrics"))
          .extracting(
              m -> m.get("name"), m -> m.get("values"), m -> m.get("best"), m -> m.get("worst"))
          .containsExactly(
              tuple("accuracy", List.of(0.8, 0.7, 0.9), 0.9, 0.7),
              tuple("evaluate.loss", List.of(0.30, 0.20, 0.40), 0.20, 0.40),
              tuple("train.loss", Arrays.asList(0.05, 0.10, null), 0.05, 0.10));

      assertThat((List<String>) stack.data("{ metricNames }").get("metricNames"))
          .as("names as a query may use them: loss from two steps of a run needs its step")
          .containsExactly("evaluate.loss", "accuracy", "train.loss");
      assertThat(
              (List<String>)
                  stack.data("{ metricNames(input: {pipeline: \"fraud\"}) }").get("metricNames"))
          .containsExactly("loss");
    }
  }

  @StoreTest
  @SuppressWarnings("unchecked")
  void aggregatesNameTheStepWhereTheNameAloneIsAmbiguous(Backend.FreshDatabase db)
      throws Exception {
    try (QueryStack stack = QueryStack.start(db)) {
      seed(stack);
      String aggregate =
          "{ metricAggregate(input: {metric: \"%s\", groupBy: PIPELINE, fn: MIN}) { key value"
              + " count } }";

      assertThat(
              (List<Map<String, Object>>)
                  stack.data(aggregate.formatted("evaluate.loss")).get("metricAggregate"))
          .extracting(g -> g.get("key"), g -> g.get("value"), g -> g.get("count"))
          .containsExactly(tuple("churn", 0.20, 3), tuple("fraud", 0.5, 2));
      assertThat(
              (List<Map<String, Object>>)
                  stack.data(aggregate.formatted("train.loss")).get("metricAggregate"))
          .extracting(g -> g.get("key"), g -> g.get("value"), g -> g.get("count"))
          .containsExactly(tuple("churn", 0.05, 2));
      assertThat(stack.errorCodes(aggregate.formatted("loss"))).containsExactly("BAD_INPUT");
    }
  }
}
