package dev.mnemos.query.summary;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnemos.proto.mlmd.Artifact;
import dev.mnemos.proto.mlmd.Context;
import dev.mnemos.proto.mlmd.Event;
import dev.mnemos.proto.mlmd.Execution;
import dev.mnemos.proto.mlmd.ParentContext;
import dev.mnemos.proto.mlmd.PutContextsRequest;
import dev.mnemos.proto.mlmd.PutExecutionRequest;
import dev.mnemos.proto.mlmd.PutParentContextsRequest;
import dev.mnemos.proto.mlmd.Value;
import dev.mnemos.query.config.QuerySettings;
import dev.mnemos.query.testing.Pipelines;
import dev.mnemos.query.testing.QueryStack;
import dev.mnemos.server.testing.Backend;
import dev.mnemos.server.testing.StoreTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What one KFP step costs the database: a PutExecution with its parameters, two inputs by id, two
 * outputs and a metrics artifact, in the pipeline and run contexts, with the run summaries kept in
 * the same transaction. The count is a budget (ingest speed is statements on every backend) and
 * does not grow with the steps and runs already stored.
 */
class IngestStatementsTest {

  private static final QuerySettings QUIET =
      QuerySettings.defaults().withSearchPollInterval(Duration.ofHours(1));

  /**
   * 49 on SQLite (an insert's id is one more statement there), 45 on MariaDB: one of them reads
   * whether the step names an MLflow run (KFP's MLflow plugin; {@code KfpLinks}). 52 before a
   * step's inputs and contexts named by id were read in one query per kind, 56 before the summaries
   * read each context header once per transaction and cleared a step's metric rows in one
   * statement, 72 before a call's events and paths went in as multi-row inserts and its memberships
   * in all its contexts at once, about 110 before node writes kept types in memory and wrote
   * properties in multi-row statements.
   */
  private static final long BUDGET = 49;

  @StoreTest
  void aStepCostsAFixedBudgetOfStatements(Backend.FreshDatabase database) throws Exception {
    try (QueryStack stack = QueryStack.start(database, QUIET)) {
      Steps steps = new Steps(stack);
      long first = 0;
      long last = 0;
      for (int run = 0; run < 3; run++) {
        long runId = steps.run("run-" + run);
        List<Artifact> previous = steps.firstOutputs(runId);
        for (int step = 0; step < 4; step++) {
          stack.awaitSearch();
          long before = stack.statements();
          previous = steps.step(runId, run, step, previous);
          // The search index reads what it indexes after the commit: part of the step's cost.
          stack.awaitSearch();
          long used = stack.statements() - before;
          if (run == 0 && step == 1) {
            first = used;
          }
          last = used;
        }
      }
      assertThat(last).as("statements of a step in the third run").isEqualTo(first);
      assertThat(last).as("statements of one KFP step").isLessThanOrEqualTo(BUDGET);
    }
  }

  /** The benchmark's step shape (clients/benchmarks ClientReplay), written through gRPC. */
  private static final class Steps {
    private final QueryStack stack;
    private final long pipeline;
    private final long pipelineType;
    private final long runType;
    private final long container;
    private final long dataset;
    private final long metrics;

    Steps(QueryStack stack) {
      this.stack = stack;
      Pipelines pipelines = new Pipelines(stack);
      this.pipeline = pipelines.pipeline("churn");
      this.pipelineType = pipelines.contextType("system.Pipeline");
      this.runType = pipelines.contextType("system.PipelineRun");
      this.container = pipelines.executionType("system.ContainerExecution");
      this.dataset = pipelines.artifactType("system.Dataset");
      this.metrics = pipelines.artifactType("system.Metrics");
    }

    long run(String name) {
      long id =
          stack
              .api()
              .putContexts(
                  PutContextsRequest.newBuilder()
                      .addContexts(Context.newBuilder().setTypeId(runType).setName(name))
                      .build())
              .getContextIds(0);
      stack
          .api()
          .putParentContexts(
              PutParentContextsRequest.newBuilder()
                  .addParentContexts(
                      ParentContext.newBuilder().setChildId(id).setParentId(pipeline))
                  .build());
      return id;
    }

    List<Artifact> firstOutputs(long runId) {
      return step(runId, -1, -1, List.of());
    }

    List<Artifact> step(long runId, int run, int step, List<Artifact> inputs) {
      Execution.Builder execution =
          Execution.newBuilder()
              .setTypeId(container)
              .setLastKnownState(Execution.State.COMPLETE)
              .putCustomProperties("display_name", string("step-" + step))
              .putCustomProperties("task_name", string("step-" + step))
              .putCustomProperties("pod_name", string("run-" + run + "-step-" + step))
              .putCustomProperties("input:epochs", Value.newBuilder().setIntValue(step).build())
              .putCustomProperties(
                  "input:learning_rate", Value.newBuilder().setDoubleValue(0.01).build());
      PutExecutionRequest.Builder request =
          PutExecutionRequest.newBuilder()
              .setExecution(execution)
              .addContexts(context(pipeline, pipelineType, "churn"))
              .addContexts(context(runId, runType, "run-" + run));
      for (Artifact input : inputs) {
        request.addArtifactEventPairs(Pipelines.pair(input, Event.Type.INPUT, "in"));
      }
      String folder = "minio://mlpipeline/run-" + run + "/step-" + step + "/";
      List<Artifact> outputs = new ArrayList<>();
      for (int slot = 0; slot < 2; slot++) {
        outputs.add(
            Artifact.newBuilder()
                .setTypeId(dataset)
                .setUri(folder + "out-" + slot)
                .setState(Artifact.State.LIVE)
                .putCustomProperties("display_name", string("out-" + slot))
                .build());
      }
      Artifact.Builder scores =
          Artifact.newBuilder()
              .setTypeId(metrics)
              .setUri(folder + "metrics")
              .setState(Artifact.State.LIVE);
      for (String name : List.of("accuracy", "precision", "recall", "f1", "loss")) {
        scores.putCustomProperties(name, Value.newBuilder().setDoubleValue(0.5).build());
      }
      outputs.add(scores.build());
      for (Artifact output : outputs) {
        request.addArtifactEventPairs(Pipelines.pair(output, Event.Type.OUTPUT, "out"));
      }
      List<Long> ids = stack.api().putExecution(request.build()).getArtifactIdsList();
      List<Artifact> written = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        written.add(outputs.get(i).toBuilder().setId(ids.get(inputs.size() + i)).build());
      }
      return written;
    }

    private static Context context(long id, long type, String name) {
      return Context.newBuilder().setId(id).setTypeId(type).setName(name).build();
    }

    private static Value string(String value) {
      return Value.newBuilder().setStringValue(value).build();
    }
  }
}
