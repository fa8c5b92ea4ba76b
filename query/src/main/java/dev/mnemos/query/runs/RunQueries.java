package dev.mnemos.query.runs;

import static dev.mnemos.migrations.summary.jooq.Tables.MNEMOS_METRIC;
import static dev.mnemos.migrations.summary.jooq.Tables.MNEMOS_RUN;
import static dev.mnemos.migrations.summary.jooq.Tables.MNEMOS_RUN_PARAMETER;

import com.google.gson.JsonPrimitive;
import dev.mnemos.migrations.NodeKind;
import dev.mnemos.proto.mlmd.Execution;
import dev.mnemos.query.paging.PageCursor;
import dev.mnemos.query.runs.RunModel.AlignedMetric;
import dev.mnemos.query.runs.RunModel.AlignedParameter;
import dev.mnemos.query.runs.RunModel.Comparison;
import dev.mnemos.query.runs.RunModel.Metric;
import dev.mnemos.query.runs.RunModel.MetricPredicate;
import dev.mnemos.query.runs.RunModel.Parameter;
import dev.mnemos.query.runs.RunModel.ParameterPredicate;
import dev.mnemos.query.runs.RunModel.Run;
import dev.mnemos.query.runs.RunModel.RunComparison;
import dev.mnemos.query.runs.RunModel.RunFilter;
import dev.mnemos.query.runs.RunModel.RunOrder;
import dev.mnemos.query.runs.RunModel.RunPage;
import dev.mnemos.server.errors.StoreException;
import dev.mnemos.server.scope.ReadScope;
import dev.mnemos.server.store.Database;
import dev.mnemos.server.store.IdChunks;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.SelectConditionStep;
import org.jooq.SelectJoinStep;
import org.jooq.SortField;
import org.jooq.impl.DSL;

/**
 * Run history over the summary tables: listing runs with filters on pipeline, time, state,
 * parameters and metrics, sorted by time, name or a metric; reading runs, their parameters and
 * metrics by run ids (one statement per call, for batching); aligning runs for comparison. Every
 * value from the caller is a bound parameter.
 */
public final class RunQueries {

  private static final PageCursor CURSORS = new PageCursor("runs");
  private static final String VISIBLE_PIPELINE = "visible_pipeline";

  private final Database database;
  private final ReadScope scope;

  public RunQueries(Database database) {
    this(database, ReadScope.EVERYTHING);
  }

  private RunQueries(Database database, ReadScope scope) {
    this.database = database;
    this.scope = scope;
  }

  /** The same queries keeping to the runs, steps and values {@code scope} sees. */
  public RunQueries scopedTo(ReadScope scope) {
    return scope == this.scope ? this : new RunQueries(database, scope);
  }

  /**
   * One page of the runs matching {@code filter} in {@code order}, after {@code cursor} (a cursor
   * from an earlier page of the same question); {@code direction} says which way metrics are
   * better.
   *
   * @throws StoreException INVALID_ARGUMENT for a cursor this method did not make, ordering by
   *     metric without naming one, or naming a metric by a name two steps of a run record
   */
  public RunPage list(
      RunFilter filter,
      RunOrder order,
      MetricDirection direction,
      int first,
      Optional<String> cursor) {
    long offset = cursor.map(CURSORS::positionOf).orElse(0L);
    if (order.field() == RunModel.OrderField.METRIC && order.metric().isEmpty()) {
      throw StoreException.invalidArgument("orderBy METRIC needs the metric's name");
    }
    return database.read(
        sql -> {
          Condition where = conditionOf(sql, filter, scope).and(RunVisibility.runs(scope));
          long total = sql.fetchCount(MNEMOS_RUN, where);
          var metricValue = DSL.field(DSL.name("metric_value"), Double.class);
          var query = sql.select(columns()).from(MNEMOS_RUN);
          List<SortField<?>> sort = new ArrayList<>();
          SelectJoinStep<Record> from = query;
          boolean descending;
          if (order.field() == RunModel.OrderField.METRIC) {
            MetricReference metric = new MetricReference(order.metric().get());
            Set<MetricKey> keys = metric.resolve(sql, metricsWithin(filter, scope));
            boolean lowerIsBetter =
                order.lowerIsBetter().orElseGet(() -> direction.lowerIsBetter(keys, metric.text()));
            descending = order.descending().orElse(!lowerIsBetter);
            var values =
                DSL.select(
                        MNEMOS_METRIC.RUN_ID,
                        (lowerIsBetter
                                ? DSL.min(MNEMOS_METRIC.VALUE)
                                : DSL.max(MNEMOS_METRIC.VALUE))
                            .as(metricValue))
                    .from(MNEMOS_METRIC)
                    .where(metric.rows())
                    .and(RunVisibility.metrics(scope))
                    .groupBy(MNEMOS_METRIC.RUN_ID)
                    .asTable("metric_values");
            from =
                query.leftJoin(values).on(values.field(MNEMOS_METRIC.RUN_ID).eq(MNEMOS_RUN.RUN_ID));
            Field<Double> value = values.field(metricValue);
            // Runs without the metric come last in either direction.
            sort.add(DSL.when(value.isNull(), DSL.inline(1)).otherwise(DSL.inline(0)).asc());
            sort.add(descending ? value.desc() : value.asc());
          } else {
            descending = order.descending().orElse(true);
            Field<?> field =
                switch (order.field()) {
                  case START_TIME -> MNEMOS_RUN.START_TIME_SINCE_EPOCH;
                  case END_TIME -> MNEMOS_RUN.END_TIME_SINCE_EPOCH;
                  case NAME -> MNEMOS_RUN.NAME;
                  case METRIC -> throw new IllegalStateException();
                };
            sort.add(DSL.when(field.isNull(), DSL.inline(1)).otherwise(DSL.inline(0)).asc());
            sort.add(descending ? field.desc() : field.asc());
          }
          sort.add(descending ? MNEMOS_RUN.RUN_ID.desc() : MNEMOS_RUN.RUN_ID.asc());
          List<Run> runs =
              from.where(where).orderBy(sort).limit(first).offset(offset).fetch(this::toRun);
          Optional<String> next =
              offset + runs.size() < total
                  ? Optional.of(CURSORS.at(offset + runs.size()))
                  : Optional.empty();
          List<String> cursors = new ArrayList<>();
          for (int i = 1; i <= runs.size(); i++) {
            cursors.add(CURSORS.at(offset + i));
          }
          return new RunPage(runs, cursors, next, total);
        });
  }

  /** The runs with these context ids that are runs; others are left out. */
  public Map<Long, Run> byIds(Collection<Long> ids) {
    return database.read(
        sql -> {
          Map<Long, Run> runs = new HashMap<>();
          for (List<Long> chunk : IdChunks.of(ids)) {
            sql.select(columns())
                .from(MNEMOS_RUN)
                .where(MNEMOS_RUN.RUN_ID.in(chunk), RunVisibility.runs(scope))
                .fetch(this::toRun)
                .forEach(run -> runs.put(run.id(), run));
          }
          return runs;
        });
  }

  /**
   * Each run's parameters in name order; where several executions recorded one name, the first
   * execution's value.
   */
  public Map<Long, List<Parameter>> parameters(Collection<Long> runIds) {
    return database.read(
        sql -> {
          Map<Long, Map<String, Parameter>> byRun = new HashMap<>();
          for (List<Long> chunk : IdChunks.of(runIds)) {
            sql.select(
                    MNEMOS_RUN_PARAMETER.RUN_ID,
                    MNEMOS_RUN_PARAMETER.NAME,
                    MNEMOS_RUN_PARAMETER.JSON_VALUE,
                    MNEMOS_RUN_PARAMETER.DOUBLE_VALUE)
                .from(MNEMOS_RUN_PARAMETER)
                .where(MNEMOS_RUN_PARAMETER.RUN_ID.in(chunk), RunVisibility.parameters(scope))
                .orderBy(MNEMOS_RUN_PARAMETER.EXECUTION_ID)
                .forEach(
                    row ->
                        byRun
                            .computeIfAbsent(row.value1(), id -> new TreeMap<>())
                            .putIfAbsent(
                                row.value2(),
                                new Parameter(
                                    row.value2(),
                                    row.value3(),
                                    Optional.ofNullable(row.value4()))));
          }
          Map<Long, List<Parameter>> result = new HashMap<>();
          byRun.forEach((run, parameters) -> result.put(run, List.copyOf(parameters.values())));
          return result;
        });
  }

  /** Each run's metric values, by name, then step, then source. */
  public Map<Long, List<Metric>> metrics(Collection<Long> runIds) {
    return database.read(
        sql -> {
          Map<Long, List<Metric>> byRun = new HashMap<>();
          for (List<Long> chunk : IdChunks.of(runIds)) {
            sql.select(
                    MNEMOS_METRIC.RUN_ID,
                    MNEMOS_METRIC.NAME,
                    MNEMOS_METRIC.STEP,
                    MNEMOS_METRIC.VALUE,
                    MNEMOS_METRIC.SOURCE_KIND,
                    MNEMOS_METRIC.SOURCE_ID,
                    MNEMOS_METRIC.EXECUTION_ID)
                .from(MNEMOS_METRIC)
                .where(MNEMOS_METRIC.RUN_ID.in(chunk), RunVisibility.metrics(scope))
                .orderBy(
                    MNEMOS_METRIC.NAME,
                    MNEMOS_METRIC.STEP,
                    MNEMOS_METRIC.SOURCE_KIND,
                    MNEMOS_METRIC.SOURCE_ID)
                .forEach(
                    row ->
                        byRun
                            .computeIfAbsent(row.value1(), id -> new ArrayList<>())
                            .add(
                                new Metric(
                                    row.value2(),
                                    row.value3(),
                                    row.value4(),
                                    NodeKind.ofCode(row.value5()),
                                    row.value6(),
                                    Optional.ofNullable(row.value7()))));
          }
          return byRun;
        });
  }

  /**
   * The runs side by side: parameters ordered by how many runs have them, then name; metrics by
   * name, each run's value being its best of that name as {@code direction} says. A name that one
   * of the runs records from two steps is split into one row per step ({@code train.loss}, {@code
   * evaluate.loss}).
   *
   * @throws StoreException NOT_FOUND when an id is not a run
   */
  public RunComparison compare(List<Long> runIds, MetricDirection direction) {
    Map<Long, Run> found = byIds(runIds);
    List<Long> missing = runIds.stream().filter(id -> !found.containsKey(id)).toList();
    if (!missing.isEmpty()) {
      throw StoreException.notFound("No runs with ids " + missing);
    }
    List<Run> runs = runIds.stream().map(found::get).toList();
    Map<Long, List<Parameter>> parameters = parameters(runIds);
    Map<Long, List<Metric>> metrics = metrics(runIds);
    Set<String> sharedNames = namesFromSeveralSteps(metrics.values());

    Map<String, String[]> parameterValues = new LinkedHashMap<>();
    Map<String, Double[]> metricValues = new TreeMap<>();
    Map<String, Boolean> lowerIsBetter = new HashMap<>();
    for (int i = 0; i < runIds.size(); i++) {
      long run = runIds.get(i);
      for (Parameter parameter : parameters.getOrDefault(run, List.of())) {
        parameterValues.computeIfAbsent(parameter.name(), name -> new String[runIds.size()])[i] =
            parameter.json();
      }
      for (Metric metric : metrics.getOrDefault(run, List.of())) {
        String label =
            sharedNames.contains(metric.name()) ? metric.key().qualified() : metric.name();
        boolean lower =
            lowerIsBetter.computeIfAbsent(
                label, l -> direction.lowerIsBetter(List.of(metric.key()), l));
        Double[] values = metricValues.computeIfAbsent(label, l -> new Double[runIds.size()]);
        values[i] =
            values[i] == null
                ? metric.value()
                : lower ? Math.min(values[i], metric.value()) : Math.max(values[i], metric.value());
      }
    }
    List<AlignedParameter> alignedParameters =
        parameterValues.entrySet().stream()
            .map(
                e ->
                    new AlignedParameter(
                        e.getKey(),
                        Arrays.asList(e.getValue()),
                        Arrays.stream(e.getValue()).distinct().count() > 1))
            .sorted(
                Comparator.comparingLong(
                        (AlignedParameter p) ->
                            -p.jsonValues().stream().filter(Objects::nonNull).count())
                    .thenComparing(AlignedParameter::name))
            .toList();
    List<AlignedMetric> alignedMetrics =
        metricValues.entrySet().stream()
            .map(
                e ->
                    new AlignedMetric(
                        e.getKey(),
                        Arrays.asList(e.getValue()),
                        lowerIsBetter.getOrDefault(e.getKey(), false)))
            .toList();
    return new RunComparison(runs, alignedParameters, alignedMetrics);
  }

  /** Names that some run records from more than one step. */
  private static Set<String> namesFromSeveralSteps(Collection<List<Metric>> runs) {
    Set<String> shared = new TreeSet<>();
    for (List<Metric> metrics : runs) {
      Map<String, Set<String>> steps = new HashMap<>();
      for (Metric metric : metrics) {
        if (steps.computeIfAbsent(metric.name(), name -> new TreeSet<>()).add(metric.step())
            && steps.get(metric.name()).size() > 1) {
          shared.add(metric.name());
        }
      }
    }
    return shared;
  }

  /**
   * The metric rows a name given with {@code filter} is resolved among: the filter's pipeline, the
   * values the scope sees.
   */
  static Condition metricsWithin(RunFilter filter, ReadScope scope) {
    return filter
        .pipeline()
        .map(MNEMOS_METRIC.PIPELINE_NAME::eq)
        .orElse(DSL.trueCondition())
        .and(RunVisibility.metrics(scope));
  }

  /**
   * The filter's conditions on runs; its parameter and metric tests see only {@code scope}'s.
   *
   * @throws StoreException INVALID_ARGUMENT when a metric test names a metric by a name two steps
   *     of a run record
   */
  static Condition conditionOf(DSLContext sql, RunFilter filter, ReadScope scope) {
    Condition where = DSL.trueCondition();
    if (filter.pipeline().isPresent()) {
      where =
          where
              .and(MNEMOS_RUN.PIPELINE_NAME.eq(filter.pipeline().get()))
              .and(RunVisibility.pipeline(scope, MNEMOS_RUN.RUN_ID, MNEMOS_RUN.PIPELINE_NAME));
    }
    if (filter.since().isPresent()) {
      where = where.and(MNEMOS_RUN.START_TIME_SINCE_EPOCH.ge(filter.since().get()));
    }
    if (filter.until().isPresent()) {
      where = where.and(MNEMOS_RUN.START_TIME_SINCE_EPOCH.lt(filter.until().get()));
    }
    if (!filter.states().isEmpty()) {
      where =
          where.and(
              MNEMOS_RUN.STATE.in(
                  filter.states().stream().map(s -> (long) s.getNumber()).toList()));
    }
    for (ParameterPredicate predicate : filter.parameters()) {
      where = where.and(DSL.exists(parameterMatch(predicate).and(RunVisibility.parameters(scope))));
    }
    for (MetricPredicate predicate : filter.metrics()) {
      MetricReference metric = new MetricReference(predicate.name());
      metric.requireUnambiguous(sql, metricsWithin(filter, scope));
      where =
          where.and(
              DSL.exists(
                  DSL.selectOne()
                      .from(MNEMOS_METRIC)
                      .where(MNEMOS_METRIC.RUN_ID.eq(MNEMOS_RUN.RUN_ID))
                      .and(metric.rows())
                      .and(compare(MNEMOS_METRIC.VALUE, predicate.op(), predicate.value()))
                      .and(RunVisibility.metrics(scope))));
    }
    return where;
  }

  private static SelectConditionStep<?> parameterMatch(ParameterPredicate predicate) {
    var match =
        DSL.selectOne()
            .from(MNEMOS_RUN_PARAMETER)
            .where(MNEMOS_RUN_PARAMETER.RUN_ID.eq(MNEMOS_RUN.RUN_ID))
            .and(MNEMOS_RUN_PARAMETER.NAME.eq(predicate.name()));
    String text = predicate.value();
    // Text parameters are stored as JSON strings, numbers and booleans bare.
    Condition equalsText =
        MNEMOS_RUN_PARAMETER
            .JSON_VALUE
            .eq(text)
            .or(MNEMOS_RUN_PARAMETER.JSON_VALUE.eq(new JsonPrimitive(text).toString()));
    return switch (predicate.op()) {
      case EQ -> match.and(equalsText);
      case NE -> match.and(DSL.not(equalsText));
      default -> {
        double number;
        try {
          number = Double.parseDouble(text.strip());
        } catch (NumberFormatException e) {
          throw StoreException.invalidArgument(
              "parameter "
                  + predicate.name()
                  + ": "
                  + predicate.op()
                  + " compares numbers, and '"
                  + text
                  + "' is not one");
        }
        yield match.and(compare(MNEMOS_RUN_PARAMETER.DOUBLE_VALUE, predicate.op(), number));
      }
    };
  }

  static Condition compare(Field<Double> field, Comparison op, double value) {
    return switch (op) {
      case EQ -> field.eq(value);
      case NE -> field.ne(value);
      case LT -> field.lt(value);
      case LE -> field.le(value);
      case GT -> field.gt(value);
      case GE -> field.ge(value);
    };
  }

  /** The run row's columns, its pipeline name where the scope sees the pipeline. */
  private List<Field<?>> columns() {
    List<Field<?>> columns = new ArrayList<>(List.of(MNEMOS_RUN.fields()));
    columns.remove(MNEMOS_RUN.PIPELINE_NAME);
    columns.add(
        RunVisibility.pipelineName(scope, MNEMOS_RUN.RUN_ID, MNEMOS_RUN.PIPELINE_NAME)
            .as(VISIBLE_PIPELINE));
    return columns;
  }

  private Run toRun(Record record) {
    Long end = record.get(MNEMOS_RUN.END_TIME_SINCE_EPOCH);
    return new Run(
        record.get(MNEMOS_RUN.RUN_ID),
        record.get(MNEMOS_RUN.NAME),
        Optional.ofNullable(record.get(VISIBLE_PIPELINE, String.class)),
        Execution.State.forNumber(record.get(MNEMOS_RUN.STATE).intValue()),
        record.get(MNEMOS_RUN.START_TIME_SINCE_EPOCH),
        Optional.ofNullable(end),
        record.get(MNEMOS_RUN.EXECUTION_COUNT));
  }
}
