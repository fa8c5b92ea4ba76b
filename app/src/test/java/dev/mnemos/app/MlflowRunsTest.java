package dev.mnemos.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run logged through MLflow's tracking API is a run of the query layer: GraphQL lists it under
 * its experiment with its params and the latest value of each metric, as it lists a KFP run, and
 * deletes it with its metric history; its history of a metric reads as a few points.
 */
class MlflowRunsTest {

  private final HttpClient client = HttpClient.newHttpClient();

  @Test
  void anMlflowRunIsListedWithItsParamsAndLatestMetrics(@TempDir Path data) throws Exception {
    try (MnemosServices services = LocalServices.onSqlite(data)) {
      String base = "http://localhost:" + services.httpPort();
      String experiment =
          post(base + "/api/2.0/mlflow/experiments/create", "{\"name\": \"churn\"}")
              .get("experiment_id")
              .getAsString();
      String runId =
          post(
                  base + "/api/2.0/mlflow/runs/create",
                  "{\"experiment_id\": \"" + experiment + "\", \"run_name\": \"baseline\"}")
              .getAsJsonObject("run")
              .getAsJsonObject("info")
              .get("run_id")
              .getAsString();
      post(
          base + "/api/2.0/mlflow/runs/log-batch",
          "{\"run_id\": \""
              + runId
              + "\", \"params\": [{\"key\": \"lr\", \"value\": \"0.1\"}], \"metrics\": ["
              + "{\"key\": \"loss\", \"value\": 0.9, \"timestamp\": 1, \"step\": 0},"
              + "{\"key\": \"loss\", \"value\": 0.3, \"timestamp\": 2, \"step\": 1}]}");
      post(
          base + "/api/2.0/mlflow/runs/update",
          "{\"run_id\": \"" + runId + "\", \"status\": \"FINISHED\", \"end_time\": 3}");

      JsonObject run =
          post(
                  base + "/graphql",
                  "{\"query\": \"{ runs(input: {pipeline: \\\"churn\\\"}) { nodes { name state"
                      + " parameters { name value } metrics { name value }"
                      + " metricHistory(input: {metric: \\\"loss\\\", points: 1}) { count min max"
                      + " points { firstStep lastStep count first last } } } } }\"}")
              .getAsJsonObject("data")
              .getAsJsonObject("runs")
              .getAsJsonArray("nodes")
              .get(0)
              .getAsJsonObject();

      assertThat(run.get("name").getAsString()).isEqualTo(runId);
      assertThat(run.get("state").getAsString()).isEqualTo("COMPLETE");
      assertThat(pairs(run.getAsJsonArray("parameters"))).containsEntry("lr", "0.1");
      assertThat(pairs(run.getAsJsonArray("metrics"))).containsEntry("loss", "0.3");
      // Its whole history in one point: the span, the first and last values, the extremes.
      JsonObject history = run.getAsJsonObject("metricHistory");
      assertThat(history.get("count").getAsInt()).isEqualTo(2);
      assertThat(history.get("min").getAsDouble()).isEqualTo(0.3);
      assertThat(history.get("max").getAsDouble()).isEqualTo(0.9);
      assertThat(history.getAsJsonArray("points").toString())
          .isEqualTo("[{\"firstStep\":0,\"lastStep\":1,\"count\":2,\"first\":0.9,\"last\":0.3}]");

      // Deleted as any run, its metric history with it.
      JsonObject deleted =
          post(
              base + "/graphql",
              "{\"query\": \"mutation { deleteRuns(input: {filter: {pipeline: \\\"churn\\\"},"
                  + " dryRun: false}) { counts { removedRuns } } }\"}");
      assertThat(
              deleted
                  .getAsJsonObject("data")
                  .getAsJsonObject("deleteRuns")
                  .getAsJsonObject("counts")
                  .get("removedRuns")
                  .getAsInt())
          .isEqualTo(1);
      HttpResponse<String> gone =
          client.send(
              HttpRequest.newBuilder(URI.create(base + "/api/2.0/mlflow/runs/get?run_id=" + runId))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(gone.statusCode()).isEqualTo(404);
      try (var connection =
              java.sql.DriverManager.getConnection(
                  "jdbc:sqlite:" + data.resolve("metadata.sqlite"));
          var rows =
              connection
                  .createStatement()
                  .executeQuery("SELECT count(*) FROM mnemos_mlflow_metric")) {
        rows.next();
        assertThat(rows.getInt(1)).isZero();
      }
    }
  }

  private static JsonObject post(String url, String json) throws Exception {
    return JsonPost.ok(url, json);
  }

  private static Map<String, String> pairs(JsonArray array) {
    Map<String, String> found = new TreeMap<>();
    array.forEach(
        item ->
            found.put(
                item.getAsJsonObject().get("name").getAsString(),
                item.getAsJsonObject().get("value").getAsString()));
    return found;
  }
}
