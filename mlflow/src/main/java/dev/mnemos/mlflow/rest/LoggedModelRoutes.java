package dev.mnemos.mlflow.rest;

import com.google.gson.JsonObject;
import dev.mnemos.mlflow.model.LoggedModel;
import dev.mnemos.mlflow.model.LoggedModelStatus;
import dev.mnemos.mlflow.model.ModelDataset;
import dev.mnemos.mlflow.model.ModelOrderTerm;
import dev.mnemos.mlflow.model.ModelOutput;
import dev.mnemos.mlflow.store.TrackingStore;
import dev.mnemos.server.errors.StoreException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** The logged-model endpoints of MLflow 3 ({@code /logged-models/...}, {@code runs/outputs}). */
final class LoggedModelRoutes {

  private LoggedModelRoutes() {}

  static void addTo(MlflowRoutes routes, TrackingStore store) {
    routes.add(
        "POST",
        "/logged-models",
        request -> {
          String name = request.string("name", "");
          return model(
              store.createLoggedModel(
                  request.required("experiment_id"),
                  name.isEmpty() ? null : name,
                  request.string("source_run_id", ""),
                  request.string("model_type", ""),
                  request.pairs("tags"),
                  request.pairs("params")));
        });
    routes.add(
        "GET",
        "/logged-models/{model_id}",
        request ->
            model(
                store.loggedModel(
                    request.path("model_id"),
                    request.string("allow_deleted", "false").equalsIgnoreCase("true"))));
    routes.add(
        "PATCH",
        "/logged-models/{model_id}",
        request ->
            model(
                store.finalizeLoggedModel(
                    request.required("model_id"),
                    LoggedModelStatus.of(request.required("status")))));
    routes.add(
        "DELETE",
        "/logged-models/{model_id}",
        request -> {
          store.deleteLoggedModel(request.path("model_id"));
          return new JsonObject();
        });
    routes.add(
        "PATCH",
        "/logged-models/{model_id}/tags",
        request -> {
          store.setLoggedModelTags(request.path("model_id"), request.pairs("tags"));
          return new JsonObject();
        });
    routes.add(
        "DELETE",
        "/logged-models/{model_id}/tags/{tag_key}",
        request -> {
          store.deleteLoggedModelTag(request.path("model_id"), request.path("tag_key"));
          return new JsonObject();
        });
    routes.add(
        "POST",
        "/logged-models/{model_id}/params",
        request -> {
          request.required("model_id");
          store.logLoggedModelParams(request.path("model_id"), request.pairs("params"));
          return new JsonObject();
        });
    routes.add(
        "POST",
        "/logged-models/search",
        request -> {
          List<String> experimentIds = request.strings("experiment_ids");
          if (experimentIds.isEmpty()) {
            throw MlflowRequest.missing("experiment_ids");
          }
          List<ModelDataset> datasets = new ArrayList<>();
          for (MlflowRequest dataset : request.objects("datasets")) {
            String name = dataset.string("dataset_name", "");
            if (name.isEmpty()) {
              throw StoreException.invalidArgument(
                  "`dataset_name` in the `datasets` clause must be specified.");
            }
            String digest = dataset.string("dataset_digest", "");
            datasets.add(new ModelDataset(name, digest.isEmpty() ? null : digest));
          }
          TrackingStore.Page<LoggedModel> page =
              store.searchLoggedModels(
                  experimentIds,
                  request.string("filter", ""),
                  datasets,
                  MlflowRoutes.maxResults(request),
                  request.objects("order_by").stream().map(LoggedModelRoutes::orderTerm).toList(),
                  request.string("page_token", ""));
          return MlflowHttpHandler.page(page, "models", MlflowJson::loggedModel);
        });
    routes.add(
        "POST",
        "/runs/outputs",
        request -> {
          String runId = request.required("run_id");
          if (!request.has("models")) {
            throw MlflowRequest.missing("models");
          }
          store.logOutputs(
              runId,
              request.objects("models").stream()
                  .map(
                      output ->
                          new ModelOutput(
                              output.string("model_id", ""),
                              Objects.requireNonNullElse(output.number("step"), 0L)))
                  .toList());
          return new JsonObject();
        });
  }

  private static ModelOrderTerm orderTerm(MlflowRequest term) {
    String datasetName = term.string("dataset_name", "");
    String datasetDigest = term.string("dataset_digest", "");
    return new ModelOrderTerm(
        term.required("field_name"),
        !term.string("ascending", "true").equalsIgnoreCase("false"),
        datasetName.isEmpty() ? null : datasetName,
        datasetDigest.isEmpty() ? null : datasetDigest);
  }

  private static JsonObject model(LoggedModel model) {
    JsonObject json = new JsonObject();
    json.add("model", MlflowJson.loggedModel(model));
    return json;
  }
}
