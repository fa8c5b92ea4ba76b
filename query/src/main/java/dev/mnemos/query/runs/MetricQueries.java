package dev.mnemos.query.runs;

import static dev.mnemos.migrations.summary.jooq.Tables.MNEMOS_METRIC;
import static dev.mnemos.migrations.summary.jooq.Tables.MNEMOS_RUN;

import dev.mnemos.migrations.NodeKind;
import dev.mnemos.query.runs.RunModel.RunFilter;
import dev.mnemos.server.scope.ReadScope;
import dev.mnemos.server.store.Database;
import dev.mnemos.server.store.GraphReads;
import dev.mnemos.server.store.GraphReads.MembershipView;
import dev.mnemos.server.store.GraphReads.NameView;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record3;
import org.jooq.Select;
import org.jooq.impl.DSL;

/**
 * Aggregates of one scalar metric over the summary tables, grouped by pipeline, run, execution type
 * or context. MIN, MAX, AVG, SUM and COUNT run in the database; percentiles read the group's sorted
 * values (nearest rank).
 */
public final class MetricQueries {

  public enum GroupBy {
    PIPELINE,
    RUN,
    EXECUTION_TYPE,
    CONTEXT
  }

  public enum Function {
    MIN,
    MAX,
    AVG,
    SUM,
    COUNT,
    P50,
    P90
  }

  /**
   * One group: its name (pipeline, run, execution type or context name), its id when it has one,
   * the aggregate (empty when the group has no values), and the number of values.
   */
  public record Group(
      Optional<String> key, Optional<Long> id, Optional<Double> value, long count) {}

  /** Metric names listed at most. */
  private static final int MAX_NAMES = 1000;

  private static final Field<Long> GROUP_ID = DSL.field(DSL.name("group_id"), Long.class);
  private static final Field<String> GROUP_KEY = DSL.field(DSL.name("group_key"), String.class);
  private static final Field<Double> VALUE = DSL.field(DSL.name("metric_value"), Double.class);

  private final Database database;
  private final ReadScope readScope;

  public MetricQueries(Database database) {
    this(database, ReadScope.EVERYTHING);
  }

  private MetricQueries(Database database, ReadScope readScope) {
    this.database = database;
    this.readScope = readScope;
  }

  /** The same queries over the runs and values {@code readScope} sees. */
  public MetricQueries scopedTo(ReadScope readScope) {
    return readScope == this.readScope ? this : new MetricQueries(database, readScope);
  }

  /**
   * {@code function} of the values of {@code metric} in runs matching {@code scope} (the parameter
   * and metric predicates of the filter apply too), per group, largest group first for COUNT (then
   * by key) and by key otherwise.
   *
   * @throws StoreException INVALID_ARGUMENT for an empty metric name, or a name two steps of a run
   *     in scope record (then {@code step.name} says which)
   */
  public List<Group> aggregate(
      String metric, GroupBy groupBy, Function function, RunFilter scope, Set<Long> runIds) {
    MetricReference reference = new MetricReference(metric);
    return database.read(
        sql -> {
          Condition within = RunQueries.metricsWithin(scope, readScope);
          if (!runIds.isEmpty()) {
            within = within.and(MNEMOS_METRIC.RUN_ID.in(runIds));
          }
          reference.requireUnambiguous(sql, within);
          var values =
              groupedValues(sql, reference, groupBy, scope, runIds, readScope).asTable("grouped");
          Field<Long> id = values.field(GROUP_ID);
          Field<String> key = values.field(GROUP_KEY);
          Field<Double> value = values.field(VALUE);
          if (function == Function.P50 || function == Function.P90) {
            Map<List<Object>, List<Double>> groups = new LinkedHashMap<>();
            sql.select(id, key, value)
                .from(values)
                .orderBy(key, id, value)
                .forEach(
                    row ->
                        groups
                            .computeIfAbsent(
                                Arrays.asList(row.value1(), row.value2()), k -> new ArrayList<>())
                            .add(row.value3()));
            double rank = function == Function.P50 ? 0.5 : 0.9;
            List<Group> result = new ArrayList<>();
            groups.forEach(
                (group, sorted) ->
                    result.add(
                        new Group(
                            Optional.ofNullable((String) group.get(1)),
                            Optional.ofNullable((Long) group.get(0)),
                            Optional.of(nearestRank(sorted, rank)),
                            sorted.size())));
            return result;
          }
          Field<Double> aggregate =
              switch (function) {
                case MIN -> DSL.min(value);
                case MAX -> DSL.max(value);
                // coerce, not cast: MySQL would cast to DECIMAL and drop the fraction.
                case AVG -> DSL.avg(value).coerce(Double.class);
                case SUM -> DSL.sum(value).coerce(Double.class);
                case COUNT -> DSL.count().coerce(Double.class);
                case P50, P90 -> throw new IllegalStateException();
              };
          var count = DSL.count();
          return sql.select(id, key, aggregate, count)
              .from(values)
              .groupBy(id, key)
              // Ties of COUNT go by key: a grouping without ids (pipelines) must not leave the
              // order to the database.
              .orderBy(function == Function.COUNT ? count.desc() : key.asc(), key.asc(), id.asc())
              .fetch(
                  row ->
                      new Group(
                          Optional.ofNullable(row.value2()),
                          Optional.ofNullable(row.value1()),
                          Optional.ofNullable(row.value3()),
                          row.value4()));
        });
  }

  /**
   * The metrics recorded in runs of {@code pipeline} (all runs when empty), most used first, each
   * as a query names it: by name alone, or by {@code step.name} where some run records the name
   * from two steps.
   */
  public List<String> names(Optional<String> pipeline) {
    return database.read(
        sql -> {
          Condition where =
              pipeline
                  .map(
                      name ->
                          MNEMOS_METRIC
                              .PIPELINE_NAME
                              .eq(name)
                              .and(
                                  RunVisibility.pipeline(
                                      readScope,
                                      MNEMOS_METRIC.RUN_ID,
                                      MNEMOS_METRIC.PIPELINE_NAME)))
                  .orElse(DSL.trueCondition())
                  .and(RunVisibility.metrics(readScope));
          Set<String> fromSeveralSteps =
              new HashSet<>(
                  sql.select(MNEMOS_METRIC.NAME)
                      .from(MNEMOS_METRIC)
                      .where(where)
                      .groupBy(MNEMOS_METRIC.RUN_ID, MNEMOS_METRIC.NAME)
                      .having(DSL.min(MNEMOS_METRIC.STEP).ne(DSL.max(MNEMOS_METRIC.STEP)))
                      .fetch(MNEMOS_METRIC.NAME));
          var count = DSL.count();
          Map<String, Integer> counts = new LinkedHashMap<>();
          sql.select(MNEMOS_METRIC.NAME, MNEMOS_METRIC.STEP, count)
              .from(MNEMOS_METRIC)
              .where(where)
              .groupBy(MNEMOS_METRIC.NAME, MNEMOS_METRIC.STEP)
              .forEach(
                  row -> {
                    MetricKey key = new MetricKey(row.value2(), row.value1());
                    counts.merge(
                        fromSeveralSteps.contains(key.name()) ? key.qualified() : key.name(),
                        row.value3(),
                        Integer::sum);
                  });
          return counts.entrySet().stream()
              .sorted(
                  Map.Entry.<String, Integer>comparingByValue()
                      .reversed()
                      .thenComparing(Map.Entry.comparingByKey()))
              .limit(MAX_NAMES)
              .map(Map.Entry::getKey)
              .toList();
        });
  }

  /** (group id, group key, value) of every value of the metric in scope. */
  private static Select<Record3<Long, String, Double>> groupedValues(
      DSLContext sql,
      MetricReference metric,
      GroupBy groupBy,
      RunFilter scope,
      Set<Long> runIds,
      ReadScope readScope) {
    Condition where =
        metric
            .rows()
            .and(RunQueries.conditionOf(sql, scope, readScope))
            .and(RunVisibility.metrics(readScope));
    if (!runIds.isEmpty()) {
      where = where.and(MNEMOS_METRIC.RUN_ID.in(runIds));
    }
    return switch (groupBy) {
      case PIPELINE ->
          DSL.select(
                  DSL.inline((Long) null).as(GROUP_ID),
                  RunVisibility.pipelineName(
                          readScope, MNEMOS_METRIC.RUN_ID, MNEMOS_METRIC.PIPELINE_NAME)
                      .as(GROUP_KEY),
                  MNEMOS_METRIC.VALUE.as(VALUE))
              .from(MNEMOS_METRIC)
              .join(MNEMOS_RUN)
              .on(MNEMOS_RUN.RUN_ID.eq(MNEMOS_METRIC.RUN_ID))
              .where(where);
      case RUN ->
          DSL.select(
                  MNEMOS_METRIC.RUN_ID.as(GROUP_ID),
                  MNEMOS_RUN.NAME.as(GROUP_KEY),
                  MNEMOS_METRIC.VALUE.as(VALUE))
              .from(MNEMOS_METRIC)
              .join(MNEMOS_RUN)
              .on(MNEMOS_RUN.RUN_ID.eq(MNEMOS_METRIC.RUN_ID))
              .where(where);
      case EXECUTION_TYPE -> {
        NameView types = GraphReads.typeNames();
        yield DSL.select(
                MNEMOS_METRIC.EXECUTION_TYPE_ID.as(GROUP_ID),
                types.name().as(GROUP_KEY),
                MNEMOS_METRIC.VALUE.as(VALUE))
            .from(MNEMOS_METRIC)
            .join(MNEMOS_RUN)
            .on(MNEMOS_RUN.RUN_ID.eq(MNEMOS_METRIC.RUN_ID))
            .leftJoin(types.table())
            .on(types.id().eq(MNEMOS_METRIC.EXECUTION_TYPE_ID))
            .where(where);
      }
      case CONTEXT ->
          byContext(NodeKind.ARTIFACT, where, readScope)
              .unionAll(byContext(NodeKind.EXECUTION, where, readScope));
    };
  }

  /** The values recorded on artifacts or executions, once per context their source belongs to. */
  private static Select<Record3<Long, String, Double>> byContext(
      NodeKind sourceKind, Condition where, ReadScope readScope) {
    MembershipView members = GraphReads.memberships(sourceKind);
    NameView contexts = GraphReads.contextNames();
    return DSL.select(
            contexts.id().as(GROUP_ID),
            contexts.name().as(GROUP_KEY),
            MNEMOS_METRIC.VALUE.as(VALUE))
        .from(MNEMOS_METRIC)
        .join(MNEMOS_RUN)
        .on(MNEMOS_RUN.RUN_ID.eq(MNEMOS_METRIC.RUN_ID))
        .join(members.table())
        .on(members.memberId().eq(MNEMOS_METRIC.SOURCE_ID))
        .join(contexts.table())
        .on(contexts.id().eq(members.contextId()))
        .where(where)
        .and(MNEMOS_METRIC.SOURCE_KIND.eq(sourceKind.code()))
        .and(readScope.visible(NodeKind.CONTEXT, contexts.id()));
  }

  private static double nearestRank(List<Double> sorted, double rank) {
    int index = (int) Math.ceil(rank * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
  }
}
