package dev.mnemos.mlflow;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.mnemos.migrations.NodeKind;
import dev.mnemos.mlflow.store.TrackingStore;
import dev.mnemos.server.auth.Caller;
import dev.mnemos.server.auth.ExchangeCaller;
import dev.mnemos.server.model.TypeRef;
import dev.mnemos.server.store.DatabaseSettings;
import dev.mnemos.server.store.MetadataStore;
import dev.mnemos.server.testing.Backend;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.Executors;

/**
 * The MLflow API over a fresh store on one backend, served by the JDK's HTTP server as the HTTP
 * port serves it (every caller open), and a client that speaks its JSON.
 */
public final class TrackingServer implements AutoCloseable {

  /** An answer: its HTTP status and JSON body. */
  public record Answer(int status, JsonObject json) {
    public String errorCode() {
      return json.has("error_code") ? json.get("error_code").getAsString() : "";
    }
  }

  private final MetadataStore store;
  private final MlflowTracking tracking;
  private final HttpServer server;
  private final HttpClient client = HttpClient.newHttpClient();

  private TrackingServer(Backend.FreshDatabase database) throws IOException {
    this.store = MetadataStore.open(DatabaseSettings.of(database.jdbcUrl()));
    this.tracking = MlflowTracking.attach(store, MlflowTracking.DEFAULT_ARTIFACT_ROOT);
    this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    HttpContext context = server.createContext(MlflowTracking.PATH, tracking.handler());
    context
        .getFilters()
        .add(
            new Filter() {
              @Override
              public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
                ExchangeCaller.set(exchange, Caller.OPEN);
                chain.doFilter(exchange);
              }

              @Override
              public String description() {
                return "every caller open";
              }
            });
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.start();
  }

  public static TrackingServer start(Backend.FreshDatabase database) throws IOException {
    return new TrackingServer(database);
  }

  public MetadataStore store() {
    return store;
  }

  public TrackingStore tracking() {
    return tracking.store();
  }

  /** The MLMD context id of run {@code runId}. */
  public long runContextId(String runId) {
    return store
        .graph()
        .nodeByTypeAndName(NodeKind.CONTEXT, new TypeRef("mlflow.Run", ""), runId)
        .orElseThrow()
        .storedId();
  }

  public Answer post(String endpoint, String json) {
    return send("POST", endpoint, json);
  }

  /** A request with a JSON body and any method (the logged-model routes PATCH and DELETE). */
  public Answer send(String method, String endpoint, String json) {
    return send(
        HttpRequest.newBuilder(uri(endpoint, ""))
            .header("Content-Type", "application/json")
            .method(method, HttpRequest.BodyPublishers.ofString(json))
            .build());
  }

  public Answer get(String endpoint, String query) {
    return send(HttpRequest.newBuilder(uri(endpoint, query)).GET().build());
  }

  /** A GET with one more header. */
  public Answer get(String endpoint, String query, String header, String value) {
    return send(HttpRequest.newBuilder(uri(endpoint, query)).header(header, value).GET().build());
  }

  /** POSTs and expects 200, returning the JSON. */
  public JsonObject ok(String endpoint, String json) {
    Answer answer = post(endpoint, json);
    if (answer.status() != 200) {
      throw new AssertionError(endpoint + " answered " + answer);
    }
    return answer.json();
  }

  /** Creates an experiment; returns its id. */
  public String createExperiment(String name) {
    return ok("experiments/create", "{\"name\": \"" + name + "\"}")
        .get("experiment_id")
        .getAsString();
  }

  /** Creates a run named {@code r<startTime>} in the experiment; returns its id. */
  public String createRun(String experimentId, long startTime) {
    return ok(
            "runs/create",
            "{\"experiment_id\": \""
                + experimentId
                + "\", \"start_time\": "
                + startTime
                + ", \"run_name\": \"r"
                + startTime
                + "\"}")
        .getAsJsonObject("run")
        .getAsJsonObject("info")
        .get("run_id")
        .getAsString();
  }

  private URI uri(String endpoint, String query) {
    return URI.create(
        "http://127.0.0.1:"
            + server.getAddress().getPort()
            + "/api/2.0/mlflow/"
            + endpoint
            + (query.isEmpty() ? "" : "?" + query));
  }

  private Answer send(HttpRequest request) {
    try {
      HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
      return new Answer(
          response.statusCode(), JsonParser.parseString(response.body()).getAsJsonObject());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    store.close();
  }
}
