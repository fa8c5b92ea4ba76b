package dev.mnemos.mlflow.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.mnemos.migrations.NodeKind;
import dev.mnemos.mlflow.TrackingServer;
import dev.mnemos.mlflow.TrackingServer.Answer;
import dev.mnemos.server.model.Node;
import dev.mnemos.server.model.TypeRef;
import dev.mnemos.server.store.MetadataGraph;
import dev.mnemos.server.testing.Backend;
import dev.mnemos.server.testing.StoreTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** MLflow's tracking API over real HTTP, on every backend. */
class TrackingApiTest {

  @StoreTest
  void experimentsAreCreatedFoundAndRefusedAsMlflowAnswers(Backend.FreshDatabase db)
      throws Exception {
    try (TrackingServer server = TrackingServer.start(db)) {
      JsonObject defaults =
          server.get("experiments/get", "experiment_id=0").json().getAsJsonObject("experiment");
      assertThat(defaults.get("name").getAsString()).isEqualTo("Default");

      String id = server.createExperiment("churn");
      JsonObject experiment =
          server
              .get("experiments/get-by-name", "experiment_name=churn")
              .json()
              .getAsJsonObject("experiment");
      assertThat(experiment.get("experiment_id").getAsString()).isEqualTo(id);
      assertThat(experiment.get("artifact_location").getAsString())
          .isEqualTo("mlflow-artifacts:/" + id);
      assertThat(experiment.get("lifecycle_stage").getAsString()).isEqualTo("active");

      Answer again = server.post("experiments/create", "{\"name\": \"churn\"}");
      assertThat(again.status()).isEqualTo(400);
      assertThat(again.errorCode()).isEqualTo("RESOURCE_ALREADY_EXISTS");
      Answer missing = server.get("experiments/get", "experiment_id=424242");
      assertThat(missing.status()).isEqualTo(404);
      assertThat(missing.errorCode()).isEqualTo("RESOURCE_DOES_NOT_EXIST");
      Answer unnamed = server.post("experiments/create", "{}");
      assertThat(unnamed.status()).isEqualTo(400);
      assertThat(unnamed.errorCode()).isEqualTo("INVALID_PARAMETER_VALUE");
      Answer garbled = server.post("experiments/create", "{\"name\": ");
      assertThat(garbled.errorCode()).isEqualTo("INVALID_PARAMETER_VALUE");
      Answer nowhere = server.post("experiments/fly", "{}");
      assertThat(nowhere.status()).isEqualTo(404);
      assertThat(nowhere.errorCode()).isEqualTo("ENDPOINT_NOT_FOUND");
      Answer posted = server.post("experiments/get", "{\"experiment_id\": \"0\"}");
      assertThat(posted.status()).isEqualTo(405);
      // Workspaces are not served: answered as MLflow's server without them answers.
      Answer workspace =
          server.get("experiments/get", "experiment_id=0", "X-MLflow-Workspace", "team-a");
      assertThat(workspace.status()).isEqualTo(500);
      assertThat(workspace.errorCode()).isEqualTo("FEATURE_DISABLED");

      // A rename onto a taken name is BAD_REQUEST; of a deleted experiment, INVALID_STATE first.
      String other = server.createExperiment("other");
      Answer taken =
          server.post(
              "experiments/update",
              "{\"experiment_id\": \"" + other + "\", \"new_name\": \"churn\"}");
      assertThat(taken.status()).isEqualTo(400);
      assertThat(taken.errorCode()).isEqualTo("BAD_REQUEST");
      server.ok("experiments/delete", "{\"experiment_id\": \"" + other + "\"}");
      Answer deleted =
          server.post(
              "experiments/update",
              "{\"experiment_id\": \"" + other + "\", \"new_name\": \"churn\"}");
      assertThat(deleted.status()).isEqualTo(500);
      assertThat(deleted.errorCode()).isEqualTo("INVALID_STATE");
    }
  }

  @StoreTest
  void aRunKeepsItsLatestMetricByStepThenTimeAndItsWholeHistory(Backend.FreshDatabase db)
      throws Exception {
    try (TrackingServer server = TrackingServer.start(db)) {
      String runId = server.createRun(server.createExperiment("e"), 1000);
      server.ok(
          "runs/log-batch",
          "{\"run_id\": \""
              + runId
              + "\", \"metrics\": ["
              + "{\"key\": \"loss\", \"value\": 0.9, \"timestamp\": 50, \"step\": 1},"
              + "{\"key\": \"loss\", \"value\": 0.4, \"timestamp\": 10, \"step\": 3},"
              + "{\"key\": \"loss\", \"value\": 0.7, \"timestamp\": 30, \"step\": 2},"
              + "{\"key\": \"acc\", \"value\": \"NaN\", \"timestamp\": 5, \"step\": 0}],"
              + " \"params\": [{\"key\": \"lr\", \"value\": \"0.1\"}],"
              + " \"tags\": [{\"key\": \"team\", \"value\": \"risk\"}]}");

      JsonObject data =
          server
              .get("runs/get", "run_id=" + runId)
              .json()
              .getAsJsonObject("run")
              .getAsJsonObject("data");
      Map<String, String> metrics = pairs(data.getAsJsonArray("metrics"));
      // The highest step is the latest, though logged before another.
      assertThat(metrics).containsEntry("loss", "0.4").containsEntry("acc", "NaN");
      assertThat(pairs(data.getAsJsonArray("params"))).containsEntry("lr", "0.1");
      assertThat(pairs(data.getAsJsonArray("tags")))
          .containsEntry("team", "risk")
          .containsEntry("mlflow.runName", "r1000");

      JsonArray history =
          server
              .get("metrics/get-history", "run_id=" + runId + "&metric_key=loss")
              .json()
              .getAsJsonArray("metrics");
      List<Long> times = new ArrayList<>();
      history.forEach(m -> times.add(m.getAsJsonObject().get("timestamp").getAsLong()));
      assertThat(times).containsExactly(10L, 30L, 50L);
    }
  }

  @StoreTest
  void aBatchThatChangesAParamStoresNothing(Backend.FreshDatabase db) throws Exception {
    try (TrackingServer server = TrackingServer.start(db)) {
      String runId = server.createRun(server.createExperiment("e"), 1000);
      server.ok(
          "runs/log-parameter",
          "{\"run_id\": \"" + runId + "\", \"key\": \"lr\", \"value\": \"0.1\"}");

      Answer refused =
          server.post(
              "runs/log-batch",
              "{\"run_id\": \""
                  + runId
                  + "\", \"metrics\": [{\"key\": \"loss\", \"value\": 1, \"timestamp\": 1}],"
                  + " \"params\": [{\"key\": \"lr\", \"value\": \"0.2\"}],"
                  + " \"tags\": [{\"key\": \"t\", \"value\": \"x\"}]}");

      assertThat(refused.errorCode()).isEqualTo("INVALID_PARAMETER_VALUE");
      JsonObject data =
          server
              .get("runs/get", "run_id=" + runId)
              .json()
              .getAsJsonObject("run")
              .getAsJsonObject("data");
      assertThat(data.has("metrics")).isFalse();
      assertThat(pairs(data.getAsJsonArray("tags"))).doesNotContainKey("t");
      assertThat(pairs(data.getAsJsonArray("params"))).containsExactly(Map.entry("lr", "0.1"));
    }
  }

  @StoreTest
  void aRunIsAnMlmdContextUnderItsExperimentWithOneExecution(Backend.FreshDatabase db)
      throws Exception {
    try (TrackingServer server = TrackingServer.start(db)) {
      String experimentId = server.createExperiment("lineage");
      String parent = server.createRun(experimentId, 1000);
      String child =
          server
              .ok(
                  "runs/create",
                  "{\"experiment_id\": \""
                      + experimentId
                      + "\", \"tags\": [{\"key\": \"mlflow.parentRunId\", \"value\": \""
                      + parent
                      + "\"}]}")
              .getAsJsonObject("run")
              .getAsJsonObject("info")
              .get("run_id")
              .getAsString();
      server.ok(
          "runs/log-parameter",
          "{\"run_id\": \"" + child + "\", \"key\": \"k\", \"value\": \"v\"}");

      MetadataGraph graph = server.store().graph();
      TypeRef runType = new TypeRef("mlflow.Run", "");
      Node parentContext = graph.nodeByTypeAndName(NodeKind.CONTEXT, runType, parent).orElseThrow();
      Node childContext = graph.nodeByTypeAndName(NodeKind.CONTEXT, runType, child).orElseThrow();
      assertThat(graph.parents(List.of(childContext.storedId())).get(childContext.storedId()))
          .containsExactlyInAnyOrder(Long.parseLong(experimentId), parentContext.storedId());
      Node execution =
          graph
              .nodeByTypeAndName(NodeKind.EXECUTION, new TypeRef("mlflow.Run", ""), child)
              .orElseThrow();
      assertThat(execution.customProperties().get("input:k").getStringValue()).isEqualTo("v");
      assertThat(execution.state()).isEqualTo(2L); // RUNNING
      assertThat(graph.contextsOf(NodeKind.EXECUTION, List.of(execution.storedId())))
          .containsEntry(execution.storedId(), List.of(childContext.storedId()));
    }
  }

  @StoreTest
  void searchFiltersSortsByMetricWithMissingLastAndPages(Backend.FreshDatabase db)
      throws Exception {
    try (TrackingServer server = TrackingServer.start(db)) {
      String experimentId = server.createExperiment("sweep");
      List<String> runs = new ArrayList<>();
      double[] losses = {0.5, 0.2, Double.NaN, 0.8};
      for (int i = 0; i < 5; i++) {
        String runId = server.createRun(experimentId, 1000 + i);
        runs.add(runId);
        if (i < losses.length) {
          server.ok(
              "runs/log-metric",
              "{\"run_id\": \""
                  + runId
                  + "\", \"key\": \"loss\", \"value\": \""
                  + losses[i]
                  + "\", \"timestamp\": 1}");
        }
      }
      List<String> order = new ArrayList<>();
      String token = "";
      do {
        JsonObject page =
            server.ok(
                "runs/search",
                "{\"experiment_ids\": [\""
                    + experimentId
                    + "\"], \"order_by\": [\"metrics.loss DESC\"], \"max_results\": 2"
                    + (token.isEmpty() ? "" : ", \"page_token\": \"" + token + "\"")
                    + "}");
        page.getAsJsonArray("runs")
            .forEach(
                run ->
                    order.add(
                        run.getAsJsonObject().getAsJsonObject("info").get("run_id").getAsString()));
        token = page.has("next_page_token") ? page.get("next_page_token").getAsString() : "";
      } while (!token.isEmpty());
      // Numbers in order, then NaN, then the run without the metric, whatever the direction.
      assertThat(order)
          .containsExactly(runs.get(3), runs.get(0), runs.get(1), runs.get(2), runs.get(4));

      JsonObject filtered =
          server.ok(
              "runs/search",
              "{\"experiment_ids\": [\""
                  + experimentId
                  + "\"], \"filter\": \"metrics.loss < 0.6 and attributes.status = 'RUNNING'\"}");
      // NaN compares as 0, as MLflow's SQL store keeps it.
      assertThat(filtered.getAsJsonArray("runs")).hasSize(3);
      Answer bad =
          server.post(
              "runs/search",
              "{\"experiment_ids\": [\""
                  + experimentId
                  + "\"], \"filter\": \"metrics.loss >>> 1\"}");
      assertThat(bad.errorCode()).isEqualTo("INVALID_PARAMETER_VALUE");
    }
  }

  private static Map<String, String> pairs(JsonArray array) {
    Map<String, String> found = new java.util.TreeMap<>();
    if (array != null) {
      array.forEach(
          item ->
              found.put(
                  item.getAsJsonObject().get("key").getAsString(),
                  item.getAsJsonObject().get("value").getAsString()));
    }
    return found;
  }
}
