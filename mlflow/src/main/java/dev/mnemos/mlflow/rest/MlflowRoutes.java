package dev.mnemos.mlflow.rest;

import com.google.gson.JsonObject;
import dev.mnemos.mlflow.model.MlflowError;
import dev.mnemos.mlflow.model.StepRange;
import dev.mnemos.mlflow.model.TrackingException;
import dev.mnemos.mlflow.store.TrackingStore;
import dev.mnemos.server.errors.ErrorCode;
import dev.mnemos.server.errors.StoreException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/** The tracking API's endpoints, each a translation of one request to one store call. */
final class MlflowRoutes {

  record Route(String method, Function<MlflowRequest, JsonObject> handler) {}

  /** A route found for a request, with the parameters its path carried. */
  record Match(Route route, Map<String, String> path) {}

  /** By path (segments in braces are parameters), then by method. */
  private final Map<String, Map<String, Route>> routes = new LinkedHashMap<>();

  MlflowRoutes(TrackingStore store) {
    LoggedModelRoutes.addTo(this, store);
    RegistryRoutes.addTo(this, store);
    post(
        "/experiments/create",
        request -> {
          JsonObject json = new JsonObject();
          json.addProperty(
              "experiment_id",
              store.createExperiment(
                  request.required("name"),
                  request.string("artifact_location", ""),
                  MlflowHttpHandler.tagMap(request)));
          return json;
        });
    get(
        "/experiments/get",
        request -> experiment(store.experiment(request.required("experiment_id"))));
    get(
        "/experiments/get-by-name",
        request -> experiment(store.experimentByName(request.required("experiment_name"))));
    post(
        "/experiments/search",
        request ->
            MlflowHttpHandler.page(
                store.searchExperiments(
                    MlflowHttpHandler.viewType(request, "view_type"),
                    request.string("filter", ""),
                    request.strings("order_by"),
                    maxResults(request),
                    request.string("page_token", "")),
                "experiments",
                MlflowJson::experiment));
    post(
        "/experiments/update",
        request -> {
          store.renameExperiment(request.required("experiment_id"), request.string("new_name", ""));
          return new JsonObject();
        });
    post(
        "/experiments/delete",
        request -> {
          store.deleteExperiment(request.required("experiment_id"));
          return new JsonObject();
        });
    post(
        "/experiments/restore",
        request -> {
          store.restoreExperiment(request.required("experiment_id"));
          return new JsonObject();
        });
    post(
        "/experiments/set-experiment-tag",
        request -> {
          store.setExperimentTag(
              request.required("experiment_id"),
              request.required("key"),
              request.string("value", ""));
          return new JsonObject();
        });
    post(
        "/experiments/delete-experiment-tag",
        request -> {
          store.deleteExperimentTag(request.required("experiment_id"), request.required("key"));
          return new JsonObject();
        });
    post(
        "/runs/create",
        request -> {
          JsonObject json = new JsonObject();
          json.add(
              "run",
              MlflowJson.run(
                  store.createRun(
                      request.string("experiment_id", "0"),
                      request.string("user_id", ""),
                      request.number("start_time"),
                      MlflowHttpHandler.tagMap(request),
                      request.string("run_name"))));
          return json;
        });
    get("/runs/get", request -> run(store.run(runId(request))));
    post(
        "/runs/update",
        request -> {
          String status = request.string("status");
          JsonObject json = new JsonObject();
          json.add(
              "run_info",
              MlflowJson.info(
                  store
                      .updateRun(
                          runId(request),
                          status == null ? null : MlflowHttpHandler.status(status),
                          request.number("end_time"),
                          request.string("run_name"))
                      .info()));
          return json;
        });
    post(
        "/runs/delete",
        request -> {
          store.deleteRun(request.required("run_id"));
          return new JsonObject();
        });
    post(
        "/runs/restore",
        request -> {
          store.restoreRun(request.required("run_id"));
          return new JsonObject();
        });
    post(
        "/runs/log-metric",
        request -> {
          String runId = runId(request);
          store.logBatch(
              runId,
              List.of(MlflowHttpHandler.metric(request)),
              MlflowHttpHandler.modelMetrics(runId, List.of(request)),
              List.of(),
              List.of());
          return new JsonObject();
        });
    post(
        "/runs/log-parameter",
        request -> {
          store.logBatch(
              runId(request),
              List.of(),
              List.of(Map.entry(request.required("key"), request.string("value", ""))),
              List.of());
          return new JsonObject();
        });
    post(
        "/runs/set-tag",
        request -> {
          store.logBatch(
              runId(request),
              List.of(),
              List.of(),
              List.of(Map.entry(request.required("key"), request.string("value", ""))));
          return new JsonObject();
        });
    post(
        "/runs/delete-tag",
        request -> {
          store.deleteTag(request.required("run_id"), request.required("key"));
          return new JsonObject();
        });
    post(
        "/runs/log-batch",
        request -> {
          String runId = request.required("run_id");
          store.logBatch(
              runId,
              MlflowHttpHandler.metrics(request),
              MlflowHttpHandler.modelMetrics(runId, request.objects("metrics")),
              request.pairs("params"),
              request.pairs("tags"));
          return new JsonObject();
        });
    post(
        "/runs/log-inputs",
        request -> {
          store.logInputs(
              request.required("run_id"),
              request.objects("datasets").stream().map(MlflowHttpHandler::datasetInput).toList(),
              request.objects("models").stream()
                  .map(model -> model.string("model_id", ""))
                  .toList());
          return new JsonObject();
        });
    post(
        "/runs/search",
        request ->
            MlflowHttpHandler.page(
                store.searchRuns(
                    request.strings("experiment_ids"),
                    request.string("filter", ""),
                    MlflowHttpHandler.viewType(request, "run_view_type"),
                    maxResults(request),
                    request.strings("order_by"),
                    request.string("page_token", "")),
                "runs",
                MlflowJson::run));
    get(
        "/metrics/get-history",
        request ->
            MlflowHttpHandler.page(
                store.metricHistory(
                    runId(request),
                    request.required("metric_key"),
                    pageSize(request),
                    request.string("page_token", "")),
                "metrics",
                MlflowJson::metric));
    get(
        "/metrics/get-history-bulk-interval",
        request -> {
          List<String> runIds = request.strings("run_ids");
          if (runIds.isEmpty()) {
            throw MlflowRequest.missing("run_ids");
          }
          Long points = request.number("max_results");
          return MlflowHttpHandler.runMetrics(
              store.sampledHistory(
                  runIds,
                  request.required("metric_key"),
                  steps(request),
                  points == null
                      ? TrackingStore.MAX_SAMPLED_POINTS
                      : (int) Math.clamp(points, -1, TrackingStore.MAX_SAMPLED_POINTS + 1)));
        });
  }

  void add(String method, String path, Function<MlflowRequest, JsonObject> handler) {
    routes
        .computeIfAbsent(path, p -> new LinkedHashMap<>())
        .put(method, new Route(method, handler));
  }

  private void post(String path, Function<MlflowRequest, JsonObject> handler) {
    add("POST", path, handler);
  }

  private void get(String path, Function<MlflowRequest, JsonObject> handler) {
    add("GET", path, handler);
  }

  /**
   * The route of {@code endpoint}; ENDPOINT_NOT_FOUND for a path not served, METHOD_NOT_ALLOWED for
   * another method.
   */
  Match find(String endpoint, String method) {
    Map<String, String> parameters = new HashMap<>();
    Map<String, Route> methods = lookUp(endpoint, parameters);
    if (methods.isEmpty()) {
      throw new StoreException(
          ErrorCode.UNIMPLEMENTED,
          "No endpoint " + method + " /api/2.0/mlflow" + endpoint + " on this server.");
    }
    Route route = methods.get(method);
    if (route == null) {
      throw new TrackingException(
          MlflowError.METHOD_NOT_ALLOWED,
          "/api/2.0/mlflow"
              + endpoint
              + " is served with "
              + String.join(", ", methods.keySet())
              + ", not "
              + method);
    }
    return new Match(route, parameters);
  }

  /** The methods {@code endpoint} is served with, for an Allow header. */
  List<String> methods(String endpoint) {
    return List.copyOf(lookUp(endpoint, new HashMap<>()).keySet());
  }

  /**
   * The routes of {@code endpoint} by method, none when it is not served, collecting its path's
   * parameters. A path without parameters goes first ({@code /logged-models/search} is no model's
   * id).
   */
  private Map<String, Route> lookUp(String endpoint, Map<String, String> parameters) {
    Map<String, Route> methods = routes.get(endpoint);
    if (methods != null) {
      return methods;
    }
    for (Map.Entry<String, Map<String, Route>> entry : routes.entrySet()) {
      if (matches(entry.getKey(), endpoint, parameters)) {
        return entry.getValue();
      }
      parameters.clear();
    }
    return Map.of();
  }

  /** Whether {@code endpoint} fits {@code template}, collecting its parameters. */
  private static boolean matches(String template, String endpoint, Map<String, String> parameters) {
    if (!template.contains("{")) {
      return false;
    }
    String[] expected = template.split("/", -1);
    String[] given = endpoint.split("/", -1);
    if (expected.length != given.length) {
      return false;
    }
    for (int i = 0; i < expected.length; i++) {
      if (expected[i].startsWith("{") && expected[i].endsWith("}")) {
        if (given[i].isEmpty()) {
          return false;
        }
        parameters.put(expected[i].substring(1, expected[i].length() - 1), given[i]);
      } else if (!expected[i].equals(given[i])) {
        return false;
      }
    }
    return true;
  }

  /** {@code run_id}, or the older {@code run_uuid} that some clients still send. */
  private static String runId(MlflowRequest request) {
    String runId = request.string("run_id");
    if (runId == null || runId.isEmpty()) {
      runId = request.string("run_uuid");
    }
    if (runId == null || runId.isEmpty()) {
      throw MlflowRequest.missing("run_id");
    }
    return runId;
  }

  static int maxResults(MlflowRequest request) {
    Long max = request.number("max_results");
    if (max == null) {
      return 0;
    }
    if (max < 0 || max > Integer.MAX_VALUE) {
      throw StoreException.invalidArgument(
          "Invalid value " + max + " for parameter 'max_results' supplied.");
    }
    return max.intValue();
  }

  /** A page size that, when given, must be positive (get-history pages only when asked to). */
  private static int pageSize(MlflowRequest request) {
    Long max = request.number("max_results");
    if (max != null && max <= 0) {
      throw StoreException.invalidArgument(
          "Invalid value "
              + max
              + " for parameter 'max_results' supplied. It must be a positive"
              + " integer.");
    }
    return maxResults(request);
  }

  private static @Nullable StepRange steps(MlflowRequest request) {
    Long first = request.number("start_step");
    Long last = request.number("end_step");
    if (first == null && last == null) {
      return null;
    }
    if (first == null || last == null) {
      throw StoreException.invalidArgument(
          "If either start step or end step are specified, both must be specified.");
    }
    if (first > last) {
      throw StoreException.invalidArgument(
          "end_step must be greater than start_step. Found start_step="
              + first
              + " and end_step="
              + last
              + ".");
    }
    return new StepRange(first, last);
  }

  private static JsonObject experiment(dev.mnemos.mlflow.model.Experiment experiment) {
    JsonObject json = new JsonObject();
    json.add("experiment", MlflowJson.experiment(experiment));
    return json;
  }

  private static JsonObject run(dev.mnemos.mlflow.model.Run run) {
    JsonObject json = new JsonObject();
    json.add("run", MlflowJson.run(run));
    return json;
  }
}
