package dev.mnemos.query;

import static dev.mnemos.migrations.summary.jooq.Tables.MNEMOS_METRIC;
import static dev.mnemos.migrations.summary.jooq.Tables.MNEMOS_RUN;
import static dev.mnemos.migrations.summary.jooq.Tables.MNEMOS_RUN_PARAMETER;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mnemos.proto.mlmd.Association;
import dev.mnemos.proto.mlmd.Event;
import dev.mnemos.proto.mlmd.Execution;
import dev.mnemos.proto.mlmd.PutAttributionsAndAssociationsRequest;
import dev.mnemos.proto.mlmd.PutEventsRequest;
import dev.mnemos.proto.mlmd.PutExecutionsRequest;
import dev.mnemos.query.testing.Pipelines;
import dev.mnemos.query.testing.QueryStack;
import dev.mnemos.server.model.DeletionReport;
import dev.mnemos.server.model.DeletionRequest;
import dev.mnemos.server.store.BatchPace;
import dev.mnemos.server.testing.Await;
import dev.mnemos.server.testing.Backend;
import dev.mnemos.server.testing.StoreTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What derives from the store follows a deletion of runs in the same transaction (summaries) or
 * after it (search): a removed run leaves no summary row and no search hit; a retained run's row is
 * recomputed over what it still holds.
 */
class DeletedRunsTest {

  private static DeletionReport delete(QueryStack stack, long run) {
    return stack
        .store()
        .deletions()
        .delete(
            new DeletionRequest(
                Set.of(run), Set.of("system.PipelineRun"), Optional.empty(), Optional.empty()),
            BatchPace.fixed(10),
            report -> {});
  }

  private static int rowsOf(QueryStack stack, long run) {
    return stack
        .store()
        .database()
        .read(
            sql ->
                sql.fetchCount(MNEMOS_RUN, MNEMOS_RUN.RUN_ID.eq(run))
                    + sql.fetchCount(MNEMOS_METRIC, MNEMOS_METRIC.RUN_ID.eq(run))
                    + sql.fetchCount(MNEMOS_RUN_PARAMETER, MNEMOS_RUN_PARAMETER.RUN_ID.eq(run)));
  }

  @SuppressWarnings("unchecked")
  private static long searchHits(QueryStack stack, String text) {
    Map<String, Object> search =
        (Map<String, Object>)
            stack.data("{ search(input: {text: \"" + text + "\"}) { totalHits } }").get("search");
    return ((Number) search.get("totalHits")).longValue();
  }

  @SuppressWarnings("unchecked")
  private static List<Object> hits(QueryStack stack, String text) {
    Map<String, Object> search =
        (Map<String, Object>)
            stack
                .data("{ search(input: {text: \"" + text + "\"}) { hits { node { id } } } }")
                .get("search");
    return (List<Object>) search.get("hits");
  }

  @SuppressWarnings("unchecked")
  private static List<String> runsOf(QueryStack stack, String pipeline) {
    Map<String, Object> runs =
        (Map<String, Object>)
            stack
                .data("{ runs(input: {pipeline: \"" + pipeline + "\"}) { nodes { name } } }")
                .get("runs");
    return ((List<Map<String, Object>>) runs.get("nodes"))
        .stream().map(run -> (String) run.get("name")).toList();
  }

  @StoreTest
  void aRemovedRunLeavesNoSummaryRowAndNoSearchHit(Backend.FreshDatabase db) throws Exception {
    try (QueryStack stack = QueryStack.start(db)) {
      Pipelines pipelines = new Pipelines(stack);
      Pipelines.V2Run gone =
          pipelines.v2Run(
              "churn", "old", Map.of("lr", 0.1), Map.of("accuracy", 0.8), Execution.State.COMPLETE);
      pipelines.v2Run(
          "churn", "new", Map.of("lr", 0.2), Map.of("accuracy", 0.9), Execution.State.COMPLETE);
      stack.awaitSearch();
      assertThat(rowsOf(stack, gone.runId())).isGreaterThan(2);
      assertThat(searchHits(stack, "uri:old")).isPositive();

      DeletionReport report = delete(stack, gone.runId());
      stack.awaitSearch();

      assertThat(report.removedRuns()).containsExactly(gone.runId());
      assertThat(rowsOf(stack, gone.runId())).isZero();
      assertThat(runsOf(stack, "churn")).containsExactly("new");
      assertThat(searchHits(stack, "uri:old")).isZero();
      assertThat(searchHits(stack, "uri:new")).isPositive();
    }
  }

  @StoreTest
  void aNodeAnotherReplicaDeletedIsNoHitHere(Backend.FreshDatabase db) throws Exception {
    try (QueryStack deleting = QueryStack.start(db);
        QueryStack other = QueryStack.start(db)) {
      Pipelines.V2Run gone =
          new Pipelines(deleting)
              .v2Run("churn", "old", Map.of(), Map.of(), Execution.State.COMPLETE);
      // The other replica finds what the first wrote by polling the database.
      Await.until(
          "the other replica indexed the run",
          Duration.ofSeconds(30),
          () -> !hits(other, "uri:old").isEmpty());

      delete(deleting, gone.runId());

      // The other replica's index still holds the documents; its answer leaves them out.
      assertThat(hits(other, "uri:old")).isEmpty();
    }
  }

  @StoreTest
  @SuppressWarnings("unchecked")
  void aRetainedRunIsSummarisedOverWhatItStillHolds(Backend.FreshDatabase db) throws Exception {
    try (QueryStack stack = QueryStack.start(db)) {
      Pipelines pipelines = new Pipelines(stack);
      Pipelines.V2Run old =
          pipelines.v2Run(
              "churn", "old", Map.of(), Map.of("accuracy", 0.8), Execution.State.COMPLETE);
      Pipelines.V2Run next =
          pipelines.v2Run(
              "churn", "new", Map.of(), Map.of("accuracy", 0.9), Execution.State.COMPLETE);
      // A step of the new run reads the old run's model: the model, the step that trained it and
      // what that read stay; the old run's evaluation goes.
      long reader =
          stack
              .api()
              .putExecutions(
                  PutExecutionsRequest.newBuilder()
                      .addExecutions(
                          Execution.newBuilder()
                              .setTypeId(pipelines.executionType("system.ContainerExecution")))
                      .build())
              .getExecutionIds(0);
      stack
          .api()
          .putAttributionsAndAssociations(
              PutAttributionsAndAssociationsRequest.newBuilder()
                  .addAssociations(
                      Association.newBuilder().setContextId(next.runId()).setExecutionId(reader))
                  .build());
      stack
          .api()
          .putEvents(
              PutEventsRequest.newBuilder()
                  .addEvents(
                      Event.newBuilder()
                          .setArtifactId(old.modelId())
                          .setExecutionId(reader)
                          .setType(Event.Type.INPUT))
                  .build());

      DeletionReport report = delete(stack, old.runId());

      assertThat(report.retainedRuns()).containsExactly(old.runId());
      assertThat(report.executions()).contains(old.evaluateId()).doesNotContain(old.trainId());
      assertThat(report.artifacts()).contains(old.metricsId()).doesNotContain(old.modelId());
      long executions =
          stack
              .store()
              .database()
              .read(
                  sql ->
                      sql.select(MNEMOS_RUN.EXECUTION_COUNT)
                          .from(MNEMOS_RUN)
                          .where(MNEMOS_RUN.RUN_ID.eq(old.runId()))
                          .fetchSingle(MNEMOS_RUN.EXECUTION_COUNT));
      assertThat(executions).isEqualTo(2); // ingest and train
      int metrics =
          stack
              .store()
              .database()
              .read(sql -> sql.fetchCount(MNEMOS_METRIC, MNEMOS_METRIC.RUN_ID.eq(old.runId())));
      assertThat(metrics).as("the evaluation's metrics went with it").isZero();
      assertThat(runsOf(stack, "churn")).containsExactlyInAnyOrder("old", "new");
    }
  }
}
