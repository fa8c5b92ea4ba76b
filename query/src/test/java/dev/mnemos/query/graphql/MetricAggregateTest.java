package dev.mnemos.query.graphql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.mnemos.proto.mlmd.Execution;
import dev.mnemos.query.testing.Pipelines;
import dev.mnemos.query.testing.QueryStack;
import dev.mnemos.server.testing.Backend;
import dev.mnemos.server.testing.StoreTest;
import java.util.List;
import java.util.Map;

class MetricAggregateTest {

  private static void record(QueryStack stack) {
    Pipelines pipelines = new Pipelines(stack);
    double[] churn = {0.6, 0.7, 0.8, 0.9, 1.0};
    for (int i = 0; i < churn.length; i++) {
      pipelines.v2Run(
          "churn",
          "c" + i,
          Map.of(),
          Map.of("accuracy", churn[i]),
          i == 4 ? Execution.State.FAILED : Execution.State.COMPLETE);
    }
    pipelines.v2Run("fraud", "f0", Map.of(), Map.of("accuracy", 0.2), Execution.State.COMPLETE);
    pipelines.v2Run("fraud", "f1", Map.of(), Map.of("accuracy", 0.4), Execution.State.COMPLETE);
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> aggregate(QueryStack stack, String input) {
    return (List<Map<String, Object>>)
        stack
            .data("{ metricAggregate(input: {" + input + "}) { key id value count } }")
            .get("metricAggregate");
  }

  @StoreTest
  void everyFunctionPerPipeline(Backend.FreshDatabase db) throws Exception {
    try (QueryStack stack = QueryStack.start(db)) {
      record(stack);
      String byPipeline = "metric: \"accuracy\", groupBy: PIPELINE, fn: ";

      assertThat(aggregate(stack, byPipeline + "AVG"))
          .extracting(g -> g.get("key"), g -> round(g.get("value")), g -> g.get("count"))
          .containsExactly(tuple("churn", 0.8, 5), tuple("fraud", 0.3, 2));
      assertThat(aggregate(stack, byPipeline + "MIN"))
          .extracting(g -> round(g.get("value")))
          .containsExactly(0.6, 0.2);
      assertThat(aggregate(stack, byPipeline + "MAX"))
          .extracting(g -> round(g.get("value")))
          .containsExactly(1.0, 0.4);
      assertThat(aggregate(stack, byPipeline + "SUM"))
          .extracting(g -> round(g.get("value")))
          .containsExactly(4.0, 0.6);
      assertThat(aggregate(stack, byPipeline + "COUNT"))
          .extracting(g -> g.get("key"), g -> round(g.get("value")))
          .as("largest group first")
          .containsExactly(tuple("churn", 5.0), tuple("fraud", 2.0));
      assertThat(aggregate(stack, byPipeline + "P50"))
          .extracting(g -> round(g.get("value")))
          .containsExactly(0.8, 0.2);
      assertThat(aggregate(stack, byPipeline + "P90"))
          .extracting(g -> round(g.get("value")))
          .containsExactly(1.0, 0.4);
    }
  }

  @StoreTest
  void groupsByRunExecutionTypeAndContextWithinAScope(Backend.FreshDatabase db) throws Exception {
    try (QueryStack stack = QueryStack.start(db)) {
      record(stack);

      assertThat(
              aggregate(
                  stack,
                  "metric: \"accuracy\", groupBy: RUN, fn: MAX,"
                      + " filter: {pipeline: \"churn\", states: [COMPLETE]}"))
          .extracting(g -> g.get("key"))
          .as("the failed run is out of scope")
          .containsExactly("c0", "c1", "c2", "c3");
      assertThat(aggregate(stack, "metric: \"accuracy\", groupBy: EXECUTION_TYPE, fn: COUNT"))
          .extracting(g -> g.get("key"), g -> g.get("count"))
          .containsExactly(tuple("system.ContainerExecution", 7));
      assertThat(
              aggregate(
                  stack,
                  "metric: \"accuracy\", groupBy: CONTEXT, fn: AVG, filter: {pipeline: \"fraud\"}"))
          .extracting(g -> g.get("key"), g -> round(g.get("value")))
          .containsExactly(tuple("f0", 0.2), tuple("f1", 0.4), tuple("fraud", 0.3));
      assertThat(aggregate(stack, "metric: \"loss\", groupBy: PIPELINE, fn: AVG")).isEmpty();
      assertThat(
              stack.errorCodes(
                  "{ metricAggregate(input: {metric: \"\", groupBy: RUN, fn: MAX}) { key } }"))
          .containsExactly("BAD_INPUT");
      assertThat(
              stack.errorCodes(
                  "{ metricAggregate(input: {metric: \"a\", groupBy: RUN, fn: MEDIAN}) { key } }"))
          .containsExactly("BAD_INPUT");
      assertThat((List<String>) stack.data("{ metricNames(input: {}) }").get("metricNames"))
          .containsExactly("accuracy");
    }
  }

  private static Double round(Object value) {
    return value == null ? null : Math.round(((Number) value).doubleValue() * 1000) / 1000.0;
  }
}
