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
import dev.mnemos.server.testing.AllAtOnce;
import dev.mnemos.server.testing.Backend;
import dev.mnemos.server.testing.StoreTest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * MLflow's model registry over HTTP and in the MLMD graph, on every backend: versions numbered per
 * model and linked to their runs, stages, aliases, renames and deletions as MLflow answers them,
 * and the checks MLflow makes of where a version comes from.
 */
class RegistryApiTest {

  private static JsonObject version(JsonObject answer) {
    return answer.getAsJsonObject("model_version");
  }

  private static JsonObject createVersion(TrackingServer server, String model, String runId) {
    return version(
        server.ok(
            "model-versions/create",
            "{\"name\": \""
                + model
                + "\", \"source\": \"runs:/"
                + runId
                + "/model\", \"run_id\": \""
                + runId
                + "\"}"));
  }

  private static List<String> versions(TrackingServer server, String filter) {
    TrackingServer.Answer answer =
        server.get(
            "model-versions/search", "filter=" + URLEncoder.encode(filter, StandardCharsets.UTF_8));
    assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
    List<String> found = new ArrayList<>();
    if (answer.json().has("model_versions")) {
      for (JsonElement element : answer.json().getAsJsonArray("model_versions")) {
        JsonObject item = element.getAsJsonObject();
        found.add(item.get("name").getAsString() + "/" + item.get("version").getAsString());
      }
    }
    return found;
  }

  @StoreTest
  void versionsAreNumberedPerModelAndWrittenByTheirRuns(Backend.FreshDatabase db) throws Exception {
    try (TrackingServer server = TrackingServer.start(db)) {
      String experimentId = server.createExperiment("e");
      String first = server.createRun(experimentId, 1000);
      String second = server.createRun(experimentId, 2000);
      server.ok("registered-models/create", "{\"name\": \"churn\"}");
      assertThat(server.post("registered-models/create", "{\"name\": \"churn\"}").errorCode())
          .isEqualTo("RESOURCE_ALREADY_EXISTS");

      assertThat(createVersion(server, "churn", first).get("version").getAsString()).isEqualTo("1");
      assertThat(createVersion(server, "churn", second).get("version").getAsString())
          .isEqualTo("2");
      server.send("DELETE", "model-versions/delete", "{\"name\": \"churn\", \"version\": \"2\"}");
      assertThat(server.get("model-versions/get", "name=churn&version=2").errorCode())
          .isEqualTo("RESOURCE_DOES_NOT_EXIST");
      assertThat(createVersion(server, "churn", second).get("version").getAsString())
          .as("a deleted version's number is never given again")
          .isEqualTo("3");

      Node context =
          server
              .store()
              .graph()
              .nodeByTypeAndName(
                  NodeKind.CONTEXT, new TypeRef("mlflow.RegisteredModel", ""), "churn")
              .orElseThrow();
      Node deleted = versionNode(server, context, 2);
      assertThat(deleted.state()).isEqualTo((long) Artifact.State.DELETED_VALUE);
      for (int number : new int[] {1, 3}) {
        Node stored = versionNode(server, context, number);
        assertThat(stored.state()).isEqualTo((long) Artifact.State.LIVE_VALUE);
        String runId = number == 1 ? first : second;
        assertThat(
                server
                    .store()
                    .graph()
                    .contextsOf(NodeKind.ARTIFACT, List.of(stored.storedId()))
                    .get(stored.storedId()))
            .containsExactlyInAnyOrder(context.storedId(), server.runContextId(runId));
        List<LineageEvent> events =
            server
                .store()
                .graph()
                .events(NodeKind.ARTIFACT, List.of(stored.storedId()))
                .get(stored.storedId());
        assertThat(events).singleElement().matches(event -> event.type() == Event.Type.OUTPUT);
        long execution = events.getFirst().executionId();
        assertThat(
                server
                    .store()
                    .graph()
                    .nodes(NodeKind.EXECUTION, List.of(execution))
                    .get(execution)
                    .name())
            .isEqualTo(runId);
      }
    }
  }

  private static Node versionNode(TrackingServer server, Node context, int number) {
    return server
        .store()
        .graph()
        .nodeByTypeAndName(
            NodeKind.ARTIFACT,
            new TypeRef("mlflow.ModelVersion", ""),
            context.storedId() + "/" + number)
        .orElseThrow();
  }

  @StoreTest
  void replicasCreatingVersionsAtOnceNeverShareANumber(Backend.FreshDatabase db) throws Exception {
    try (TrackingServer server = TrackingServer.start(db)) {
      String runId = server.createRun(server.createExperiment("e"), 1000);
      server.ok("registered-models/create", "{\"name\": \"m\"}");
      List<Callable<String>> creations = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        creations.add(() -> createVersion(server, "m", runId).get("version").getAsString());
      }
      assertThat(AllAtOnce.run(creations)).containsExactlyInAnyOrder("1", "2", "3", "4");
    }
  }

  @StoreTest
  void clientsRegisteringOneModelAtOnceCreateItOnceAndAreToldItExists(Backend.FreshDatabase db)
      throws Exception {
    try (TrackingServer server = TrackingServer.start(db)) {
      List<Callable<String>> creations = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        creations.add(
            () -> {
              TrackingServer.Answer answer =
                  server.post("registered-models/create", "{\"name\": \"sweep\"}");
              return answer.status() == 200 ? "created" : answer.errorCode();
            });
      }
      // What MLflow's log_model(registered_model_name=...) takes for "go on with a new version".
      assertThat(AllAtOnce.run(creations))
          .containsExactlyInAnyOrder(
              "created",
              "RESOURCE_ALREADY_EXISTS",
              "RESOURCE_ALREADY_EXISTS",
              "RESOURCE_ALREADY_EXISTS");
    }
  }

  @StoreTest
  void stagesAliasesRenamesAndDeletionsAnswerAsMlflow(Backend.FreshDatabase db) throws Exception {
    try (TrackingServer server = TrackingServer.start(db)) {
      String runId = server.createRun(server.createExperiment("e"), 1000);
      server.ok(
          "registered-models/create",
          "{\"name\": \"m\", \"tags\": [{\"key\": \"team\", \"value\": \"a\"}]}");
      for (int i = 0; i < 3; i++) {
        createVersion(server, "m", runId);
      }
      server.ok(
          "model-versions/transition-stage",
          "{\"name\": \"m\", \"version\": \"1\", \"stage\": \"production\"}");
      JsonObject moved =
          version(
              server.ok(
                  "model-versions/transition-stage",
                  "{\"name\": \"m\", \"version\": \"2\", \"stage\": \"Production\","
                      + " \"archive_existing_versions\": true}"));
      assertThat(moved.get("current_stage").getAsString()).isEqualTo("Production");
      assertThat(
              version(server.get("model-versions/get", "name=m&version=1").json())
                  .get("current_stage")
                  .getAsString())
          .isEqualTo("Archived");
      assertThat(
              server
                  .post(
                      "model-versions/transition-stage",
                      "{\"name\": \"m\", \"version\": \"1\", \"stage\": \"Archived\","
                          + " \"archive_existing_versions\": true}")
                  .errorCode())
          .isEqualTo("INTERNAL_ERROR");

      server.ok(
          "registered-models/alias",
          "{\"name\": \"m\", \"alias\": \"champion\", \"version\": \"3\"}");
      assertThat(
              server
                  .post(
                      "registered-models/alias",
                      "{\"name\": \"m\", \"alias\": \"v2\", \"version\": \"2\"}")
                  .errorCode())
          .isEqualTo("INVALID_PARAMETER_VALUE");
      assertThat(
              version(server.get("registered-models/alias", "name=m&alias=champion").json())
                  .get("aliases")
                  .toString())
          .isEqualTo("[\"champion\"]");
      assertThat(
              version(server.get("registered-models/alias", "name=m&alias=LATEST").json())
                  .get("version")
                  .getAsString())
          .isEqualTo("3");
      JsonObject latest = server.ok("registered-models/get-latest-versions", "{\"name\": \"m\"}");
      assertThat(latest.getAsJsonArray("model_versions")).hasSize(3);
      JsonObject production =
          server.ok(
              "registered-models/get-latest-versions",
              "{\"name\": \"m\", \"stages\": [\"production\"]}");
      assertThat(
              production
                  .getAsJsonArray("model_versions")
                  .get(0)
                  .getAsJsonObject()
                  .get("version")
                  .getAsString())
          .isEqualTo("2");

      server.send("DELETE", "model-versions/delete", "{\"name\": \"m\", \"version\": \"3\"}");
      assertThat(server.get("registered-models/alias", "name=m&alias=champion").errorCode())
          .as("an alias goes with its version")
          .isEqualTo("INVALID_PARAMETER_VALUE");

      server.ok("registered-models/create", "{\"name\": \"taken\"}");
      assertThat(
              server
                  .post("registered-models/rename", "{\"name\": \"m\", \"new_name\": \"taken\"}")
                  .errorCode())
          .isEqualTo("RESOURCE_ALREADY_EXISTS");
      JsonObject renamed =
          server
              .ok("registered-models/rename", "{\"name\": \"m\", \"new_name\": \"m2\"}")
              .getAsJsonObject("registered_model");
      assertThat(renamed.get("tags").toString()).isEqualTo("[{\"key\":\"team\",\"value\":\"a\"}]");
      assertThat(versions(server, "name = 'm2'")).containsExactly("m2/2", "m2/1");
      assertThat(versions(server, "name = 'm'")).isEmpty();

      server.send("DELETE", "registered-models/delete", "{\"name\": \"m2\"}");
      assertThat(server.get("registered-models/get", "name=m2").errorCode())
          .isEqualTo("RESOURCE_DOES_NOT_EXIST");
      assertThat(versions(server, "")).isEmpty();
      server.ok("registered-models/create", "{\"name\": \"m2\"}");
      assertThat(createVersion(server, "m2", runId).get("version").getAsString())
          .as("a model made again under a deleted one's name starts anew")
          .isEqualTo("1");
    }
  }

  @StoreTest
  void sourcesAndSearchesAreCheckedAsMlflowChecksThem(Backend.FreshDatabase db) throws Exception {
    try (TrackingServer server = TrackingServer.start(db)) {
      String experimentId = server.createExperiment("e");
      String runId = server.createRun(experimentId, 1000);
      String other = server.createRun(experimentId, 2000);
      server.ok("registered-models/create", "{\"name\": \"m\"}");
      String artifactUri =
          server
              .get("runs/get", "run_id=" + runId)
              .json()
              .getAsJsonObject("run")
              .getAsJsonObject("info")
              .get("artifact_uri")
              .getAsString();
      List<String> refused =
          List.of(
              "{\"name\": \"m\", \"source\": \"/etc/passwd\", \"run_id\": \"" + runId + "\"}",
              "{\"name\": \"m\", \"source\": \""
                  + artifactUri
                  + "/../../x\", \"run_id\": \""
                  + runId
                  + "\"}",
              "{\"name\": \"m\", \"source\": \"s3://bucket/a/../b\"}",
              "{\"name\": \"m\", \"source\": \"runs:/"
                  + other
                  + "/model\", \"run_id\": \""
                  + runId
                  + "\"}",
              "{\"name\": \"m\", \"source\": \"models:/m-0123\"}",
              "{\"name\": \"m\", \"source\": \"/tmp/a\\u0000b\", \"run_id\": \"" + runId + "\"}");
      for (String body : refused) {
        assertThat(server.post("model-versions/create", body).errorCode())
            .as(body)
            .isEqualTo("INVALID_PARAMETER_VALUE");
      }
      assertThat(
              server
                  .post(
                      "model-versions/create",
                      "{\"name\": \"m\", \"source\": \"s3://bucket/m\", \"run_id\": \""
                          + runId
                          + "\", \"model_id\": \"m-0123\"}")
                  .errorCode())
          .as("a model id naming no model refuses the version whole")
          .isEqualTo("RESOURCE_DOES_NOT_EXIST");
      assertThat(
              server
                  .post(
                      "model-versions/create",
                      "{\"name\": \"m\", \"source\": \"models:/m/99999999999\"}")
                  .errorCode())
          .as("a version number past an int's names no version")
          .isEqualTo("RESOURCE_DOES_NOT_EXIST");
      JsonObject local =
          version(
              server.ok(
                  "model-versions/create",
                  "{\"name\": \"m\", \"source\": \""
                      + artifactUri
                      + "/model\", \"run_id\": \""
                      + runId
                      + "\"}"));
      assertThat(local.get("version").getAsString()).isEqualTo("1");
      JsonObject copied =
          version(
              server.ok("model-versions/create", "{\"name\": \"m\", \"source\": \"models:/m/1\"}"));
      assertThat(copied.get("run_id").getAsString())
          .as("a models:/ source lends the version its run")
          .isEqualTo(runId);
      assertThat(
              server
                  .get("model-versions/get-download-uri", "name=m&version=2")
                  .json()
                  .get("artifact_uri")
                  .getAsString())
          .isEqualTo(artifactUri + "/model");

      server.ok(
          "registered-models/create",
          "{\"name\": \"prompt\", \"tags\": [{\"key\": \"mlflow.prompt.is_prompt\", \"value\":"
              + " \"true\"}]}");
      JsonObject models = server.get("registered-models/search", "").json();
      assertThat(models.getAsJsonArray("registered_models")).hasSize(1);
      assertThat(
              server
                  .get(
                      "registered-models/search",
                      "filter="
                          + URLEncoder.encode(
                              "tags.`mlflow.prompt.is_prompt` = 'true'", StandardCharsets.UTF_8))
                  .json()
                  .getAsJsonArray("registered_models")
                  .get(0)
                  .getAsJsonObject()
                  .get("name")
                  .getAsString())
          .isEqualTo("prompt");
      assertThat(versions(server, "version_number >= 2 AND name IN ('m', 'x')"))
          .containsExactly("m/2");
      assertThat(versions(server, "run_id = '" + runId + "'")).hasSize(2);
      assertThat(
              server
                  .get(
                      "model-versions/search",
                      "filter=" + URLEncoder.encode("status = 'READY'", StandardCharsets.UTF_8))
                  .errorCode())
          .isEqualTo("INVALID_PARAMETER_VALUE");
    }
  }
}
