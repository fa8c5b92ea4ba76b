package dev.mnemos.mlflow.store;

import static dev.mnemos.migrations.jooq.Tables.EVENT;
import static dev.mnemos.migrations.mlflow.jooq.Tables.MNEMOS_MLFLOW_RUN_MODEL;

import dev.mnemos.migrations.NodeKind;
import dev.mnemos.mlflow.model.MlflowError;
import dev.mnemos.mlflow.model.ModelOutput;
import dev.mnemos.mlflow.model.TrackingException;
import dev.mnemos.mlflow.store.RunNodes.StoredRun;
import dev.mnemos.proto.mlmd.Event;
import dev.mnemos.server.model.Node;
import dev.mnemos.server.store.GraphWriter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * The logged models a run read (MLflow's log-inputs {@code models}) and those it logged as outputs
 * (runs/outputs), as MLflow keeps them: by model id, in {@code mnemos_mlflow_run_model}, whether
 * the model is stored or not, answered in model id order as MLflow's table answers. A model that is
 * stored also gets the INPUT or OUTPUT event from the run's execution and is attributed to the
 * run's context, so lineage walks from the data a run read to the models it made.
 */
record RunModels(List<String> inputs, List<ModelOutput> outputs) {

  static final RunModels NONE = new RunModels(List.of(), List.of());

  private static final String INPUT = "INPUT";
  private static final String OUTPUT = "OUTPUT";

  /**
   * Records that {@code run} logged {@code outputs}; BAD_REQUEST for a model it logged as an output
   * before (MLflow's table refuses the second row, and MLflow answers so).
   */
  static void logOutputs(
      GraphWriter writer, MlflowTypes types, StoredRun run, List<ModelOutput> outputs) {
    for (ModelOutput output : outputs) {
      if (recorded(writer.sql(), run.contextId(), OUTPUT, output.modelId())) {
        throw new TrackingException(
            MlflowError.BAD_REQUEST,
            "The run " + run.runId() + " logged the model " + output.modelId() + " already");
      }
      record(writer, types, run, OUTPUT, output.modelId(), output.step());
    }
  }

  /** Records that {@code run} read the models; one it read before is kept as it was. */
  static void logInputs(GraphWriter writer, MlflowTypes types, StoredRun run, List<String> models) {
    for (String modelId : new LinkedHashSet<>(models)) {
      if (!recorded(writer.sql(), run.contextId(), INPUT, modelId)) {
        record(writer, types, run, INPUT, modelId, 0);
      }
    }
  }

  private static boolean recorded(DSLContext sql, long runContext, String direction, String model) {
    return sql.fetchExists(
        MNEMOS_MLFLOW_RUN_MODEL,
        MNEMOS_MLFLOW_RUN_MODEL.RUN_ID.eq(runContext),
        MNEMOS_MLFLOW_RUN_MODEL.DIRECTION.eq(direction),
        MNEMOS_MLFLOW_RUN_MODEL.MODEL_ID.eq(model));
  }

  private static void record(
      GraphWriter writer,
      MlflowTypes types,
      StoredRun run,
      String direction,
      String modelId,
      long step) {
    writer
        .sql()
        .insertInto(
            MNEMOS_MLFLOW_RUN_MODEL,
            MNEMOS_MLFLOW_RUN_MODEL.RUN_ID,
            MNEMOS_MLFLOW_RUN_MODEL.DIRECTION,
            MNEMOS_MLFLOW_RUN_MODEL.MODEL_ID,
            MNEMOS_MLFLOW_RUN_MODEL.STEP)
        .values(run.contextId(), direction, modelId, step)
        .execute();
    Event.Type type = direction.equals(OUTPUT) ? Event.Type.OUTPUT : Event.Type.INPUT;
    long executionId = run.execution().storedId();
    writer
        .node(NodeKind.ARTIFACT, types.loggedModelType(), modelId)
        .map(Node::storedId)
        .filter(
            artifactId ->
                !writer
                    .sql()
                    .fetchExists(
                        EVENT,
                        EVENT.EXECUTION_ID.eq(executionId),
                        EVENT.ARTIFACT_ID.eq(artifactId),
                        EVENT.TYPE.eq((long) type.getNumber())))
        .ifPresent(
            artifactId -> {
              writer.addEvent(artifactId, executionId, type, System.currentTimeMillis());
              writer.attribute(run.contextId(), artifactId);
            });
  }

  /** The models each of the runs logged and, when {@code withInputs}, read, by run context. */
  static Map<Long, RunModels> read(
      DSLContext sql, Collection<Long> runContexts, boolean withInputs) {
    Map<Long, List<String>> inputs = new HashMap<>();
    Map<Long, List<ModelOutput>> outputs = new HashMap<>();
    if (!runContexts.isEmpty()) {
      sql.selectFrom(MNEMOS_MLFLOW_RUN_MODEL)
          .where(MNEMOS_MLFLOW_RUN_MODEL.RUN_ID.in(runContexts))
          .and(withInputs ? DSL.noCondition() : MNEMOS_MLFLOW_RUN_MODEL.DIRECTION.eq(OUTPUT))
          .orderBy(MNEMOS_MLFLOW_RUN_MODEL.MODEL_ID)
          .fetch()
          .forEach(
              row -> {
                if (row.getDirection().equals(OUTPUT)) {
                  outputs
                      .computeIfAbsent(row.getRunId(), id -> new ArrayList<>())
                      .add(new ModelOutput(row.getModelId(), row.getStep()));
                } else {
                  inputs
                      .computeIfAbsent(row.getRunId(), id -> new ArrayList<>())
                      .add(row.getModelId());
                }
              });
    }
    Map<Long, RunModels> found = new HashMap<>();
    for (Long run : runContexts) {
      found.put(
          run,
          new RunModels(
              List.copyOf(inputs.getOrDefault(run, List.of())),
              List.copyOf(outputs.getOrDefault(run, List.of()))));
    }
    return found;
  }

  /** Forgets the models of run contexts the store deleted. */
  static void forget(DSLContext sql, Collection<Long> runContexts) {
    sql.deleteFrom(MNEMOS_MLFLOW_RUN_MODEL)
        .where(MNEMOS_MLFLOW_RUN_MODEL.RUN_ID.in(runContexts))
        .execute();
  }
}
