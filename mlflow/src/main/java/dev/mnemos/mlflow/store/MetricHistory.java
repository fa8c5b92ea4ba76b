package dev.mnemos.mlflow.store;

import static dev.mnemos.migrations.mlflow.jooq.Tables.MNEMOS_MLFLOW_LATEST_METRIC;
import static dev.mnemos.migrations.mlflow.jooq.Tables.MNEMOS_MLFLOW_METRIC;

import dev.mnemos.migrations.mlflow.jooq.tables.records.MnemosMlflowLatestMetricRecord;
import dev.mnemos.mlflow.model.Metric;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jooq.DSLContext;
import org.jooq.Record;

/**
 * The metric history table and the latest value per run and key beside it. NaN is stored as 0 with
 * a flag and infinities as the largest finite doubles, as MLflow's SQL store keeps them (MySQL
 * cannot hold either), so both read back as MLflow's server answers them.
 */
final class MetricHistory {

  /** Rows of one multi-row insert: six parameters each, well within every backend's limit. */
  private static final int ROWS_PER_INSERT = 500;

  private MetricHistory() {}

  record Stored(double value, boolean nan) {
    static Stored of(double value) {
      if (Double.isNaN(value)) {
        return new Stored(0, true);
      }
      if (Double.isInfinite(value)) {
        return new Stored(value > 0 ? Double.MAX_VALUE : -Double.MAX_VALUE, false);
      }
      return new Stored(value, false);
    }

    double read() {
      return nan ? Double.NaN : value;
    }
  }

  /** A stored value as it reads back: NaN where the flag says so. */
  static double read(double value, boolean nan) {
    return new Stored(value, nan).read();
  }

  /**
   * Appends {@code metrics} to run {@code runId}'s history (a value logged again with the same key,
   * step, time and value is kept once, as in MLflow) and moves each key's latest value; returns the
   * latest value of each key logged, as stored (NaN, or the largest doubles for infinities).
   */
  static Map<String, Double> log(DSLContext sql, long runId, List<Metric> metrics) {
    Map<String, Double> latestValues = new LinkedHashMap<>();
    Map<String, List<Metric>> byKey = new LinkedHashMap<>();
    metrics.forEach(
        metric -> byKey.computeIfAbsent(metric.key(), key -> new ArrayList<>()).add(metric));
    for (Map.Entry<String, List<Metric>> entry : byKey.entrySet()) {
      String key = entry.getKey();
      MnemosMlflowLatestMetricRecord latest =
          sql.selectFrom(MNEMOS_MLFLOW_LATEST_METRIC)
              .where(
                  MNEMOS_MLFLOW_LATEST_METRIC.RUN_ID.eq(runId),
                  MNEMOS_MLFLOW_LATEST_METRIC.METRIC_KEY.eq(key))
              .fetchOne();
      boolean existed = latest != null;
      long before = existed ? latest.getValueCount() : 0;
      // A value logged before, or earlier in this batch, is kept once, as MLflow keeps it: the
      // table's key is the whole row, so the database skips what it holds already.
      long added = 0;
      List<Metric> values = entry.getValue();
      for (int from = 0; from < values.size(); from += ROWS_PER_INSERT) {
        var insert =
            sql.insertInto(
                MNEMOS_MLFLOW_METRIC,
                MNEMOS_MLFLOW_METRIC.RUN_ID,
                MNEMOS_MLFLOW_METRIC.METRIC_KEY,
                MNEMOS_MLFLOW_METRIC.VALUE,
                MNEMOS_MLFLOW_METRIC.IS_NAN,
                MNEMOS_MLFLOW_METRIC.STEP,
                MNEMOS_MLFLOW_METRIC.TIMESTAMP_MS);
        Set<List<Object>> rows = new HashSet<>();
        for (Metric metric :
            values.subList(from, Math.min(values.size(), from + ROWS_PER_INSERT))) {
          Stored stored = Stored.of(metric.value());
          if (rows.add(List.of(stored.value(), stored.nan(), metric.step(), metric.timestamp()))) {
            insert =
                insert.values(
                    runId, key, stored.value(), stored.nan(), metric.step(), metric.timestamp());
          }
          // A value stored before changes neither the latest, nor the smallest or largest.
          latest = moved(latest, runId, metric, stored);
        }
        added += insert.onDuplicateKeyIgnore().execute();
      }
      if (latest == null) {
        continue;
      }
      latest.setValueCount(before + added);
      latestValues.put(key, new Stored(latest.getValue(), latest.getIsNan()).read());
      if (existed) {
        latest.attach(sql.configuration());
        latest.update();
      } else {
        sql.insertInto(MNEMOS_MLFLOW_LATEST_METRIC).set(latest).execute();
      }
    }
    return latestValues;
  }

  /** The latest row after {@code metric}: MLflow's order is step, then time, then value. */
  private static MnemosMlflowLatestMetricRecord moved(
      MnemosMlflowLatestMetricRecord latest, long runId, Metric metric, Stored stored) {
    if (latest == null) {
      MnemosMlflowLatestMetricRecord first = new MnemosMlflowLatestMetricRecord();
      first.setRunId(runId);
      first.setMetricKey(metric.key());
      first.setValueCount(0L);
      return take(first, metric, stored, true);
    }
    boolean newer =
        metric.step() > latest.getStep()
            || (metric.step() == latest.getStep() && metric.timestamp() > latest.getTimestampMs())
            || (metric.step() == latest.getStep()
                && metric.timestamp() == latest.getTimestampMs()
                && stored.value() > latest.getValue());
    return take(latest, metric, stored, newer);
  }

  private static MnemosMlflowLatestMetricRecord take(
      MnemosMlflowLatestMetricRecord row, Metric metric, Stored stored, boolean newer) {
    if (newer) {
      row.setValue(stored.value());
      row.setIsNan(stored.nan());
      row.setStep(metric.step());
      row.setTimestampMs(metric.timestamp());
    }
    if (!stored.nan()) {
      row.setMinValue(
          row.getMinValue() == null ? stored.value() : Math.min(row.getMinValue(), stored.value()));
      row.setMaxValue(
          row.getMaxValue() == null ? stored.value() : Math.max(row.getMaxValue(), stored.value()));
    }
    return row;
  }

  /** The latest value of each metric of each run among {@code runIds}, by run, in key order. */
  static Map<Long, List<Metric>> latest(DSLContext sql, Collection<Long> runIds) {
    Map<Long, List<Metric>> found = new HashMap<>();
    if (runIds.isEmpty()) {
      return found;
    }
    sql.selectFrom(MNEMOS_MLFLOW_LATEST_METRIC)
        .where(MNEMOS_MLFLOW_LATEST_METRIC.RUN_ID.in(runIds))
        .orderBy(MNEMOS_MLFLOW_LATEST_METRIC.RUN_ID, MNEMOS_MLFLOW_LATEST_METRIC.METRIC_KEY)
        .forEach(
            row ->
                found
                    .computeIfAbsent(row.getRunId(), id -> new ArrayList<>())
                    .add(
                        new Metric(
                            row.getMetricKey(),
                            new Stored(row.getValue(), row.getIsNan()).read(),
                            row.getTimestampMs(),
                            row.getStep())));
    return found;
  }

  /**
   * One page of run {@code runId}'s history of {@code key}, in time order (then step, then value):
   * at most {@code limit} values after the first {@code offset}.
   */
  static List<Metric> history(DSLContext sql, long runId, String key, int offset, int limit) {
    return sql
        .select(
            MNEMOS_MLFLOW_METRIC.VALUE,
            MNEMOS_MLFLOW_METRIC.IS_NAN,
            MNEMOS_MLFLOW_METRIC.TIMESTAMP_MS,
            MNEMOS_MLFLOW_METRIC.STEP)
        .from(MNEMOS_MLFLOW_METRIC)
        .where(MNEMOS_MLFLOW_METRIC.RUN_ID.eq(runId), MNEMOS_MLFLOW_METRIC.METRIC_KEY.eq(key))
        .orderBy(
            MNEMOS_MLFLOW_METRIC.TIMESTAMP_MS,
            MNEMOS_MLFLOW_METRIC.STEP,
            MNEMOS_MLFLOW_METRIC.VALUE,
            MNEMOS_MLFLOW_METRIC.IS_NAN)
        .offset(offset)
        .limit(limit)
        .fetch(MetricHistory::metric)
        .stream()
        .map(metric -> new Metric(key, metric.value(), metric.timestamp(), metric.step()))
        .toList();
  }

  private static Metric metric(Record row) {
    return new Metric(
        "",
        new Stored(row.get(MNEMOS_MLFLOW_METRIC.VALUE), row.get(MNEMOS_MLFLOW_METRIC.IS_NAN))
            .read(),
        row.get(MNEMOS_MLFLOW_METRIC.TIMESTAMP_MS),
        row.get(MNEMOS_MLFLOW_METRIC.STEP));
  }

  /** Forgets the metrics of the runs among {@code runIds} (their contexts were deleted). */
  static void forget(DSLContext sql, Collection<Long> runIds) {
    sql.deleteFrom(MNEMOS_MLFLOW_METRIC).where(MNEMOS_MLFLOW_METRIC.RUN_ID.in(runIds)).execute();
    sql.deleteFrom(MNEMOS_MLFLOW_LATEST_METRIC)
        .where(MNEMOS_MLFLOW_LATEST_METRIC.RUN_ID.in(runIds))
        .execute();
  }
}
