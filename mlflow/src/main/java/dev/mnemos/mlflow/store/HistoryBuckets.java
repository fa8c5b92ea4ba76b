package dev.mnemos.mlflow.store;

import static dev.mnemos.migrations.mlflow.jooq.Tables.MNEMOS_MLFLOW_METRIC;
import static org.jooq.impl.DSL.count;
import static org.jooq.impl.DSL.max;
import static org.jooq.impl.DSL.min;
import static org.jooq.impl.DSL.ntile;
import static org.jooq.impl.DSL.rowNumber;
import static org.jooq.impl.DSL.select;
import static org.jooq.impl.DSL.when;

import dev.mnemos.mlflow.model.HistoryBucket;
import dev.mnemos.mlflow.model.Metric;
import dev.mnemos.mlflow.model.StepRange;
import java.util.ArrayList;
import java.util.List;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record4;
import org.jooq.SortField;
import org.jooq.Table;
import org.jspecify.annotations.Nullable;

/**
 * A run's history of one metric cut, in the database, into buckets of equal count, so a chart of a
 * million values costs the server a few hundred rows: the values (optionally only those of steps in
 * a range) in step, time, value order, split by SQL's {@code NTILE}. {@link #sample} is MLflow's
 * sampling for {@code metrics/get-history-bulk-interval} (the first value of each bucket, and the
 * last value always), so the same history gives the same points from both; {@link #summarize} keeps
 * what a chart needs of every bucket (span, first, last, min, max), so a spike between two sampled
 * points is not lost.
 */
final class HistoryBuckets {

  private HistoryBuckets() {}

  private static final String BUCKET = "bucket";
  private static final String FROM_START = "from_start";
  private static final String FROM_END = "from_end";

  /** At most {@code points} values of {@code key} of the run with context {@code runId}. */
  static List<Metric> sample(
      DSLContext sql, long runId, String key, @Nullable StepRange steps, int points) {
    Condition where = where(runId, key, steps);
    Table<?> ranked = ranked(where, points);
    List<Record4<Double, Boolean, Long, Long>> rows =
        new ArrayList<>(
            sql.select(
                    ranked.field(MNEMOS_MLFLOW_METRIC.VALUE),
                    ranked.field(MNEMOS_MLFLOW_METRIC.IS_NAN),
                    ranked.field(MNEMOS_MLFLOW_METRIC.TIMESTAMP_MS),
                    ranked.field(MNEMOS_MLFLOW_METRIC.STEP))
                .from(ranked)
                .where(ranked.field(FROM_START, Integer.class).eq(1))
                .orderBy(order(ranked))
                .fetch());
    // A bucket's first value is never the history's last unless buckets hold one value each.
    Record4<Double, Boolean, Long, Long> last =
        sql.select(
                MNEMOS_MLFLOW_METRIC.VALUE,
                MNEMOS_MLFLOW_METRIC.IS_NAN,
                MNEMOS_MLFLOW_METRIC.TIMESTAMP_MS,
                MNEMOS_MLFLOW_METRIC.STEP)
            .from(MNEMOS_MLFLOW_METRIC)
            .where(where)
            .orderBy(
                MNEMOS_MLFLOW_METRIC.STEP.desc(),
                MNEMOS_MLFLOW_METRIC.TIMESTAMP_MS.desc(),
                MNEMOS_MLFLOW_METRIC.VALUE.desc(),
                MNEMOS_MLFLOW_METRIC.IS_NAN.desc())
            .limit(1)
            .fetchOne();
    if (last != null && (rows.isEmpty() || !rows.getLast().equals(last))) {
      if (rows.size() >= points) {
        rows.set(rows.size() - 1, last);
      } else {
        rows.add(last);
      }
    }
    return rows.stream()
        .map(
            row ->
                new Metric(
                    key,
                    MetricHistory.read(row.value1(), row.value2()),
                    row.value3(),
                    row.value4()))
        .toList();
  }

  /** The history of {@code key} of the run with context {@code runId} in {@code buckets}. */
  static List<HistoryBucket> summarize(
      DSLContext sql, long runId, String key, @Nullable StepRange steps, int buckets) {
    Table<?> ranked = ranked(where(runId, key, steps), buckets);
    Field<Double> value = ranked.field(MNEMOS_MLFLOW_METRIC.VALUE);
    Condition nan = ranked.field(MNEMOS_MLFLOW_METRIC.IS_NAN).isTrue();
    Condition first = ranked.field(FROM_START, Integer.class).eq(1);
    Condition last = ranked.field(FROM_END, Integer.class).eq(1);
    Field<Long> step = ranked.field(MNEMOS_MLFLOW_METRIC.STEP);
    Field<?> bucket = ranked.field(BUCKET);
    return sql.select(
            min(step),
            max(step),
            count(),
            max(when(first.and(nan.not()), value)),
            max(when(last.and(nan.not()), value)),
            min(when(nan.not(), value)),
            max(when(nan.not(), value)))
        .from(ranked)
        .groupBy(bucket)
        .orderBy(bucket)
        .fetch(
            row ->
                new HistoryBucket(
                    row.value1(),
                    row.value2(),
                    row.value3(),
                    row.value4() == null ? Double.NaN : row.value4(),
                    row.value5() == null ? Double.NaN : row.value5(),
                    row.value6(),
                    row.value7()));
  }

  private static Condition where(long runId, String key, @Nullable StepRange steps) {
    Condition where =
        MNEMOS_MLFLOW_METRIC.RUN_ID.eq(runId).and(MNEMOS_MLFLOW_METRIC.METRIC_KEY.eq(key));
    return steps == null
        ? where
        : where.and(MNEMOS_MLFLOW_METRIC.STEP.between(steps.first(), steps.last()));
  }

  /**
   * The values {@code where} selects, each with its bucket of {@code count} and its place from the
   * bucket's start and from its end (1: first, last).
   */
  private static Table<?> ranked(Condition where, int count) {
    Table<?> bucketed =
        select(
                MNEMOS_MLFLOW_METRIC.VALUE,
                MNEMOS_MLFLOW_METRIC.IS_NAN,
                MNEMOS_MLFLOW_METRIC.TIMESTAMP_MS,
                MNEMOS_MLFLOW_METRIC.STEP,
                ntile(count).over().orderBy(order(MNEMOS_MLFLOW_METRIC, false)).as(BUCKET))
            .from(MNEMOS_MLFLOW_METRIC)
            .where(where)
            .asTable("bucketed");
    return select(
            bucketed.field(MNEMOS_MLFLOW_METRIC.VALUE),
            bucketed.field(MNEMOS_MLFLOW_METRIC.IS_NAN),
            bucketed.field(MNEMOS_MLFLOW_METRIC.TIMESTAMP_MS),
            bucketed.field(MNEMOS_MLFLOW_METRIC.STEP),
            bucketed.field(BUCKET),
            rowNumber()
                .over()
                .partitionBy(bucketed.field(BUCKET))
                .orderBy(order(bucketed, false))
                .as(FROM_START),
            rowNumber()
                .over()
                .partitionBy(bucketed.field(BUCKET))
                .orderBy(order(bucketed, true))
                .as(FROM_END))
        .from(bucketed)
        .asTable("ranked");
  }

  private static List<SortField<?>> order(Table<?> table) {
    return order(table, false);
  }

  /** The history's order, step then time then value, over {@code table}'s copy of its columns. */
  private static List<SortField<?>> order(Table<?> table, boolean descending) {
    List<SortField<?>> order = new ArrayList<>();
    for (Field<?> column :
        List.of(
            MNEMOS_MLFLOW_METRIC.STEP,
            MNEMOS_MLFLOW_METRIC.TIMESTAMP_MS,
            MNEMOS_MLFLOW_METRIC.VALUE,
            MNEMOS_MLFLOW_METRIC.IS_NAN)) {
      Field<?> field = table.field(column);
      order.add(descending ? field.desc() : field.asc());
    }
    return order;
  }
}
