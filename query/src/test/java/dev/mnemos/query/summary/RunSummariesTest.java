package dev.mnemos.query.summary;

import static dev.mnemos.migrations.summary.jooq.Tables.MNEMOS_METRIC;
import static dev.mnemos.migrations.summary.jooq.Tables.MNEMOS_RUN;
import static dev.mnemos.migrations.summary.jooq.Tables.MNEMOS_RUN_PARAMETER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mnemos.proto.mlmd.Context;
import dev.mnemos.proto.mlmd.Execution;
import dev.mnemos.proto.mlmd.GetExecutionsByIDRequest;
import dev.mnemos.proto.mlmd.PutContextsRequest;
import dev.mnemos.proto.mlmd.PutExecutionsRequest;
import dev.mnemos.proto.mlmd.Value;
import dev.mnemos.query.config.QuerySettings;
import dev.mnemos.query.testing.Pipelines;
import dev.mnemos.query.testing.QueryStack;
import dev.mnemos.server.store.DatabaseSettings;
import dev.mnemos.server.store.MetadataStore;
import dev.mnemos.server.testing.AllAtOnce;
import dev.mnemos.server.testing.Backend;
import dev.mnemos.server.testing.StoreTest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.jooq.Table;

class RunSummariesTest {

  private static int count(QueryStack stack, Table<?> table) {
    return stack.store().database().read(sql -> sql.fetchCount(table));
  }

  @StoreTest
  void aWriteAndItsSummaryCommitTogetherOrNotAtAll(Backend.FreshDatabase db) throws Exception {
    try (QueryStack stack = QueryStack.start(db)) {
      Pipelines pipelines = new Pipelines(stack);
      long runType = pipelines.contextType("system.PipelineRun");
      Context fresh = Context.newBuilder().setTypeId(runType).setName("fresh").build();
      Context duplicate = Context.newBuilder().setTypeId(runType).setName("taken").build();
      stack.api().putContexts(PutContextsRequest.newBuilder().addContexts(duplicate).build());
      assertThat(count(stack, MNEMOS_RUN)).as("visible as soon as the write returns").isEqualTo(1);

      StatusRuntimeException refused =
          catchThrowableOfType(
              StatusRuntimeException.class,
              () ->
                  stack
                      .api()
                      .putContexts(
                          PutContextsRequest.newBuilder()
                              .addContexts(fresh)
                              .addContexts(duplicate)
                              .build()));

      assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.ALREADY_EXISTS);
      assertThat(count(stack, MNEMOS_RUN))
          .as("the first context's run row rolled back")
          .isEqualTo(1);
    }
  }

  @StoreTest
  void aRunWithTwentyThousandParametersAndMetricsIsSummarisedWhole(Backend.FreshDatabase db)
      throws Exception {
    // Each summary table took one INSERT for all rows: past 32,766 bound values or 1 MB of SQL
    // text SQLite refuses it, and the write it belongs to fails with it.
    Map<String, Object> arguments = new HashMap<>();
    Map<String, Double> metrics = new HashMap<>();
    for (int i = 0; i < 20_000; i++) {
      arguments.put("a" + i, (double) i);
      metrics.put("m" + i, (double) i);
    }
    try (QueryStack stack = QueryStack.start(db)) {
      new Pipelines(stack).v2Run("wide", "r1", arguments, metrics, Execution.State.COMPLETE);
      assertThat(count(stack, MNEMOS_RUN_PARAMETER)).isEqualTo(20_000);
      assertThat(count(stack, MNEMOS_METRIC)).isEqualTo(20_000);
    }
  }

  @StoreTest
  void updatingAMetricReplacesItsSummaryRow(Backend.FreshDatabase db) throws Exception {
    try (QueryStack stack = QueryStack.start(db)) {
      Pipelines.V2Run run =
          new Pipelines(stack)
              .v2Run("churn", "r1", Map.of(), Map.of("accuracy", 0.5), Execution.State.RUNNING);
      var stored =
          stack
              .api()
              .getExecutionsByID(
                  GetExecutionsByIDRequest.newBuilder()
                      .addExecutionIds(run.rootId())
                      .addExecutionIds(run.evaluateId())
                      .build())
              .getExecutionsList();
      assertThat(
              stack
                  .store()
                  .database()
                  .read(sql -> sql.selectFrom(MNEMOS_RUN).fetchOne())
                  .getState())
          .isEqualTo((long) Execution.State.RUNNING_VALUE);
      PutExecutionsRequest.Builder finish = PutExecutionsRequest.newBuilder();
      for (Execution execution : stored) {
        Execution.Builder done = execution.toBuilder().setLastKnownState(Execution.State.COMPLETE);
        if (execution.getId() == run.evaluateId()) {
          done.putCustomProperties("loss", Value.newBuilder().setDoubleValue(0.1).build());
        }
        finish.addExecutions(done);
      }
      stack.api().putExecutions(finish.build());

      var summary = stack.store().database().read(sql -> sql.selectFrom(MNEMOS_RUN).fetchOne());
      assertThat(summary.getState()).isEqualTo((long) Execution.State.COMPLETE_VALUE);
      assertThat(summary.getEndTimeSinceEpoch()).isNotNull();
      List<String> metrics =
          stack
              .store()
              .database()
              .read(
                  sql ->
                      sql.select(MNEMOS_METRIC.NAME)
                          .from(MNEMOS_METRIC)
                          .orderBy(MNEMOS_METRIC.NAME)
                          .fetch(MNEMOS_METRIC.NAME));
      assertThat(metrics).containsExactly("accuracy", "loss");
    }
  }

  @StoreTest
  void otherSettingsOrAnUnsummarisedDatabaseAreBackFilledAtStart(Backend.FreshDatabase db)
      throws Exception {
    QuerySettings noRuns = QuerySettings.defaults().withRunTypes(Set.of("NoSuchRunType"));
    QueryStack first = QueryStack.start(db, noRuns);
    new Pipelines(first)
        .v2Run("churn", "r1", Map.of("lr", 0.1), Map.of("accuracy", 0.9), Execution.State.COMPLETE);
    assertThat(count(first, MNEMOS_RUN)).isZero();

    try (QueryStack second = first.restart(QuerySettings.defaults())) {
      assertThat(count(second, MNEMOS_RUN)).isEqualTo(1);
      assertThat(count(second, MNEMOS_METRIC)).isEqualTo(1);
      assertThat(
              second.data(
                  "{ runs(input: {orderBy: {field: METRIC, metric: \"accuracy\"}}) {"
                      + " nodes { pipeline parameters { name } } } }"))
          .isEqualTo(
              Map.of(
                  "runs",
                  Map.of(
                      "nodes",
                      List.of(
                          Map.of(
                              "pipeline", "churn", "parameters", List.of(Map.of("name", "lr")))))));
    }
  }

  @StoreTest
  void replicasStartingTogetherBackFillOnceAndAllFindItDone(Backend.FreshDatabase db)
      throws Exception {
    // Three replicas of a Deployment on a database summarised for other settings: without a lock
    // each rebuilt, and the second to finish failed on the first one's "built for" row.
    QuerySettings noRuns = QuerySettings.defaults().withRunTypes(Set.of("NoSuchRunType"));
    try (QueryStack first = QueryStack.start(db, noRuns)) {
      Pipelines pipelines = new Pipelines(first);
      for (int i = 0; i < 20; i++) {
        pipelines.v2Run(
            "churn", "r" + i, Map.of("lr", 0.1), Map.of("accuracy", 0.9), Execution.State.COMPLETE);
      }
      List<MetadataStore> replicas = new ArrayList<>();
      try {
        List<Callable<Boolean>> starts = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
          MetadataStore replica = MetadataStore.open(DatabaseSettings.of(db.jdbcUrl()));
          replicas.add(replica);
          starts.add(
              () ->
                  new RunSummaries(QuerySettings.defaults()).backfillIfNeeded(replica.database()));
        }
        assertThat(AllAtOnce.run(starts)).as("which replicas rebuilt").containsOnlyOnce(true);
      } finally {
        for (MetadataStore replica : replicas) {
          replica.close();
        }
      }
      assertThat(count(first, MNEMOS_RUN)).isEqualTo(20);
      assertThat(count(first, MNEMOS_METRIC)).isEqualTo(20);
    }
  }

  @StoreTest
  @SuppressWarnings("unchecked")
  void renamingAPipelineReachesItsRunsAndMetrics(Backend.FreshDatabase db) throws Exception {
    try (QueryStack stack = QueryStack.start(db)) {
      Pipelines pipelines = new Pipelines(stack);
      Pipelines.V2Run run =
          pipelines.v2Run(
              "churn", "r1", Map.of(), Map.of("accuracy", 0.9), Execution.State.COMPLETE);
      pipelines.v2Run("other", "r2", Map.of(), Map.of("accuracy", 0.5), Execution.State.COMPLETE);

      stack
          .api()
          .putContexts(
              PutContextsRequest.newBuilder()
                  .addContexts(
                      Context.newBuilder()
                          .setId(run.pipelineId())
                          .setTypeId(pipelines.contextType("system.Pipeline"))
                          .setName("churn-v2"))
                  .build());

      assertThat(stack.data("{ runs(input: {pipeline: \"churn-v2\"}) { nodes { name } } }"))
          .isEqualTo(Map.of("runs", Map.of("nodes", List.of(Map.of("name", "r1")))));
      assertThat(
              (List<Map<String, Object>>)
                  stack
                      .data(
                          "{ metricAggregate(input: {metric: \"accuracy\", groupBy: PIPELINE, fn:"
                              + " MAX}) { key } }")
                      .get("metricAggregate"))
          .extracting(group -> group.get("key"))
          .containsExactly("churn-v2", "other");
    }
  }
}
