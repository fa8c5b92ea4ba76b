package dev.mnemos.query.graphql;

import static graphql.schema.idl.TypeRuntimeWiring.newTypeWiring;

import dev.mnemos.query.runs.MetricQueries;
import dev.mnemos.query.runs.RunModel.RunFilter;
import graphql.schema.DataFetchingEnvironment;
import graphql.schema.idl.RuntimeWiring;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code metricAggregate} and {@code metricNames}, over the metric summary table. */
final class MetricWiring {

  private MetricWiring() {}

  static void wire(RuntimeWiring.Builder wiring) {
    wiring.type(
        newTypeWiring("Query")
            .dataFetcher("metricAggregate", MetricWiring::aggregate)
            .dataFetcher("metricNames", MetricWiring::names));
  }

  private static Object aggregate(DataFetchingEnvironment env) {
    RequestContext context = RequestContext.of(env);
    Inputs input = Inputs.of(env);
    Inputs scope = input.nested("filter");
    RunFilter filter = RunWiring.filter(scope);
    List<Number> runIds = scope.list("runIds");
    List<MetricQueries.Group> groups =
        context
            .metrics()
            .aggregate(
                input.requiredString("metric"),
                input.enumValue("groupBy", MetricQueries.GroupBy.class).orElseThrow(),
                input.enumValue("fn", MetricQueries.Function.class).orElseThrow(),
                filter,
                Set.copyOf(runIds.stream().map(Number::longValue).toList()));
    return groups.stream()
        .map(
            group -> {
              Map<String, Object> row = new LinkedHashMap<>();
              row.put("key", group.key().orElse(null));
              row.put("id", group.id().orElse(null));
              row.put("value", group.value().orElse(null));
              row.put("count", group.count());
              return row;
            })
        .toList();
  }

  private static Object names(DataFetchingEnvironment env) {
    return RequestContext.of(env).metrics().names(Inputs.of(env).string("pipeline"));
  }
}
