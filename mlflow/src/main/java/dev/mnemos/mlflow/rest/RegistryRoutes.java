package dev.mnemos.mlflow.rest;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.mnemos.mlflow.store.TrackingStore;
import java.util.function.Function;

/**
 * The model registry's endpoints ({@code /registered-models/...}, {@code /model-versions/...}); the
 * registry is asked for at each call, so that nothing is written before the API's first use.
 */
final class RegistryRoutes {

  private static final String MODEL = "registered_model";
  private static final String VERSION = "model_version";

  private RegistryRoutes() {}

  static void addTo(MlflowRoutes routes, TrackingStore store) {
    addModels(routes, store);
    addAliases(routes, store);
    addVersions(routes, store);
  }

  private static void addModels(MlflowRoutes routes, TrackingStore store) {
    routes.add(
        "POST",
        "/registered-models/create",
        request ->
            RegistryJson.wrapped(
                MODEL,
                store
                    .registry()
                    .createModel(
                        request.required("name"),
                        request.pairs("tags"),
                        request.string("description", ""))));
    routes.add(
        "GET",
        "/registered-models/get",
        request -> RegistryJson.wrapped(MODEL, store.registry().model(request.required("name"))));
    routes.add(
        "PATCH",
        "/registered-models/update",
        request ->
            RegistryJson.wrapped(
                MODEL,
                store
                    .registry()
                    .updateModel(request.required("name"), request.string("description"))));
    routes.add(
        "POST",
        "/registered-models/rename",
        request ->
            RegistryJson.wrapped(
                MODEL,
                store
                    .registry()
                    .renameModel(request.required("name"), request.required("new_name"))));
    routes.add(
        "DELETE",
        "/registered-models/delete",
        request -> empty(() -> store.registry().deleteModel(request.required("name"))));
    routes.add(
        "GET",
        "/registered-models/search",
        request ->
            MlflowHttpHandler.page(
                store
                    .registry()
                    .searchModels(
                        request.string("filter", ""),
                        MlflowRoutes.maxResults(request),
                        request.strings("order_by"),
                        request.string("page_token", "")),
                "registered_models",
                RegistryJson::model));
    Function<MlflowRequest, JsonObject> latest =
        request -> {
          JsonObject json = new JsonObject();
          JsonArray versions = new JsonArray();
          store
              .registry()
              .latestVersions(request.required("name"), request.strings("stages"))
              .forEach(version -> versions.add(RegistryJson.version(version)));
          if (!versions.isEmpty()) {
            json.add("model_versions", versions);
          }
          return json;
        };
    routes.add("POST", "/registered-models/get-latest-versions", latest);
    routes.add("GET", "/registered-models/get-latest-versions", latest);
    routes.add(
        "POST",
        "/registered-models/set-tag",
        request ->
            empty(
                () ->
                    store
                        .registry()
                        .setModelTag(
                            request.required("name"),
                            request.required("key"),
                            request.string("value", ""))));
    routes.add(
        "DELETE",
        "/registered-models/delete-tag",
        request ->
            empty(
                () ->
                    store
                        .registry()
                        .deleteModelTag(request.required("name"), request.required("key"))));
  }

  private static void addAliases(MlflowRoutes routes, TrackingStore store) {
    routes.add(
        "POST",
        "/registered-models/alias",
        request ->
            empty(
                () ->
                    store
                        .registry()
                        .setAlias(
                            request.required("name"),
                            request.required("alias"),
                            request.required("version"))));
    routes.add(
        "DELETE",
        "/registered-models/alias",
        request ->
            empty(
                () ->
                    store
                        .registry()
                        .deleteAlias(request.required("name"), request.required("alias"))));
    routes.add(
        "GET",
        "/registered-models/alias",
        request ->
            RegistryJson.wrapped(
                VERSION,
                store
                    .registry()
                    .versionByAlias(request.required("name"), request.required("alias"))));
  }

  private static void addVersions(MlflowRoutes routes, TrackingStore store) {
    routes.add(
        "POST",
        "/model-versions/create",
        request ->
            RegistryJson.wrapped(
                VERSION,
                store
                    .registry()
                    .createVersion(
                        request.required("name"),
                        request.required("source"),
                        request.string("run_id"),
                        request.string("run_link", ""),
                        request.string("description", ""),
                        request.string("model_id"),
                        request.pairs("tags"))));
    routes.add(
        "GET",
        "/model-versions/get",
        request ->
            RegistryJson.wrapped(
                VERSION,
                store.registry().version(request.required("name"), request.required("version"))));
    routes.add(
        "PATCH",
        "/model-versions/update",
        request ->
            RegistryJson.wrapped(
                VERSION,
                store
                    .registry()
                    .updateVersion(
                        request.required("name"),
                        request.required("version"),
                        request.string("description"))));
    routes.add(
        "POST",
        "/model-versions/transition-stage",
        request ->
            RegistryJson.wrapped(
                VERSION,
                store
                    .registry()
                    .transitionStage(
                        request.required("name"),
                        request.required("version"),
                        request.required("stage"),
                        request
                            .string("archive_existing_versions", "false")
                            .equalsIgnoreCase("true"))));
    routes.add(
        "DELETE",
        "/model-versions/delete",
        request ->
            empty(
                () ->
                    store
                        .registry()
                        .deleteVersion(request.required("name"), request.required("version"))));
    routes.add(
        "GET",
        "/model-versions/get-download-uri",
        request -> {
          JsonObject json = new JsonObject();
          json.addProperty(
              "artifact_uri",
              store.registry().downloadUri(request.required("name"), request.required("version")));
          return json;
        });
    routes.add(
        "GET",
        "/model-versions/search",
        request -> {
          Long max = request.number("max_results");
          return MlflowHttpHandler.page(
              store
                  .registry()
                  .searchVersions(
                      request.string("filter", ""),
                      max == null ? null : Math.toIntExact(Math.clamp(max, -1, Integer.MAX_VALUE)),
                      request.strings("order_by"),
                      request.string("page_token", "")),
              "model_versions",
              RegistryJson::version);
        });
    routes.add(
        "POST",
        "/model-versions/set-tag",
        request ->
            empty(
                () ->
                    store
                        .registry()
                        .setVersionTag(
                            request.required("name"),
                            request.required("version"),
                            request.required("key"),
                            request.string("value", ""))));
    routes.add(
        "DELETE",
        "/model-versions/delete-tag",
        request ->
            empty(
                () ->
                    store
                        .registry()
                        .deleteVersionTag(
                            request.required("name"),
                            request.required("version"),
                            request.required("key"))));
  }

  private static JsonObject empty(Runnable work) {
    work.run();
    return new JsonObject();
  }
}
