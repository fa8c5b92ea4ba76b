package dev.mnemos.mlflow.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.mnemos.migrations.NodeKind;
import dev.mnemos.mlflow.TrackingServer;
import dev.mnemos.proto.mlmd.Artifact;
import dev.mnemos.proto.mlmd.Event;
import dev.mnemos.server.model.LineageEvent;
import dev.mnemos.server.model.Node;
import dev.mnemos.server.model.TypeRef;
import dev.mnemos.server.testing.Backend;
import dev.mnemos.server.testing.StoreTest;
import java.util.ArrayList;
import java.util.List;

/**
 * Logged models (MLflow 3) over HTTP and in the MLMD graph, on every backend: the calls MLflow's
 * {@code log_model} makes, the model's lifecycle, and its run's outputs as lineage.
 */
class LoggedModelsApiTest {

  private static JsonObject info(JsonObject answer) {
    return answer.getAsJsonObject("model").getAsJsonObject("info");
  }

  private static JsonObject create(TrackingServer server, String body) {
    return server.ok("logged-models", body);
  }

  private static List<String> searchNames(TrackingServer server, String body) {
    List<String> names = new ArrayList<>();
    JsonObject answer = server.ok("logged-models/search", body);
    if (answer.has("models")) {
      for (JsonElement model : answer.getAsJsonArray("models")) {
        names.add(model.getAsJsonObject().getAsJsonObject("info").get("name").getAsString());
      }
    }
    return names;
  }

  @StoreTest
  void aModelLoggedByARunIsAnArtifactItsRunWroteAndAnswersAsMlflow(Backend.FreshDatabase db)
      throws Exception {
    try (TrackingServer server = TrackingServer.start(db)) {
      String experimentId = server.createExperiment("e");
      String runId = server.createRun(experimentId, 1000);
      JsonObject created =
          info(
              create(
                  server,
                  "{\"experiment_id\": \""
                      + experimentId
                      + "\", \"name\": \"clf\", \"source_run_id\": \""
                      + runId
                      + "\", \"model_type\": \"sklearn\", \"tags\": [{\"key\": \"t\", \"value\":"
                      + " \"1\"}], \"params\": [{\"key\": \"depth\", \"value\": \"6\"}]}"));
      String modelId = created.get("model_id").getAsString();
      assertThat(modelId).matches("m-[0-9a-f]{32}");
      assertThat(created.get("status").getAsString()).isEqualTo("LOGGED_MODEL_PENDING");
      assertThat(created.get("artifact_uri").getAsString())
          .endsWith("/" + experimentId + "/models/" + modelId + "/artifacts");
      assertThat(created.get("source_run_id").getAsString()).isEqualTo(runId);
      assertThat(created.get("tags").toString()).isEqualTo("[{\"key\":\"t\",\"value\":\"1\"}]");

      server.ok(
          "runs/outputs",
          "{\"run_id\": \"" + runId + "\", \"models\": [{\"model_id\": \"" + modelId + "\"}]}");
      assertThat(
              server
                  .post(
                      "runs/outputs",
                      "{\"run_id\": \""
                          + runId
                          + "\", \"models\": [{\"model_id\": \""
                          + modelId
                          + "\", \"step\": 2}]}")
                  .errorCode())
          .as("the same output twice, as MLflow's table refuses it")
          .isEqualTo("BAD_REQUEST");
      // The metric log_model copies to the model, on a dataset.
      server.ok(
          "runs/log-metric",
          "{\"run_id\": \""
              + runId
              + "\", \"key\": \"acc\", \"value\": 0.9, \"timestamp\": 5, \"step\": 0,"
              + " \"model_id\": \""
              + modelId
              + "\", \"dataset_name\": \"holdout\", \"dataset_digest\": \"d1\"}");
      JsonObject finalized =
          server
              .send(
                  "PATCH",
                  "logged-models/" + modelId,
                  "{\"model_id\": \"" + modelId + "\", \"status\": \"LOGGED_MODEL_READY\"}")
              .json();
      assertThat(info(finalized).get("status").getAsString()).isEqualTo("LOGGED_MODEL_READY");
      server.send(
          "PATCH",
          "logged-models/" + modelId + "/tags",
          "{\"tags\": [{\"key\": \"t\", \"value\": \"2\"}, {\"key\": \"u\", \"value\": \"3\"}]}");
      server.ok(
          "logged-models/" + modelId + "/params",
          "{\"model_id\": \""
              + modelId
              + "\", \"params\": [{\"key\": \"lr\", \"value\": \"0.1\"}]}");

      JsonObject model = server.get("logged-models/" + modelId, "").json().getAsJsonObject("model");
      assertThat(model.getAsJsonObject("info").get("tags").toString())
          .isEqualTo("[{\"key\":\"t\",\"value\":\"2\"},{\"key\":\"u\",\"value\":\"3\"}]");
      assertThat(model.getAsJsonObject("data").get("params").toString())
          .isEqualTo("[{\"key\":\"depth\",\"value\":\"6\"},{\"key\":\"lr\",\"value\":\"0.1\"}]");
      assertThat(model.getAsJsonObject("data").get("metrics").toString())
          .isEqualTo(
              "[{\"key\":\"acc\",\"value\":0.9,\"timestamp\":5,\"step\":0,\"dataset_name\":"
                  + "\"holdout\",\"dataset_digest\":\"d1\",\"model_id\":\""
                  + modelId
                  + "\",\"run_id\":\""
                  + runId
                  + "\"}]");
      JsonObject run = server.get("runs/get", "run_id=" + runId).json().getAsJsonObject("run");
      assertThat(run.getAsJsonObject("outputs").toString())
          .isEqualTo("{\"model_outputs\":[{\"model_id\":\"" + modelId + "\",\"step\":0}]}");
      assertThat(run.getAsJsonObject("data").getAsJsonArray("metrics")).hasSize(1);

      // In MLMD: an artifact the run's execution wrote, in the run's and the experiment's contexts.
      Node artifact =
          server
              .store()
              .graph()
              .nodeByTypeAndName(NodeKind.ARTIFACT, new TypeRef("mlflow.LoggedModel", ""), modelId)
              .orElseThrow();
      assertThat(artifact.state()).isEqualTo((long) Artifact.State.LIVE_VALUE);
      List<LineageEvent> events =
          server
              .store()
              .graph()
              .events(NodeKind.ARTIFACT, List.of(artifact.storedId()))
              .get(artifact.storedId());
      assertThat(events).singleElement().matches(event -> event.type() == Event.Type.OUTPUT);
      assertThat(
              server
                  .store()
                  .graph()
                  .contextsOf(NodeKind.ARTIFACT, List.of(artifact.storedId()))
                  .get(artifact.storedId()))
          .contains(server.runContextId(runId))
          .hasSize(2);

      // A run reading the model: MLflow's model_inputs, an INPUT event.
      String scoring = server.createRun(experimentId, 2000);
      server.ok(
          "runs/log-inputs",
          "{\"run_id\": \""
              + scoring
              + "\", \"models\": [{\"model_id\": \""
              + modelId
              + "\"}, {\"model_id\": \""
              + modelId
              + "\"}]}");
      assertThat(
              server
                  .get("runs/get", "run_id=" + scoring)
                  .json()
                  .getAsJsonObject("run")
                  .getAsJsonObject("inputs")
                  .toString())
          .isEqualTo("{\"model_inputs\":[{\"model_id\":\"" + modelId + "\"}]}");
    }
  }

  @StoreTest
  void searchOrdersAndPagesAsMlflowAndDeletedModelsDropOut(Backend.FreshDatabase db)
      throws Exception {
    try (TrackingServer server = TrackingServer.start(db)) {
      String experimentId = server.createExperiment("e");
      String runId = server.createRun(experimentId, 1000);
      List<String> ids = new ArrayList<>();
      for (String name : List.of("a", "b", "c")) {
        ids.add(
            info(create(
                    server,
                    "{\"experiment_id\": \"" + experimentId + "\", \"name\": \"" + name + "\"}"))
                .get("model_id")
                .getAsString());
      }
      // b scores best, a worst, c has no score: last whichever the direction.
      for (int i = 0; i < 2; i++) {
        server.ok(
            "runs/log-metric",
            "{\"run_id\": \""
                + runId
                + "\", \"key\": \"acc\", \"value\": "
                + (i == 0 ? 0.5 : 0.9)
                + ", \"timestamp\": 1, \"model_id\": \""
                + ids.get(i)
                + "\"}");
      }
      String search = "{\"experiment_ids\": [\"" + experimentId + "\"], ";
      assertThat(searchNames(server, search + "\"filter\": \"metrics.acc > 0.6\"}"))
          .containsExactly("b");
      assertThat(
              searchNames(
                  server,
                  search
                      + "\"filter\": \"metrics.acc >= 0.5 AND name != 'b'\", \"order_by\":"
                      + " [{\"field_name\": \"name\"}]}"))
          .containsExactly("a");
      assertThat(
              searchNames(
                  server,
                  search
                      + "\"filter\": \"name IN ('a', 'c')\", \"order_by\": [{\"field_name\":"
                      + " \"name\"}]}"))
          .containsExactly("a", "c");
      assertThat(searchNames(server, search + "\"filter\": \"model_type = 'x'\"}")).isEmpty();
      assertThat(
              server
                  .post("logged-models/search", search + "\"filter\": \"metrics.acc LIKE 'x'\"}")
                  .errorCode())
          .isEqualTo("INVALID_PARAMETER_VALUE");
      // A value on a dataset: datasets keep the models with one.
      server.ok(
          "runs/log-metric",
          "{\"run_id\": \""
              + runId
              + "\", \"key\": \"auc\", \"value\": 0.1, \"timestamp\": 2, \"model_id\": \""
              + ids.get(2)
              + "\", \"dataset_name\": \"holdout\", \"dataset_digest\": \"d1\"}");
      assertThat(
              searchNames(
                  server,
                  search
                      + "\"datasets\": [{\"dataset_name\": \"holdout\", \"dataset_digest\":"
                      + " \"d1\"}]}"))
          .containsExactly("c");
      assertThat(
              searchNames(
                  server,
                  search
                      + "\"filter\": \"metrics.auc < 0.6\", \"datasets\": [{\"dataset_name\":"
                      + " \"holdout\", \"dataset_digest\": \"d1\"}]}"))
          .as("only values on the dataset compare")
          .containsExactly("c");
      assertThat(
              searchNames(
                  server,
                  search
                      + "\"order_by\": [{\"field_name\": \"metrics.acc\", \"ascending\": false}]}"))
          .containsExactly("b", "a", "c");
      assertThat(searchNames(server, search + "\"order_by\": [{\"field_name\": \"metrics.acc\"}]}"))
          .containsExactly("a", "b", "c");
      assertThat(
              searchNames(
                  server,
                  search + "\"order_by\": [{\"field_name\": \"name\", \"ascending\": false}]}"))
          .containsExactly("c", "b", "a");

      JsonObject firstPage = server.ok("logged-models/search", search + "\"max_results\": 2}");
      assertThat(firstPage.getAsJsonArray("models")).hasSize(2);
      JsonObject secondPage =
          server.ok(
              "logged-models/search",
              search
                  + "\"max_results\": 2, \"page_token\": \""
                  + firstPage.get("next_page_token").getAsString()
                  + "\"}");
      assertThat(secondPage.getAsJsonArray("models")).hasSize(1);
      assertThat(secondPage.has("next_page_token")).isFalse();

      server.send("DELETE", "logged-models/" + ids.get(0), "");
      assertThat(server.get("logged-models/" + ids.get(0), "").errorCode())
          .isEqualTo("RESOURCE_DOES_NOT_EXIST");
      assertThat(server.get("logged-models/" + ids.get(0), "allow_deleted=true").status())
          .isEqualTo(200);
      assertThat(searchNames(server, search + "\"order_by\": [{\"field_name\": \"name\"}]}"))
          .containsExactly("b", "c");
    }
  }

  @StoreTest
  void refusalsAreMlflows(Backend.FreshDatabase db) throws Exception {
    try (TrackingServer server = TrackingServer.start(db)) {
      String experimentId = server.createExperiment("e");
      String modelId =
          info(create(server, "{\"experiment_id\": \"" + experimentId + "\"}"))
              .get("model_id")
              .getAsString();
      assertThat(
              server
                  .post(
                      "logged-models",
                      "{\"experiment_id\": \"" + experimentId + "\", \"name\": \"a/b\"}")
                  .errorCode())
          .isEqualTo("INVALID_PARAMETER_VALUE");
      assertThat(server.post("logged-models", "{\"experiment_id\": \"999\"}").errorCode())
          .isEqualTo("RESOURCE_DOES_NOT_EXIST");
      assertThat(server.get("logged-models/m-nope", "").errorCode())
          .isEqualTo("RESOURCE_DOES_NOT_EXIST");
      assertThat(server.send("DELETE", "logged-models/" + modelId + "/tags/none", "").errorCode())
          .isEqualTo("RESOURCE_DOES_NOT_EXIST");
      assertThat(
              server
                  .send("PATCH", "logged-models/" + modelId, "{\"status\": \"LOGGED_MODEL_READY\"}")
                  .errorCode())
          .as("finalize names the model in its body, as MLflow's client sends it")
          .isEqualTo("INVALID_PARAMETER_VALUE");
      assertThat(server.get("logged-models/" + modelId + "/params", "").status()).isEqualTo(405);
      assertThat(
              server
                  .post(
                      "logged-models/search",
                      "{\"experiment_ids\": [\""
                          + experimentId
                          + "\"], \"order_by\":"
                          + " [{\"field_name\": \"params.x\"}]}")
                  .errorCode())
          .isEqualTo("INVALID_PARAMETER_VALUE");
      server.ok("experiments/delete", "{\"experiment_id\": \"" + experimentId + "\"}");
      assertThat(
              server
                  .post("logged-models", "{\"experiment_id\": \"" + experimentId + "\"}")
                  .errorCode())
          .isEqualTo("INVALID_PARAMETER_VALUE");
      assertThat(info(server.get("logged-models/" + modelId, "").json()).get("name").getAsString())
          .as("a random name, as MLflow gives one")
          .matches("[a-z]+-[a-z]+-\\d+");
    }
  }
}
