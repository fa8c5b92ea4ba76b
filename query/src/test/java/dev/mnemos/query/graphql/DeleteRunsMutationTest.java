package dev.mnemos.query.graphql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnemos.proto.mlmd.Context;
import dev.mnemos.proto.mlmd.Execution;
import dev.mnemos.proto.mlmd.PutContextsRequest;
import dev.mnemos.query.testing.Pipelines;
import dev.mnemos.query.testing.QueryStack;
import dev.mnemos.server.auth.Caller;
import dev.mnemos.server.testing.Backend;
import dev.mnemos.server.testing.StoreTest;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code deleteRuns}: a dry run by default, then the deletion; runs chosen by id or by pipeline
 * keeping the newest; admins only; bad input refused before anything is written.
 */
class DeleteRunsMutationTest {

  private static final String DELETE =
      "mutation($input: DeleteRunsInput!) { deleteRuns(input: $input) { dryRun marked counts {"
          + " removedRuns retainedRuns removedArtifacts removedExecutions } removedRunIds"
          + " retainedRunIds removedExecutionIds removedArtifacts { id uri } } }";

  @SuppressWarnings("unchecked")
  private static Map<String, Object> delete(QueryStack stack, Map<String, Object> input) {
    Map<String, Object> response =
        stack.layer().engine().execute(DELETE, null, Map.of("input", input), Caller.OPEN);
    assertThat(response).doesNotContainKey("errors");
    return (Map<String, Object>) ((Map<String, Object>) response.get("data")).get("deleteRuns");
  }

  @SuppressWarnings("unchecked")
  private static List<String> errorCodes(
      QueryStack stack, Caller caller, Map<String, Object> input) {
    Map<String, Object> response =
        stack.layer().engine().execute(DELETE, null, Map.of("input", input), caller);
    return ((List<Map<String, Object>>) response.get("errors"))
        .stream()
            .map(error -> (String) ((Map<String, Object>) error.get("extensions")).get("code"))
            .toList();
  }

  @SuppressWarnings("unchecked")
  private static List<String> runNames(QueryStack stack) {
    Map<String, Object> runs =
        (Map<String, Object>)
            stack.data("{ runs(input: {pipeline: \"churn\"}) { nodes { name } } }").get("runs");
    return ((List<Map<String, Object>>) runs.get("nodes"))
        .stream().map(run -> (String) run.get("name")).toList();
  }

  private static Pipelines.V2Run run(Pipelines pipelines, String name) {
    return pipelines.v2Run(
        "churn", name, Map.of(), Map.of("accuracy", 0.5), Execution.State.COMPLETE);
  }

  @StoreTest
  @SuppressWarnings("unchecked")
  void aDryRunByDefaultThenTheDeletion(Backend.FreshDatabase db) throws Exception {
    try (QueryStack stack = QueryStack.start(db)) {
      Pipelines pipelines = new Pipelines(stack);
      Pipelines.V2Run old = run(pipelines, "old");
      run(pipelines, "new");

      Map<String, Object> planned = delete(stack, Map.of("runIds", List.of(old.runId())));

      assertThat(planned.get("dryRun")).isEqualTo(true);
      assertThat(runNames(stack)).containsExactlyInAnyOrder("old", "new");
      Map<String, Object> counts = (Map<String, Object>) planned.get("counts");
      assertThat(counts.get("removedRuns")).isEqualTo(1);
      assertThat(counts.get("removedExecutions")).isEqualTo(4);
      assertThat((List<Object>) planned.get("removedArtifacts"))
          .contains(
              Map.of(
                  "id",
                  old.modelId(),
                  "uri",
                  "minio://mlpipeline/v2/artifacts/churn/old/train/churn_model"));

      Map<String, Object> done =
          delete(stack, Map.of("runIds", List.of(old.runId()), "dryRun", false));

      assertThat(done.get("dryRun")).isEqualTo(false);
      assertThat(done.get("counts")).isEqualTo(planned.get("counts"));
      assertThat(done.get("removedArtifacts")).isEqualTo(planned.get("removedArtifacts"));
      assertThat(runNames(stack)).containsExactly("new");
    }
  }

  @StoreTest
  void aPipelineKeepingItsNewestRunsAndARetainedRunSaysSo(Backend.FreshDatabase db)
      throws Exception {
    try (QueryStack stack = QueryStack.start(db)) {
      Pipelines pipelines = new Pipelines(stack);
      Pipelines.V2Run first = run(pipelines, "r1");
      run(pipelines, "r2");
      run(pipelines, "r3");

      delete(
          stack,
          Map.of(
              "filter",
              Map.of("pipeline", "churn", "keepNewest", 1),
              "protectArtifacts",
              "uri LIKE '%/r1/train/%'",
              "dryRun",
              false));

      assertThat(runNames(stack)).containsExactlyInAnyOrder("r1", "r3");
      assertThat(stack.data("{ run(input: {id: " + first.runId() + "}) { retainedForLineage } }"))
          .isEqualTo(Map.of("run", Map.of("retainedForLineage", true)));
    }
  }

  @StoreTest
  @SuppressWarnings("unchecked")
  void aRunTypeChoosesTheRunsOfThatTypeOnly(Backend.FreshDatabase db) throws Exception {
    try (QueryStack stack = QueryStack.start(db)) {
      Pipelines pipelines = new Pipelines(stack);
      Pipelines.V2Run v2 = run(pipelines, "v2");
      long v1 =
          stack
              .api()
              .putContexts(
                  PutContextsRequest.newBuilder()
                      .addContexts(
                          Context.newBuilder()
                              .setTypeId(pipelines.contextType("KfpRun"))
                              .setName("v1"))
                      .build())
              .getContextIds(0);

      Map<String, Object> v1Runs = delete(stack, Map.of("filter", Map.of("runType", "KfpRun")));
      Map<String, Object> v2Runs =
          delete(stack, Map.of("filter", Map.of("runType", "system.PipelineRun", "keepNewest", 0)));

      assertThat((List<Object>) v1Runs.get("removedRunIds")).containsExactly(v1);
      assertThat((List<Object>) v2Runs.get("removedRunIds")).containsExactly(v2.runId());
      assertThat(
              errorCodes(
                  stack, Caller.OPEN, Map.of("filter", Map.of("runType", "system.Pipeline"))))
          .containsExactly("BAD_INPUT");
    }
  }

  @StoreTest
  @SuppressWarnings("unchecked")
  void markingSetsTheStateOfWhatWouldGoAndKeepsTheRun(Backend.FreshDatabase db) throws Exception {
    try (QueryStack stack = QueryStack.start(db)) {
      Pipelines.V2Run old = run(new Pipelines(stack), "old");

      Map<String, Object> marked =
          delete(stack, Map.of("runIds", List.of(old.runId()), "mark", "DELETED", "dryRun", false));

      assertThat(marked.get("marked")).isEqualTo("DELETED");
      assertThat((List<Object>) marked.get("removedArtifacts")).hasSize(4);
      assertThat(runNames(stack)).containsExactly("old");
      assertThat(
              stack.data(
                  "{ node(input: {kind: ARTIFACT, id: "
                      + old.modelId()
                      + "}) { ... on Artifact { state } } }"))
          .isEqualTo(Map.of("node", Map.of("state", "DELETED")));
    }
  }

  @StoreTest
  void onlyAdminsDeleteAndBadInputIsRefusedBeforeAnythingIsWritten(Backend.FreshDatabase db)
      throws Exception {
    try (QueryStack stack = QueryStack.start(db)) {
      Pipelines.V2Run old = run(new Pipelines(stack), "old");
      Caller alice = new Caller("alice", Set.of(), Caller.How.TOKEN, false);

      assertThat(errorCodes(stack, alice, Map.of("runIds", List.of(old.runId()), "dryRun", false)))
          .containsExactly("FORBIDDEN");
      assertThat(errorCodes(stack, Caller.OPEN, Map.of("dryRun", false)))
          .containsExactly("BAD_INPUT");
      assertThat(
              errorCodes(
                  stack,
                  Caller.OPEN,
                  Map.of(
                      "runIds",
                      List.of(old.runId()),
                      "protectArtifacts",
                      "uri ==",
                      "dryRun",
                      false)))
          .containsExactly("BAD_INPUT");
      assertThat(errorCodes(stack, Caller.OPEN, Map.of("runIds", List.of(old.pipelineId()))))
          .containsExactly("BAD_INPUT");
      assertThat(errorCodes(stack, Caller.OPEN, Map.of("runIds", List.of(424242))))
          .containsExactly("NOT_FOUND");
      assertThat(runNames(stack)).containsExactly("old");
    }
  }
}
