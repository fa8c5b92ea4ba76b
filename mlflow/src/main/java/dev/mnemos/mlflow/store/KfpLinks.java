package dev.mnemos.mlflow.store;

import dev.mnemos.migrations.NodeKind;
import dev.mnemos.server.change.ChangeSet;
import dev.mnemos.server.model.Node;
import dev.mnemos.server.store.GraphReads;
import dev.mnemos.server.store.GraphReads.NodeHeader;
import dev.mnemos.server.store.GraphReads.TypeHeader;
import dev.mnemos.server.store.GraphWriter;
import dev.mnemos.server.store.WriteDerivation;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One graph over KFP and MLflow: KFP's MLflow plugin (KEP-12862) creates an MLflow run per pipeline
 * run and a nested one per task, and its driver records the task's run as {@code mlflow_run_id}
 * (and the pipeline run's as {@code mlflow_parent_run_id}) on the task's MLMD execution. In the
 * write that records them, the execution joins its MLflow run's context, and the KFP run contexts
 * it belongs to become parents of the MLflow parent run's context: the MLflow runs then list the
 * KFP steps, and the KFP run its MLflow run. The plugin creates the MLflow runs first; an execution
 * that names a run not stored (yet) is left as it is.
 */
final class KfpLinks implements WriteDerivation {

  static final String RUN_PROPERTY = "mlflow_run_id";
  static final String PARENT_RUN_PROPERTY = "mlflow_parent_run_id";

  @Override
  public void derive(GraphWriter writer, ChangeSet changes) {
    Set<Long> executions = changes.put(NodeKind.EXECUTION);
    if (executions.isEmpty()) {
      return;
    }
    GraphReads reads = GraphReads.in(writer.sql());
    Map<Long, Map<String, String>> named =
        reads.stringProperties(
            NodeKind.EXECUTION, executions, List.of(RUN_PROPERTY, PARENT_RUN_PROPERTY));
    if (named.isEmpty()) {
      return;
    }
    Optional<Long> runType =
        reads.typesNamed(Set.of(MlflowTypes.RUN)).stream()
            .filter(type -> type.kind() == NodeKind.CONTEXT)
            .map(TypeHeader::id)
            .findFirst();
    if (runType.isEmpty()) {
      return;
    }
    named.forEach(
        (execution, runs) -> {
          String runId = runs.get(RUN_PROPERTY);
          if (runId != null) {
            writer
                .node(NodeKind.CONTEXT, runType.get(), runId)
                .ifPresent(run -> writer.associate(run.storedId(), execution));
          }
          String parentRunId = runs.get(PARENT_RUN_PROPERTY);
          if (parentRunId != null) {
            writer
                .node(NodeKind.CONTEXT, runType.get(), parentRunId)
                .ifPresent(
                    parent -> parentKfpRuns(writer, reads, runType.get(), parent, execution));
          }
        });
  }

  /** The KFP run contexts of {@code execution} become parents of the MLflow parent run's. */
  private static void parentKfpRuns(
      GraphWriter writer, GraphReads reads, long runType, Node parent, long execution) {
    Set<Long> contexts =
        reads.contextsOf(NodeKind.EXECUTION, Set.of(execution)).getOrDefault(execution, Set.of());
    Set<Long> present =
        Set.copyOf(
            reads
                .parents(List.of(parent.storedId()))
                .getOrDefault(parent.storedId(), List.of())
                .stream()
                .map(header -> header.ref().id())
                .toList());
    for (NodeHeader context : reads.headers(NodeKind.CONTEXT, contexts).values()) {
      long id = context.ref().id();
      if (context.typeId() != runType && id != parent.storedId() && !present.contains(id)) {
        writer.addParent(parent.storedId(), id);
      }
    }
  }
}
