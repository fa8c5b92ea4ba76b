package dev.mnemos.mlflow.store;

import static dev.mnemos.migrations.mlflow.jooq.Tables.MNEMOS_MLFLOW_MODEL_METRIC;

import dev.mnemos.mlflow.model.Metric;
import dev.mnemos.mlflow.model.MlflowError;
import dev.mnemos.mlflow.model.ModelMetric;
import dev.mnemos.mlflow.model.TrackingException;
import dev.mnemos.server.model.Node;
import dev.mnemos.server.store.GraphWriter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;

/**
 * The metric values logged to logged models ({@code mnemos_mlflow_model_metric}): MLflow's metric
 * with a {@code model_id}, which also goes to its run's history. A value logged again with the same
 * key, time, step and run is kept once, as in MLflow; NaN reads back as 0 and the infinities as the
 * largest finite doubles, as MLflow's model metrics do.
 */
final class ModelMetrics {

  private ModelMetrics() {}

  /**
   * Records the values, in {@code writer}'s transaction; BAD_REQUEST for a value naming a model
   * that is not stored (MLflow's table refers to its models, and MLflow answers so).
   */
  static void log(GraphWriter writer, MlflowTypes types, List<ModelMetric> metrics) {
    Map<String, Long> artifacts = new HashMap<>();
    for (ModelMetric logged : metrics) {
      Long artifactId =
          artifacts.computeIfAbsent(
              logged.modelId(),
              id -> LoggedModels.node(writer, types, id).map(Node::storedId).orElse(null));
      if (artifactId == null) {
        throw new TrackingException(
            MlflowError.BAD_REQUEST,
            "A metric names the logged model '" + logged.modelId() + "', which does not exist");
      }
      Metric metric = logged.metric();
      MetricHistory.Stored stored = MetricHistory.Stored.of(metric.value());
      writer
          .sql()
          .insertInto(MNEMOS_MLFLOW_MODEL_METRIC)
          .set(MNEMOS_MLFLOW_MODEL_METRIC.ARTIFACT_ID, artifactId)
          .set(MNEMOS_MLFLOW_MODEL_METRIC.METRIC_KEY, metric.key())
          .set(MNEMOS_MLFLOW_MODEL_METRIC.TIMESTAMP_MS, metric.timestamp())
          .set(MNEMOS_MLFLOW_MODEL_METRIC.STEP, metric.step())
          .set(MNEMOS_MLFLOW_MODEL_METRIC.RUN_UUID, logged.runId())
          .set(MNEMOS_MLFLOW_MODEL_METRIC.VALUE, stored.value())
          .set(MNEMOS_MLFLOW_MODEL_METRIC.DATASET_NAME, logged.datasetName())
          .set(MNEMOS_MLFLOW_MODEL_METRIC.DATASET_DIGEST, logged.datasetDigest())
          .onDuplicateKeyIgnore()
          .execute();
    }
  }

  /** The values logged to each of the models' artifacts, by key, then time, step and run. */
  static Map<Long, List<ModelMetric>> read(
      DSLContext sql, Collection<Long> artifactIds, Map<Long, String> modelIds) {
    Map<Long, List<ModelMetric>> found = new HashMap<>();
    if (artifactIds.isEmpty()) {
      return found;
    }
    var m = MNEMOS_MLFLOW_MODEL_METRIC;
    sql.selectFrom(m)
        .where(m.ARTIFACT_ID.in(artifactIds))
        .orderBy(m.ARTIFACT_ID, m.METRIC_KEY, m.TIMESTAMP_MS, m.STEP, m.RUN_UUID)
        .fetch()
        .forEach(
            row ->
                found
                    .computeIfAbsent(row.getArtifactId(), id -> new ArrayList<>())
                    .add(
                        new ModelMetric(
                            modelIds.getOrDefault(row.getArtifactId(), ""),
                            new Metric(
                                row.getMetricKey(),
                                row.getValue(),
                                row.getTimestampMs(),
                                row.getStep()),
                            row.getRunUuid(),
                            row.getDatasetName(),
                            row.getDatasetDigest())));
    return found;
  }

  /** Forgets the values of model artifacts the store deleted. */
  static void forget(DSLContext sql, Collection<Long> artifactIds) {
    sql.deleteFrom(MNEMOS_MLFLOW_MODEL_METRIC)
        .where(MNEMOS_MLFLOW_MODEL_METRIC.ARTIFACT_ID.in(artifactIds))
        .execute();
  }
}
