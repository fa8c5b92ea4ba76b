package dev.mnemos.query.graphql;

import static graphql.schema.idl.TypeRuntimeWiring.newTypeWiring;

import dev.mnemos.mlflow.model.HistoryBucket;
import dev.mnemos.mlflow.model.HistorySummary;
import dev.mnemos.mlflow.model.StepRange;
import dev.mnemos.query.runs.RunModel.Run;
import graphql.schema.DataFetchingEnvironment;
import graphql.schema.idl.RuntimeWiring;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * {@code Run.metricHistory}: a run's logged history of a metric, bucketed by the tracking store.
 */
final class HistoryWiring {

  private HistoryWiring() {}

  static void wire(RuntimeWiring.Builder wiring) {
    wiring.type(newTypeWiring("Run").dataFetcher("metricHistory", HistoryWiring::history));
    wiring.type(
        newTypeWiring("MetricHistoryPoint")
            .dataFetcher("first", env -> number(Sources.<HistoryBucket>of(env).first()))
            .dataFetcher("last", env -> number(Sources.<HistoryBucket>of(env).last())));
  }

  private static Object history(DataFetchingEnvironment env) {
    RequestContext context = RequestContext.of(env);
    Inputs input = Inputs.of(env);
    String metric = input.requiredString("metric");
    Long from = input.longValue("fromStep").orElse(null);
    Long to = input.longValue("toStep").orElse(null);
    StepRange steps =
        from == null && to == null
            ? null
            : new StepRange(from == null ? Long.MIN_VALUE : from, to == null ? Long.MAX_VALUE : to);
    // The run was read in the caller's scope; its history belongs to it.
    Run run = Sources.of(env);
    HistorySummary summary =
        context.withinBudget(
            () ->
                context
                    .services()
                    .tracking()
                    .historySummary(run.id(), metric, steps, input.intValue("points").orElse(500)));
    Map<String, Object> history = new LinkedHashMap<>();
    history.put("metric", metric);
    history.put("count", summary.count());
    history.put("min", summary.min());
    history.put("max", summary.max());
    history.put("points", summary.buckets());
    return history;
  }

  /** GraphQL's Float has no NaN: null stands for it. */
  private static @Nullable Double number(double value) {
    return Double.isNaN(value) ? null : value;
  }
}
