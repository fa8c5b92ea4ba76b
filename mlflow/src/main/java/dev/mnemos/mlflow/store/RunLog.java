package dev.mnemos.mlflow.store;

import static dev.mnemos.mlflow.store.MlflowTypes.PARAM_PREFIX;
import static dev.mnemos.mlflow.store.MlflowTypes.RUN_NAME;
import static dev.mnemos.mlflow.store.MlflowTypes.TAG_PREFIX;

import dev.mnemos.mlflow.model.Metric;
import dev.mnemos.mlflow.model.ModelMetric;
import dev.mnemos.mlflow.store.RunNodes.StoredRun;
import dev.mnemos.proto.mlmd.Value;
import dev.mnemos.server.errors.StoreException;
import dev.mnemos.server.model.Node;
import dev.mnemos.server.store.MetadataStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Logging to a run (MLflow's log-batch, and log-metric, log-parameter and set-tag as batches of
 * one): MLflow's checks first, then one transaction. A metric value that names a logged model goes
 * to the run's history and to the model's metrics. The run's execution keeps its params and the
 * latest value of each metric as properties, so the run summaries, GraphQL and every MLMD client
 * read them as they read a pipeline step's.
 */
final class RunLog {

  private final MetadataStore store;
  private final MlflowTypes types;
  private final Runs runs;

  RunLog(MetadataStore store, MlflowTypes types, Runs runs) {
    this.store = store;
    this.types = types;
    this.runs = runs;
  }

  void log(
      String runId,
      List<Metric> metrics,
      List<ModelMetric> modelMetrics,
      List<Map.Entry<String, String>> params,
      List<Map.Entry<String, String>> tags) {
    Map<String, String> newParams = checked(metrics, params, tags);
    store.write(
        writer -> {
          StoredRun run = runs.active(writer, runId);
          ModelMetrics.log(writer, types, modelMetrics);
          Map<String, Value> execution = new HashMap<>(run.execution().customProperties());
          putParams(run, runId, newParams, execution);
          if (!tags.isEmpty()) {
            writer.update(tagged(run, tags));
          }
          if (!metrics.isEmpty()) {
            MetricHistory.log(writer.sql(), run.contextId(), metrics)
                .forEach(
                    (key, latest) -> {
                      // A metric named like a param would read as one; NaN has no MLMD double.
                      if (!key.startsWith(PARAM_PREFIX) && !Double.isNaN(latest)) {
                        execution.put(key, Value.newBuilder().setDoubleValue(latest).build());
                      }
                    });
          }
          if (!execution.equals(run.execution().customProperties())) {
            writer.update(run.execution().withProperties(run.execution().properties(), execution));
          }
          return null;
        });
  }

  /** MLflow's checks of a batch, before any is written; the params by key. */
  private static Map<String, String> checked(
      List<Metric> metrics,
      List<Map.Entry<String, String>> params,
      List<Map.Entry<String, String>> tags) {
    Validation.batch(metrics.size(), params.size(), tags.size());
    for (int i = 0; i < metrics.size(); i++) {
      Validation.metric(
          metrics.get(i),
          metrics.size() == 1 && params.isEmpty() && tags.isEmpty() ? "" : "metrics[" + i + "]");
    }
    Map<String, String> newParams = new LinkedHashMap<>();
    List<String> repeated = new ArrayList<>();
    for (int i = 0; i < params.size(); i++) {
      Map.Entry<String, String> param = params.get(i);
      Validation.param(param.getKey(), param.getValue(), "params[" + i + "]");
      if (newParams.putIfAbsent(param.getKey(), param.getValue()) != null) {
        repeated.add(param.getKey());
      }
    }
    if (!repeated.isEmpty()) {
      throw StoreException.invalidArgument(
          "Duplicate parameter keys have been submitted: "
              + repeated
              + ". Please ensure the request contains only one param value per param key.");
    }
    for (int i = 0; i < tags.size(); i++) {
      Validation.tag(tags.get(i).getKey(), tags.get(i).getValue(), "tags[" + i + "]");
    }
    return newParams;
  }

  /** A param is logged once: the same value again is nothing, another value is refused. */
  private static void putParams(
      StoredRun run, String runId, Map<String, String> newParams, Map<String, Value> execution) {
    Map<String, String> stored = run.params();
    List<String> changed = new ArrayList<>();
    newParams.forEach(
        (key, value) -> {
          String old = stored.get(key);
          if (old != null && !old.equals(value)) {
            changed.add(
                "{'key': '" + key + "', 'old_value': '" + old + "', 'new_value': '" + value + "'}");
          }
          execution.put(PARAM_PREFIX + key, Values.text(value));
        });
    if (!changed.isEmpty()) {
      throw StoreException.invalidArgument(
          "Changing param values is not allowed. Params were already logged='"
              + changed
              + "' for run ID='"
              + runId
              + "'.");
    }
  }

  /** The run's context with {@code tags} set; the run-name tag renames the run, unless empty. */
  private static Node tagged(StoredRun run, List<Map.Entry<String, String>> tags) {
    Map<String, Value> properties = new HashMap<>(run.context().properties());
    Map<String, Value> custom = new HashMap<>(run.context().customProperties());
    for (Map.Entry<String, String> tag : tags) {
      if (tag.getKey().equals(Runs.RUN_NAME_TAG)) {
        if (!tag.getValue().isEmpty()) {
          properties.put(RUN_NAME, Values.text(tag.getValue()));
          custom.put(TAG_PREFIX + Runs.RUN_NAME_TAG, Values.text(tag.getValue()));
        }
        continue;
      }
      custom.put(TAG_PREFIX + tag.getKey(), Values.text(tag.getValue()));
    }
    return ExperimentNodes.copy(
        run.context(), run.runId(), run.context().externalId(), properties, custom);
  }
}
