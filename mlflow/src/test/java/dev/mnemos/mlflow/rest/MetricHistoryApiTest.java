package dev.mnemos.mlflow.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.mnemos.mlflow.TrackingServer;
import dev.mnemos.mlflow.TrackingServer.Answer;
import dev.mnemos.server.testing.Backend;
import dev.mnemos.server.testing.StoreTest;
import java.util.ArrayList;
import java.util.List;

/** A metric's history over HTTP: paged whole, or sampled for charts, on every backend. */
class MetricHistoryApiTest {

  private static final String UNKNOWN_RUN = "0123456789abcdef0123456789abcdef";

  /** Logs {@code loss} = step / 10 at steps {@code 0..count-1}, in reverse step order. */
  private static void logSteps(TrackingServer server, String runId, int count) {
    StringBuilder metrics = new StringBuilder();
    for (int step = count - 1; step >= 0; step--) {
      metrics
          .append(metrics.isEmpty() ? "" : ",")
          .append("{\"key\": \"loss\", \"value\": ")
          .append(step / 10.0)
          .append(", \"timestamp\": ")
          .append(1000 - step)
          .append(", \"step\": ")
          .append(step)
          .append("}");
    }
    server.ok("runs/log-batch", "{\"run_id\": \"" + runId + "\", \"metrics\": [" + metrics + "]}");
  }

  private static List<String> sampled(TrackingServer server, String query) {
    JsonObject answer = server.get("metrics/get-history-bulk-interval", query).json();
    List<String> points = new ArrayList<>();
    if (answer.has("metrics")) {
      for (var metric : answer.getAsJsonArray("metrics")) {
        JsonObject point = metric.getAsJsonObject();
        points.add(
            point.get("run_id").getAsString().substring(0, 4)
                + "@"
                + point.get("step").getAsLong());
      }
    }
    return points;
  }

  @StoreTest
  void sampledHistoryKeepsTheFirstOfEqualBucketsAndTheLastValue(Backend.FreshDatabase db)
      throws Exception {
    try (TrackingServer server = TrackingServer.start(db)) {
      String experimentId = server.createExperiment("charts");
      String first = server.createRun(experimentId, 1000);
      String second = server.createRun(experimentId, 2000);
      logSteps(server, first, 10);
      logSteps(server, second, 2);
      String a = first.substring(0, 4);
      String b = second.substring(0, 4);

      // Ten values in three buckets of 4, 3, 3: their first steps 0, 4, 7; the last value, 9,
      // takes the third place so the answer never exceeds what was asked.
      assertThat(
              sampled(
                  server,
                  "run_ids=" + first + "&run_ids=" + second + "&metric_key=loss&max_results=3"))
          .containsExactly(a + "@0", a + "@4", a + "@9", b + "@0", b + "@1");
      // Steps 2..8 in two buckets of 4 and 3: first 2, then the last value 8 in the second place.
      assertThat(
              sampled(
                  server,
                  "run_ids="
                      + first
                      + "&metric_key=loss&max_results=2&start_step=2"
                      + "&end_step=8"))
          .containsExactly(a + "@2", a + "@8");
      // More places than values: every value, in step order (they were logged in reverse).
      assertThat(sampled(server, "run_ids=" + first + "&metric_key=loss"))
          .hasSize(10)
          .startsWith(a + "@0", a + "@1")
          .endsWith(a + "@9");
      assertThat(sampled(server, "run_ids=" + first + "&metric_key=loss&max_results=1"))
          .containsExactly(a + "@9");
      // An unknown run, like a key never logged, has no values (MLflow's SQL store answers so).
      assertThat(sampled(server, "run_ids=" + UNKNOWN_RUN + "&metric_key=loss")).isEmpty();
      assertThat(sampled(server, "run_ids=" + first + "&metric_key=acc")).isEmpty();

      JsonObject point =
          server
              .get(
                  "metrics/get-history-bulk-interval",
                  "run_ids=" + first + "&metric_key=loss&max_results=1")
              .json()
              .getAsJsonArray("metrics")
              .get(0)
              .getAsJsonObject();
      assertThat(point.get("key").getAsString()).isEqualTo("loss");
      assertThat(point.get("value").getAsDouble()).isEqualTo(0.9);
      assertThat(point.get("timestamp").getAsLong()).isEqualTo(991);
      assertThat(point.get("run_id").getAsString()).isEqualTo(first);
    }
  }

  @StoreTest
  void sampledHistoryRefusesWhatMlflowRefuses(Backend.FreshDatabase db) throws Exception {
    try (TrackingServer server = TrackingServer.start(db)) {
      String runId = server.createRun(server.createExperiment("e"), 1000);
      String tooMany = "run_ids=" + runId + "&run_ids=x".repeat(100) + "&metric_key=loss";
      for (String query :
          List.of(
              "metric_key=loss",
              "run_ids=" + runId,
              "run_ids=" + runId + "&metric_key=loss&max_results=0",
              "run_ids=" + runId + "&metric_key=loss&max_results=2501",
              "run_ids=" + runId + "&metric_key=loss&max_results=99999999999",
              "run_ids=" + runId + "&metric_key=loss&start_step=1",
              "run_ids=" + runId + "&metric_key=loss&start_step=3&end_step=1",
              tooMany)) {
        Answer refused = server.get("metrics/get-history-bulk-interval", query);
        assertThat(refused.status()).as(query).isEqualTo(400);
        assertThat(refused.errorCode()).as(query).isEqualTo("INVALID_PARAMETER_VALUE");
      }
    }
  }

  @StoreTest
  void historyPagesInTimeOrderAndAnUnknownRunHasNone(Backend.FreshDatabase db) throws Exception {
    try (TrackingServer server = TrackingServer.start(db)) {
      String runId = server.createRun(server.createExperiment("e"), 1000);
      logSteps(server, runId, 5);
      List<Long> steps = new ArrayList<>();
      String token = "";
      int pages = 0;
      do {
        JsonObject page =
            server
                .get(
                    "metrics/get-history",
                    "run_id="
                        + runId
                        + "&metric_key=loss&max_results=2"
                        + (token.isEmpty()
                            ? ""
                            : "&page_token="
                                + java.net.URLEncoder.encode(
                                    token, java.nio.charset.StandardCharsets.UTF_8)))
                .json();
        JsonArray metrics = page.getAsJsonArray("metrics");
        metrics.forEach(m -> steps.add(m.getAsJsonObject().get("step").getAsLong()));
        token = page.has("next_page_token") ? page.get("next_page_token").getAsString() : "";
        pages++;
      } while (!token.isEmpty());
      // Time order: the last step was logged first.
      assertThat(steps).containsExactly(4L, 3L, 2L, 1L, 0L);
      assertThat(pages).isEqualTo(3);

      Answer unknown =
          server.get("metrics/get-history", "run_id=" + UNKNOWN_RUN + "&metric_key=loss");
      assertThat(unknown.status()).isEqualTo(200);
      assertThat(unknown.json().has("metrics")).isFalse();
      Answer zero =
          server.get("metrics/get-history", "run_id=" + runId + "&metric_key=loss&max_results=0");
      assertThat(zero.errorCode()).isEqualTo("INVALID_PARAMETER_VALUE");
    }
  }
}
