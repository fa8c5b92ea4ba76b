package dev.mnemos.mlflow.rest;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.mnemos.mlflow.model.Dataset;
import dev.mnemos.mlflow.model.DatasetInput;
import dev.mnemos.mlflow.model.Metric;
import dev.mnemos.mlflow.model.MlflowError;
import dev.mnemos.mlflow.model.ModelMetric;
import dev.mnemos.mlflow.model.RunMetric;
import dev.mnemos.mlflow.model.RunStatus;
import dev.mnemos.mlflow.model.TrackingException;
import dev.mnemos.mlflow.model.ViewType;
import dev.mnemos.mlflow.store.TrackingStore;
import dev.mnemos.server.auth.ExchangeCaller;
import dev.mnemos.server.auth.RequestCaller;
import dev.mnemos.server.errors.StoreException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves {@code /api/2.0/mlflow/}: routes each endpoint of MLflow's tracking API to the tracking
 * store and answers in MLflow's JSON, or with MLflow's error object and HTTP status.
 */
public final class MlflowHttpHandler implements HttpHandler {

  public static final String PATH = "/api/2.0/mlflow/";

  /** The largest request body read (MLflow's log-batch limit is 1 MB of JSON). */
  private static final int MAX_BODY_BYTES = 4 * 1024 * 1024;

  /** The header MLflow's clients name a workspace in. */
  static final String WORKSPACE_HEADER = "X-MLflow-Workspace";

  private static final Logger log = LoggerFactory.getLogger(MlflowHttpHandler.class);

  private final TrackingStore store;
  private final MlflowRoutes routes;

  public MlflowHttpHandler(TrackingStore store) {
    this.store = store;
    this.routes = new MlflowRoutes(store);
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    String endpoint = exchange.getRequestURI().getPath().substring(PATH.length() - 1);
    String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
    try {
      String workspace = exchange.getRequestHeaders().getFirst(WORKSPACE_HEADER);
      if (workspace != null && !workspace.isEmpty()) {
        // As MLflow's server without workspaces answers (KFP's plugin: workspacesEnabled false).
        throw new TrackingException(
            MlflowError.FEATURE_DISABLED,
            "Workspace APIs are not available: workspaces are not enabled on this server");
      }
      MlflowRoutes.Match match = routes.find(endpoint, method);
      MlflowRequest request =
          (method.equals("GET")
                  ? MlflowRequest.ofQuery(exchange.getRequestURI().getRawQuery())
                  : MlflowRequest.ofJson(body(exchange)))
              .withPath(match.path());
      JsonObject answer =
          ScopedValue.where(RequestCaller.CURRENT, ExchangeCaller.of(exchange))
              .call(() -> match.route().handler().apply(request));
      send(exchange, 200, answer);
    } catch (StoreException e) {
      MlflowError error = MlflowError.of(e.code());
      if (error == MlflowError.INTERNAL_ERROR) {
        log.warn("MLflow request {} {} failed: {}", method, endpoint, e.toString(), e);
      }
      send(
          exchange,
          error.httpStatus(),
          error(error, java.util.Objects.requireNonNullElse(e.getMessage(), error.name())));
    } catch (TrackingException e) {
      if (e.error() == MlflowError.METHOD_NOT_ALLOWED) {
        exchange.getResponseHeaders().set("Allow", String.join(", ", routes.methods(endpoint)));
      }
      send(
          exchange,
          e.error().httpStatus(),
          error(e.error(), java.util.Objects.requireNonNullElse(e.getMessage(), e.error().name())));
    } catch (RuntimeException e) {
      log.warn("MLflow request {} {} failed: {}", method, endpoint, e.toString(), e);
      send(
          exchange,
          500,
          error(MlflowError.INTERNAL_ERROR, "internal error: " + e.getClass().getSimpleName()));
    }
  }

  /** Answers every request with PERMISSION_DENIED and {@code reason}. */
  public static HttpHandler refusing(String reason) {
    return exchange -> {
      exchange.getRequestBody().close();
      send(exchange, 403, error(MlflowError.PERMISSION_DENIED, reason));
    };
  }

  private static String body(HttpExchange exchange) throws IOException {
    try (InputStream in = exchange.getRequestBody()) {
      byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
      if (bytes.length > MAX_BODY_BYTES) {
        throw StoreException.invalidArgument(
            "The request body is larger than " + MAX_BODY_BYTES + " bytes.");
      }
      return new String(bytes, StandardCharsets.UTF_8);
    }
  }

  static JsonObject error(MlflowError error, String message) {
    JsonObject json = new JsonObject();
    json.addProperty("error_code", error.name());
    json.addProperty("message", message);
    return json;
  }

  private static void send(HttpExchange exchange, int status, JsonObject answer)
      throws IOException {
    byte[] body = answer.toString().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  /**
   * A page of a search as MLflow answers it: the items under {@code field} (left out when there is
   * none), and the next page's token when there is one.
   */
  static <T> JsonObject page(
      TrackingStore.Page<T> page, String field, Function<T, JsonObject> item) {
    JsonObject json = new JsonObject();
    if (!page.items().isEmpty()) {
      JsonArray items = new JsonArray();
      page.items().forEach(one -> items.add(item.apply(one)));
      json.add(field, items);
    }
    if (page.nextPageToken() != null) {
      json.addProperty("next_page_token", page.nextPageToken());
    }
    return json;
  }

  static JsonObject runMetrics(List<RunMetric> metrics) {
    JsonObject json = new JsonObject();
    if (!metrics.isEmpty()) {
      JsonArray array = new JsonArray();
      metrics.forEach(
          metric -> {
            JsonObject one = MlflowJson.metric(metric.metric());
            one.addProperty("run_id", metric.runId());
            array.add(one);
          });
      json.add("metrics", array);
    }
    return json;
  }

  static ViewType viewType(MlflowRequest request, String field) {
    String view = request.string(field, "ACTIVE_ONLY");
    try {
      return ViewType.valueOf(view);
    } catch (IllegalArgumentException e) {
      throw StoreException.invalidArgument(
          "Invalid value " + view + " for parameter '" + field + "' supplied.");
    }
  }

  static RunStatus status(String status) {
    try {
      return RunStatus.valueOf(status);
    } catch (IllegalArgumentException e) {
      throw StoreException.invalidArgument(
          "Invalid value " + status + " for parameter 'status' supplied.");
    }
  }

  static Map<String, String> tagMap(MlflowRequest request) {
    Map<String, String> tags = new java.util.LinkedHashMap<>();
    request.pairs("tags").forEach(pair -> tags.put(pair.getKey(), pair.getValue()));
    return tags;
  }

  static List<Metric> metrics(MlflowRequest request) {
    return request.objects("metrics").stream().map(MlflowHttpHandler::metric).toList();
  }

  static Metric metric(MlflowRequest request) {
    Double value = request.decimal("value");
    if (value == null) {
      throw MlflowRequest.missing("value");
    }
    Long timestamp = request.number("timestamp");
    if (timestamp == null) {
      throw MlflowRequest.missing("timestamp");
    }
    Long step = request.number("step");
    return new Metric(request.required("key"), value, timestamp, step == null ? 0 : step);
  }

  /**
   * The values among {@code metrics} that name a logged model ({@code model_id}), logged by run
   * {@code runId}, with the dataset they were measured on when named.
   */
  static List<ModelMetric> modelMetrics(String runId, List<MlflowRequest> metrics) {
    List<ModelMetric> found = new ArrayList<>();
    for (MlflowRequest metric : metrics) {
      String modelId = metric.string("model_id", "");
      if (!modelId.isEmpty()) {
        found.add(
            new ModelMetric(
                modelId,
                metric(metric),
                runId,
                metric.string("dataset_name"),
                metric.string("dataset_digest")));
      }
    }
    return found;
  }

  /** A dataset input as MLflow's server reads one: missing fields are empty, as proto defaults. */
  static DatasetInput datasetInput(MlflowRequest request) {
    MlflowRequest dataset = request.object("dataset");
    List<Map.Entry<String, String>> tags = new ArrayList<>();
    for (MlflowRequest tag : request.objects("tags")) {
      tags.add(Map.entry(tag.string("key", ""), tag.string("value", "")));
    }
    return new DatasetInput(
        new Dataset(
            dataset.string("name", ""),
            dataset.string("digest", ""),
            dataset.string("source_type", ""),
            dataset.string("source", ""),
            dataset.string("schema"),
            dataset.string("profile")),
        tags);
  }
}
