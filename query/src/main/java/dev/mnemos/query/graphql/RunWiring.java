package dev.mnemos.query.graphql;

import static graphql.schema.idl.TypeRuntimeWiring.newTypeWiring;

import com.google.gson.Gson;
import dev.mnemos.migrations.NodeKind;
import dev.mnemos.proto.mlmd.Execution;
import dev.mnemos.query.runs.MetricDirection;
import dev.mnemos.query.runs.RunModel;
import dev.mnemos.query.runs.RunModel.Comparison;
import dev.mnemos.query.runs.RunModel.MetricPredicate;
import dev.mnemos.query.runs.RunModel.ParameterPredicate;
import dev.mnemos.query.runs.RunModel.Run;
import dev.mnemos.query.runs.RunModel.RunComparison;
import dev.mnemos.query.runs.RunModel.RunFilter;
import dev.mnemos.query.runs.RunModel.RunOrder;
import dev.mnemos.query.runs.RunModel.RunPage;
import dev.mnemos.server.errors.StoreException;
import dev.mnemos.server.model.NodeListing;
import graphql.schema.DataFetchingEnvironment;
import graphql.schema.idl.RuntimeWiring;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** Run history: {@code run}, {@code runs} and {@code compareRuns}, and the fields of a run. */
final class RunWiring {

  private RunWiring() {}

  /** Runs compared side by side at most. */
  static final int MAX_COMPARED = 50;

  private static final Gson JSON = new Gson();

  static void wire(RuntimeWiring.Builder wiring) {
    wiring.type(
        newTypeWiring("Query")
            .dataFetcher("run", RunWiring::runById)
            .dataFetcher("runs", RunWiring::runs)
            .dataFetcher("compareRuns", RunWiring::compare));
    wiring.type(
        newTypeWiring("Run")
            .dataFetcher("id", env -> source(env).id())
            .dataFetcher("name", env -> source(env).name())
            .dataFetcher("pipeline", env -> source(env).pipeline().orElse(null))
            .dataFetcher("state", env -> source(env).state().name())
            .dataFetcher("startTime", env -> source(env).startTime())
            .dataFetcher("endTime", env -> source(env).endTime().orElse(null))
            .dataFetcher(
                "durationMillis",
                env -> source(env).endTime().map(end -> end - source(env).startTime()).orElse(null))
            .dataFetcher("executionCount", env -> source(env).executionCount())
            .dataFetcher(
                "context",
                env -> NodeWiring.load(env, Loaders.nodes(NodeKind.CONTEXT), source(env).id()))
            .dataFetcher(
                "parameters",
                env -> NodeWiring.loadList(env, Loaders.RUN_PARAMETERS, source(env).id()))
            .dataFetcher(
                "metrics", env -> NodeWiring.loadList(env, Loaders.RUN_METRICS, source(env).id()))
            .dataFetcher("executions", RunWiring::executions)
            .dataFetcher(
                "linkedRuns",
                env -> NodeWiring.loadList(env, Loaders.LINKED_RUNS, source(env).id())));
    wiring.type(
        newTypeWiring("Parameter")
            .dataFetcher("name", env -> Sources.<RunModel.Parameter>of(env).name())
            .dataFetcher(
                "value",
                env -> JSON.fromJson(Sources.<RunModel.Parameter>of(env).json(), Object.class))
            .dataFetcher(
                "number", env -> Sources.<RunModel.Parameter>of(env).number().orElse(null)));
    wiring.type(
        newTypeWiring("Metric")
            .dataFetcher("name", env -> Sources.<RunModel.Metric>of(env).name())
            .dataFetcher(
                "step",
                env -> {
                  String step = Sources.<RunModel.Metric>of(env).step();
                  return step.isEmpty() ? null : step;
                })
            .dataFetcher("qualifiedName", env -> Sources.<RunModel.Metric>of(env).key().qualified())
            .dataFetcher("value", env -> Sources.<RunModel.Metric>of(env).value())
            .dataFetcher(
                "lowerIsBetter",
                env ->
                    directions(RequestContext.of(env))
                        .lowerIsBetter(Sources.<RunModel.Metric>of(env).key()))
            .dataFetcher(
                "source",
                env -> {
                  RunModel.Metric metric = Sources.of(env);
                  return NodeWiring.load(
                      env, Loaders.nodes(metric.sourceKind()), metric.sourceId());
                })
            .dataFetcher(
                "execution",
                env ->
                    Sources.<RunModel.Metric>of(env)
                        .execution()
                        .map(id -> NodeWiring.load(env, Loaders.nodes(NodeKind.EXECUTION), id))
                        .orElse(null)));
  }

  private static Run source(DataFetchingEnvironment env) {
    return Sources.of(env);
  }

  private static Object runById(DataFetchingEnvironment env) {
    long id = Inputs.of(env).longValue("id").orElseThrow();
    return NodeWiring.load(env, Loaders.RUNS, id);
  }

  private static Object runs(DataFetchingEnvironment env) {
    RequestContext context = RequestContext.of(env);
    Inputs input = Inputs.of(env);
    int first = input.first(context.services().settings().limits().maxPageSize());
    RunFilter filter = filter(input);
    Inputs order = input.nested("orderBy");
    RunModel.OrderField field =
        order.enumValue("field", RunModel.OrderField.class).orElse(RunModel.OrderField.START_TIME);
    RunOrder runOrder =
        new RunOrder(
            field,
            order.string("metric").filter(m -> !m.isBlank()),
            order.string("direction").map(d -> !d.equals("ASC")),
            order.bool("lowerIsBetter"));
    RunPage page =
        context.runs().list(filter, runOrder, directions(context), first, input.string("after"));
    Map<Run, String> cursors = new IdentityHashMap<>();
    for (int i = 0; i < page.runs().size(); i++) {
      cursors.put(page.runs().get(i), page.cursors().get(i));
    }
    Map<String, Object> connection =
        Connections.of(page.runs(), cursors::get, page.nextCursor().isPresent(), Optional.empty());
    connection.put("totalCount", page.totalCount());
    return connection;
  }

  /** The run filter of {@code runs} and of metric scopes. */
  static RunFilter filter(Inputs input) {
    Set<Execution.State> states =
        input.<String>list("states").stream()
            .map(Execution.State::valueOf)
            .collect(Collectors.toSet());
    List<ParameterPredicate> parameters = new ArrayList<>();
    for (Map<String, Object> predicate : input.<Map<String, Object>>list("parameterFilter")) {
      Inputs p = Inputs.of(predicate);
      parameters.add(
          new ParameterPredicate(
              p.requiredString("name"),
              p.enumValue("op", Comparison.class).orElse(Comparison.EQ),
              p.string("value").orElseThrow()));
    }
    List<MetricPredicate> metrics = new ArrayList<>();
    for (Map<String, Object> predicate : input.<Map<String, Object>>list("metricFilter")) {
      Inputs p = Inputs.of(predicate);
      metrics.add(
          new MetricPredicate(
              p.requiredString("name"),
              p.enumValue("op", Comparison.class).orElseThrow(),
              p.doubleValue("value").orElseThrow()));
    }
    Optional<Long> since = input.longValue("since");
    Optional<Long> until = input.longValue("until");
    if (since.isPresent() && until.isPresent() && until.get() < since.get()) {
      throw StoreException.invalidArgument("until is before since");
    }
    return new RunFilter(input.string("pipeline"), since, until, states, parameters, metrics);
  }

  private static Object compare(DataFetchingEnvironment env) {
    RequestContext context = RequestContext.of(env);
    List<Number> given = Inputs.of(env).list("runIds");
    List<Long> ids = given.stream().map(Number::longValue).distinct().toList();
    if (ids.isEmpty() || ids.size() > MAX_COMPARED) {
      throw StoreException.invalidArgument(
          "compareRuns takes 1 to " + MAX_COMPARED + " run ids, not " + ids.size());
    }
    Inputs input = Inputs.of(env);
    MetricDirection direction =
        directions(context)
            .naming(
                Set.copyOf(input.<String>list("lowerIsBetter")),
                Set.copyOf(input.<String>list("higherIsBetter")));
    RunComparison comparison = context.runs().compare(ids, direction);
    List<Map<String, Object>> parameters = new ArrayList<>();
    for (RunModel.AlignedParameter parameter : comparison.parameters()) {
      List<Object> values = new ArrayList<>();
      parameter
          .jsonValues()
          .forEach(json -> values.add(json == null ? null : JSON.fromJson(json, Object.class)));
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("name", parameter.name());
      row.put("values", values);
      row.put("differs", parameter.differs());
      parameters.add(row);
    }
    List<Map<String, Object>> metrics = new ArrayList<>();
    for (RunModel.AlignedMetric metric : comparison.metrics()) {
      List<Double> present = metric.values().stream().filter(Objects::nonNull).toList();
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("name", metric.name());
      row.put("values", metric.values());
      Optional<Double> highest = present.stream().max(Double::compare);
      Optional<Double> lowest = present.stream().min(Double::compare);
      row.put("lowerIsBetter", metric.lowerIsBetter());
      row.put("best", (metric.lowerIsBetter() ? lowest : highest).orElse(null));
      row.put("worst", (metric.lowerIsBetter() ? highest : lowest).orElse(null));
      metrics.add(row);
    }
    return Map.of("runs", comparison.runs(), "parameters", parameters, "metrics", metrics);
  }

  /** Which way metrics are better, as the server is configured. */
  private static MetricDirection directions(RequestContext context) {
    return MetricDirection.byWords(context.services().settings().lowerIsBetterWords());
  }

  private static Object executions(DataFetchingEnvironment env) {
    NodeListing listing =
        NodeWiring.listing(NodeKind.EXECUTION, Inputs.of(env)).membersOf(source(env).id());
    return NodeWiring.connection(RequestContext.of(env).graph().list(listing));
  }
}
