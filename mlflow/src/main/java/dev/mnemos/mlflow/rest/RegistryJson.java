package dev.mnemos.mlflow.rest;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.mnemos.mlflow.model.ModelVersion;
import dev.mnemos.mlflow.model.RegisteredModel;

/** Registered models and versions as MLflow's server writes them: empty fields left out. */
final class RegistryJson {

  private RegistryJson() {}

  static JsonObject model(RegisteredModel model) {
    JsonObject json = new JsonObject();
    json.addProperty("name", model.name());
    json.addProperty("creation_timestamp", model.creationTime());
    if (model.lastUpdatedTime() != 0) {
      json.addProperty("last_updated_timestamp", model.lastUpdatedTime());
    }
    if (model.description() != null && !model.description().isEmpty()) {
      json.addProperty("description", model.description());
    }
    if (!model.latestVersions().isEmpty()) {
      JsonArray latest = new JsonArray();
      model.latestVersions().forEach(version -> latest.add(version(version)));
      json.add("latest_versions", latest);
    }
    MlflowJson.addPairs(json, "tags", model.tags());
    if (!model.aliases().isEmpty()) {
      JsonArray aliases = new JsonArray();
      model
          .aliases()
          .forEach(
              (alias, version) -> {
                JsonObject entry = new JsonObject();
                entry.addProperty("alias", alias);
                entry.addProperty("version", String.valueOf(version));
                aliases.add(entry);
              });
      json.add("aliases", aliases);
    }
    return json;
  }

  static JsonObject version(ModelVersion version) {
    JsonObject json = new JsonObject();
    json.addProperty("name", version.name());
    json.addProperty("version", String.valueOf(version.version()));
    json.addProperty("creation_timestamp", version.creationTime());
    json.addProperty("last_updated_timestamp", version.lastUpdatedTime());
    if (version.description() != null) {
      json.addProperty("description", version.description());
    }
    json.addProperty("current_stage", version.stage().wireName());
    json.addProperty("source", version.source());
    json.addProperty("run_id", version.runId());
    json.addProperty("status", "READY");
    MlflowJson.addPairs(json, "tags", version.tags());
    json.addProperty("run_link", version.runLink());
    if (!version.aliases().isEmpty()) {
      JsonArray aliases = new JsonArray();
      version.aliases().forEach(aliases::add);
      json.add("aliases", aliases);
    }
    return json;
  }

  static JsonObject wrapped(String field, RegisteredModel model) {
    JsonObject json = new JsonObject();
    json.add(field, model(model));
    return json;
  }

  static JsonObject wrapped(String field, ModelVersion version) {
    JsonObject json = new JsonObject();
    json.add(field, version(version));
    return json;
  }
}
