package dev.mnemos.mlflow.rest;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.mnemos.mlflow.model.Dataset;
import dev.mnemos.mlflow.model.DatasetInput;
import dev.mnemos.mlflow.model.Experiment;
import dev.mnemos.mlflow.model.LoggedModel;
import dev.mnemos.mlflow.model.Metric;
import dev.mnemos.mlflow.model.ModelMetric;
import dev.mnemos.mlflow.model.ModelOutput;
import dev.mnemos.mlflow.model.Run;
import dev.mnemos.mlflow.model.RunInfo;
import java.util.List;
import java.util.Map;

/**
 * MLflow's JSON for the tracking entities: proto field names, 64-bit integers as numbers, empty
 * lists left out, NaN and the infinities as strings.
 */
final class MlflowJson {

  private MlflowJson() {}

  static JsonObject experiment(Experiment experiment) {
    JsonObject json = new JsonObject();
    json.addProperty("experiment_id", experiment.id());
    json.addProperty("name", experiment.name());
    json.addProperty("artifact_location", experiment.artifactLocation());
    json.addProperty("lifecycle_stage", experiment.lifecycleStage().wireName());
    json.addProperty("last_update_time", experiment.lastUpdateTime());
    json.addProperty("creation_time", experiment.creationTime());
    addPairs(json, "tags", experiment.tags());
    return json;
  }

  static JsonObject run(Run run) {
    JsonObject json = new JsonObject();
    json.add("info", info(run.info()));
    JsonObject data = new JsonObject();
    if (!run.metrics().isEmpty()) {
      data.add("metrics", metrics(run.metrics()));
    }
    addPairs(data, "params", run.params());
    addPairs(data, "tags", run.tags());
    json.add("data", data);
    JsonObject inputs = inputs(run.inputs());
    if (!run.modelInputs().isEmpty()) {
      JsonArray models = new JsonArray();
      run.modelInputs().forEach(id -> models.add(modelId(id)));
      inputs.add("model_inputs", models);
    }
    json.add("inputs", inputs);
    JsonObject outputs = new JsonObject();
    if (!run.modelOutputs().isEmpty()) {
      JsonArray models = new JsonArray();
      for (ModelOutput output : run.modelOutputs()) {
        JsonObject model = modelId(output.modelId());
        model.addProperty("step", output.step());
        models.add(model);
      }
      outputs.add("model_outputs", models);
    }
    json.add("outputs", outputs);
    return json;
  }

  private static JsonObject modelId(String id) {
    JsonObject json = new JsonObject();
    json.addProperty("model_id", id);
    return json;
  }

  /** A logged model: its info (with its tags) and its data (params and metrics). */
  static JsonObject loggedModel(LoggedModel model) {
    JsonObject info = new JsonObject();
    info.addProperty("model_id", model.modelId());
    info.addProperty("experiment_id", model.experimentId());
    info.addProperty("name", model.name());
    info.addProperty("creation_timestamp_ms", model.creationTime());
    info.addProperty("last_updated_timestamp_ms", model.lastUpdatedTime());
    info.addProperty("artifact_uri", model.artifactUri());
    info.addProperty("status", model.status().name());
    info.addProperty("model_type", model.modelType());
    info.addProperty("source_run_id", model.sourceRunId());
    addPairs(info, "tags", model.tags());
    JsonObject data = new JsonObject();
    addPairs(data, "params", model.params());
    if (!model.metrics().isEmpty()) {
      JsonArray metrics = new JsonArray();
      for (ModelMetric logged : model.metrics()) {
        JsonObject metric = metric(logged.metric());
        if (logged.datasetName() != null) {
          metric.addProperty("dataset_name", logged.datasetName());
        }
        if (logged.datasetDigest() != null) {
          metric.addProperty("dataset_digest", logged.datasetDigest());
        }
        metric.addProperty("model_id", logged.modelId());
        metric.addProperty("run_id", logged.runId());
        metrics.add(metric);
      }
      data.add("metrics", metrics);
    }
    JsonObject json = new JsonObject();
    json.add("info", info);
    json.add("data", data);
    return json;
  }

  /** A run's inputs: its datasets, each with the tags of its use. */
  private static JsonObject inputs(List<DatasetInput> inputs) {
    JsonObject json = new JsonObject();
    if (inputs.isEmpty()) {
      return json;
    }
    JsonArray datasets = new JsonArray();
    for (DatasetInput input : inputs) {
      JsonObject item = new JsonObject();
      if (!input.tags().isEmpty()) {
        JsonArray tags = new JsonArray();
        input.tags().forEach(tag -> tags.add(pair(tag.getKey(), tag.getValue())));
        item.add("tags", tags);
      }
      Dataset dataset = input.dataset();
      JsonObject fields = new JsonObject();
      fields.addProperty("name", dataset.name());
      fields.addProperty("digest", dataset.digest());
      fields.addProperty("source_type", dataset.sourceType());
      fields.addProperty("source", dataset.source());
      if (dataset.schema() != null) {
        fields.addProperty("schema", dataset.schema());
      }
      if (dataset.profile() != null) {
        fields.addProperty("profile", dataset.profile());
      }
      item.add("dataset", fields);
      datasets.add(item);
    }
    json.add("dataset_inputs", datasets);
    return json;
  }

  static JsonObject info(RunInfo info) {
    JsonObject json = new JsonObject();
    json.addProperty("run_uuid", info.runId());
    json.addProperty("experiment_id", info.experimentId());
    json.addProperty("run_name", info.runName());
    json.addProperty("user_id", info.userId());
    json.addProperty("status", info.status().name());
    json.addProperty("start_time", info.startTime());
    if (info.endTime() != null) {
      json.addProperty("end_time", info.endTime());
    }
    json.addProperty("artifact_uri", info.artifactUri());
    json.addProperty("lifecycle_stage", info.lifecycleStage().wireName());
    json.addProperty("run_id", info.runId());
    return json;
  }

  static JsonArray metrics(List<Metric> metrics) {
    JsonArray array = new JsonArray();
    metrics.forEach(metric -> array.add(metric(metric)));
    return array;
  }

  static JsonObject metric(Metric metric) {
    JsonObject json = new JsonObject();
    json.addProperty("key", metric.key());
    double value = metric.value();
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      json.addProperty("value", Double.isNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity");
    } else {
      json.addProperty("value", value);
    }
    json.addProperty("timestamp", metric.timestamp());
    json.addProperty("step", metric.step());
    return json;
  }

  static void addPairs(JsonObject json, String name, Map<String, String> pairs) {
    if (pairs.isEmpty()) {
      return;
    }
    JsonArray array = new JsonArray();
    pairs.forEach((key, value) -> array.add(pair(key, value)));
    json.add(name, array);
  }

  private static JsonObject pair(String key, String value) {
    JsonObject pair = new JsonObject();
    pair.addProperty("key", key);
    pair.addProperty("value", value);
    return pair;
  }
}
