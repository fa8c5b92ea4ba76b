package dev.mnemos.mlflow.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.mnemos.migrations.NodeKind;
import dev.mnemos.mlflow.TrackingServer;
import dev.mnemos.proto.mlmd.Event;
import dev.mnemos.server.model.LineageEvent;
import dev.mnemos.server.model.Node;
import dev.mnemos.server.model.TypeRef;
import dev.mnemos.server.testing.Backend;
import dev.mnemos.server.testing.StoreTest;
import java.util.ArrayList;
import java.util.List;

/** Datasets a run read (runs/log-inputs) over HTTP and in the MLMD graph, on every backend. */
class RunInputsApiTest {

  private static final String TRAINING =
      """
      {"tags": [{"key": "mlflow.data.context", "value": "training"}],
       "dataset": {"name": "churn", "digest": "d1", "source_type": "s3",
                   "source": "{\\"uri\\": \\"s3://bucket/churn.parquet\\"}", "schema": "{}"}}""";

  private static final String EVALUATION =
      """
      {"tags": [{"key": "mlflow.data.context", "value": "eval"}, {"key": "split", "value": "b"}],
       "dataset": {"name": "holdout", "digest": "d2", "source_type": "local", "source": "x"}}""";

  private static JsonObject logInputs(TrackingServer server, String runId, String... inputs) {
    return server.ok(
        "runs/log-inputs",
        "{\"run_id\": \"" + runId + "\", \"datasets\": [" + String.join(",", inputs) + "]}");
  }

  private static JsonArray inputs(TrackingServer server, String runId) {
    JsonObject inputs =
        server
            .get("runs/get", "run_id=" + runId)
            .json()
            .getAsJsonObject("run")
            .getAsJsonObject("inputs");
    return inputs.has("dataset_inputs") ? inputs.getAsJsonArray("dataset_inputs") : new JsonArray();
  }

  private static List<String> names(TrackingServer server, String experimentId, String filter) {
    JsonObject answer =
        server.ok(
            "runs/search",
            "{\"experiment_ids\": [\"" + experimentId + "\"], \"filter\": \"" + filter + "\"}");
    List<String> names = new ArrayList<>();
    if (answer.has("runs")) {
      answer
          .getAsJsonArray("runs")
          .forEach(
              run ->
                  names.add(
                      run.getAsJsonObject().getAsJsonObject("info").get("run_name").getAsString()));
    }
    return names;
  }

  @StoreTest
  void aRunsDatasetsAreArtifactsItReadAndAnswerAsMlflowAnswersThem(Backend.FreshDatabase db)
      throws Exception {
    try (TrackingServer server = TrackingServer.start(db)) {
      String experimentId = server.createExperiment("e");
      String first = server.createRun(experimentId, 1000);
      String second = server.createRun(experimentId, 2000);
      logInputs(server, first, TRAINING, EVALUATION, TRAINING.replace("training", "again"));
      // Logged again: kept as first logged, tags included.
      logInputs(server, first, TRAINING.replace("training", "changed"));
      logInputs(server, second, TRAINING);

      JsonArray logged = inputs(server, first);
      assertThat(logged).hasSize(2);
      JsonObject training = logged.get(0).getAsJsonObject();
      assertThat(training.getAsJsonObject("dataset").get("name").getAsString()).isEqualTo("churn");
      assertThat(training.getAsJsonObject("dataset").get("schema").getAsString()).isEqualTo("{}");
      assertThat(training.getAsJsonArray("tags").toString())
          .isEqualTo("[{\"key\":\"mlflow.data.context\",\"value\":\"training\"}]");
      JsonObject evaluation = logged.get(1).getAsJsonObject();
      assertThat(evaluation.getAsJsonObject("dataset").has("schema")).isFalse();
      assertThat(evaluation.getAsJsonArray("tags")).hasSize(2);

      // In MLMD: one artifact per experiment, name and digest, read by both runs' executions.
      Node churn =
          server
              .store()
              .graph()
              .nodeByTypeAndName(
                  NodeKind.ARTIFACT, new TypeRef("mlflow.Dataset", ""), experimentId + "/d1/churn")
              .orElseThrow();
      assertThat(churn.uri()).isEqualTo("s3://bucket/churn.parquet");
      List<LineageEvent> reads =
          server
              .store()
              .graph()
              .events(NodeKind.ARTIFACT, List.of(churn.storedId()))
              .get(churn.storedId());
      assertThat(reads).hasSize(2).allMatch(event -> event.type() == Event.Type.INPUT);
      assertThat(
              server
                  .store()
                  .graph()
                  .contextsOf(NodeKind.ARTIFACT, List.of(churn.storedId()))
                  .get(churn.storedId()))
          .hasSize(3);

      // Searches match a run when one of its datasets does.
      assertThat(names(server, experimentId, "datasets.name = 'holdout'")).containsExactly("r1000");
      assertThat(names(server, experimentId, "dataset.context = 'training'"))
          .containsExactly("r2000", "r1000");
      assertThat(names(server, experimentId, "datasets.name != 'churn'")).containsExactly("r1000");
      assertThat(names(server, experimentId, "datasets.digest IN ('d2', 'x')"))
          .containsExactly("r1000");
      assertThat(names(server, experimentId, "datasets.context LIKE 'ev%'"))
          .containsExactly("r1000");
    }
  }

  @StoreTest
  void refusalsAreMlflowsAndLeaveNothingHalfWritten(Backend.FreshDatabase db) throws Exception {
    try (TrackingServer server = TrackingServer.start(db)) {
      String experimentId = server.createExperiment("e");
      String runId = server.createRun(experimentId, 1000);
      String repeatedTag =
          EVALUATION.replace(
              "{\"key\": \"split\", \"value\": \"b\"}",
              "{\"key\": \"split\", \"value\": \"b\"}, {\"key\": \"split\", \"value\": \"c\"}");
      String body =
          "{\"run_id\": \"" + runId + "\", \"datasets\": [" + TRAINING + ", " + repeatedTag + "]}";
      assertThat(server.post("runs/log-inputs", body).errorCode()).isEqualTo("BAD_REQUEST");
      assertThat(inputs(server, runId)).isEmpty();

      String longName = TRAINING.replace("\"churn\"", "\"" + "n".repeat(501) + "\"");
      assertThat(
              server
                  .post(
                      "runs/log-inputs", "{\"run_id\": \"nope\", \"datasets\": [" + longName + "]}")
                  .errorCode())
          .isEqualTo("INVALID_PARAMETER_VALUE");
      assertThat(
              server
                  .post(
                      "runs/log-inputs", "{\"run_id\": \"nope\", \"datasets\": [" + TRAINING + "]}")
                  .errorCode())
          .isEqualTo("RESOURCE_DOES_NOT_EXIST");
      assertThat(
              server
                  .post("runs/log-inputs", "{\"run_id\": \"" + runId + "\", \"datasets\": \"x\"}")
                  .errorCode())
          .isEqualTo("INVALID_PARAMETER_VALUE");
      server.ok("runs/delete", "{\"run_id\": \"" + runId + "\"}");
      assertThat(
              server
                  .post(
                      "runs/log-inputs",
                      "{\"run_id\": \"" + runId + "\", \"datasets\": [" + TRAINING + "]}")
                  .errorCode())
          .isEqualTo("INVALID_PARAMETER_VALUE");
      assertThat(inputs(server, runId)).isEmpty();
    }
  }
}
