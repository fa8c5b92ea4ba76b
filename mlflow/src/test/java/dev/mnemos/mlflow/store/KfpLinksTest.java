package dev.mnemos.mlflow.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnemos.migrations.NodeKind;
import dev.mnemos.mlflow.TrackingServer;
import dev.mnemos.proto.mlmd.Context;
import dev.mnemos.proto.mlmd.ContextType;
import dev.mnemos.proto.mlmd.Execution;
import dev.mnemos.proto.mlmd.ExecutionType;
import dev.mnemos.proto.mlmd.PutContextTypeRequest;
import dev.mnemos.proto.mlmd.PutExecutionRequest;
import dev.mnemos.proto.mlmd.PutExecutionTypeRequest;
import dev.mnemos.proto.mlmd.Value;
import dev.mnemos.server.model.TypeRef;
import dev.mnemos.server.store.MetadataGraph;
import dev.mnemos.server.store.MetadataStore;
import dev.mnemos.server.testing.Backend;
import dev.mnemos.server.testing.StoreTest;
import java.util.List;

/**
 * A KFP step recorded as KFP's MLflow plugin records it (its MLflow run on the execution) joins
 * that MLflow run, and the KFP run becomes the parent of the pipeline's MLflow run.
 */
class KfpLinksTest {

  private static String run(TrackingServer server, String experimentId, String parent) {
    return server
        .ok(
            "runs/create",
            "{\"experiment_id\": \""
                + experimentId
                + "\""
                + (parent == null
                    ? ""
                    : ", \"tags\": [{\"key\": \"mlflow.parentRunId\", \"value\": \""
                        + parent
                        + "\"}]")
                + "}")
        .getAsJsonObject("run")
        .getAsJsonObject("info")
        .get("run_id")
        .getAsString();
  }

  private static long kfpStep(
      MetadataStore store, Long stepId, String pipelineRun, String mlflowRun, String mlflowParent) {
    long runType =
        store
            .types()
            .putContextType(
                PutContextTypeRequest.newBuilder()
                    .setContextType(ContextType.newBuilder().setName("system.PipelineRun"))
                    .build())
            .getTypeId();
    long stepType =
        store
            .types()
            .putExecutionType(
                PutExecutionTypeRequest.newBuilder()
                    .setExecutionType(
                        ExecutionType.newBuilder().setName("system.ContainerExecution"))
                    .build())
            .getTypeId();
    return store
        .lineageWrites()
        .putExecution(
            PutExecutionRequest.newBuilder()
                .setExecution(
                    withId(Execution.newBuilder(), stepId)
                        .setTypeId(stepType)
                        .setName("train")
                        .putCustomProperties(
                            "mlflow_run_id", Value.newBuilder().setStringValue(mlflowRun).build())
                        .putCustomProperties(
                            "mlflow_parent_run_id",
                            Value.newBuilder().setStringValue(mlflowParent).build()))
                .addContexts(Context.newBuilder().setTypeId(runType).setName(pipelineRun))
                .setOptions(
                    PutExecutionRequest.Options.newBuilder().setReuseContextIfAlreadyExist(true))
                .build())
        .getExecutionId();
  }

  private static Execution.Builder withId(Execution.Builder execution, Long id) {
    return id == null ? execution : execution.setId(id);
  }

  @StoreTest
  void aKfpStepJoinsItsMlflowRunAndTheKfpRunParentsThePipelinesMlflowRun(Backend.FreshDatabase db)
      throws Exception {
    try (TrackingServer server = TrackingServer.start(db)) {
      String experiment =
          server.ok("experiments/create", "{\"name\": \"kfp\"}").get("experiment_id").getAsString();
      String pipelineRun = run(server, experiment, null);
      String taskRun = run(server, experiment, pipelineRun);

      long step = kfpStep(server.store(), null, "run-7f3a", taskRun, pipelineRun);

      MetadataGraph graph = server.store().graph();
      TypeRef mlflowRun = new TypeRef("mlflow.Run", "");
      long taskContext =
          graph.nodeByTypeAndName(NodeKind.CONTEXT, mlflowRun, taskRun).orElseThrow().storedId();
      long pipelineContext =
          graph
              .nodeByTypeAndName(NodeKind.CONTEXT, mlflowRun, pipelineRun)
              .orElseThrow()
              .storedId();
      long kfpRun =
          graph
              .nodeByTypeAndName(
                  NodeKind.CONTEXT, new TypeRef("system.PipelineRun", ""), "run-7f3a")
              .orElseThrow()
              .storedId();
      assertThat(graph.contextsOf(NodeKind.EXECUTION, List.of(step)).get(step))
          .containsExactlyInAnyOrder(kfpRun, taskContext);
      assertThat(graph.parents(List.of(pipelineContext)).get(pipelineContext)).contains(kfpRun);

      // The step written again (KFP updates it when it ends) adds nothing twice.
      kfpStep(server.store(), step, "run-7f3a", taskRun, pipelineRun);
      assertThat(graph.parents(List.of(pipelineContext)).get(pipelineContext))
          .containsOnlyOnce(kfpRun);
    }
  }

  @StoreTest
  void aStepNamingAnUnknownMlflowRunIsStoredAsItIs(Backend.FreshDatabase db) throws Exception {
    try (TrackingServer server = TrackingServer.start(db)) {
      server.ok("experiments/create", "{\"name\": \"kfp\"}");
      long step =
          kfpStep(
              server.store(),
              null,
              "run-1",
              "0123456789abcdef0123456789abcdef",
              "fedcba9876543210fedcba9876543210");
      assertThat(server.store().graph().contextsOf(NodeKind.EXECUTION, List.of(step)).get(step))
          .hasSize(1);
    }
  }
}
