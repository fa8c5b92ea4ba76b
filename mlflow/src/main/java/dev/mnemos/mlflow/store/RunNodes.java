package dev.mnemos.mlflow.store;

import static dev.mnemos.mlflow.store.MlflowTypes.ARTIFACT_URI;
import static dev.mnemos.mlflow.store.MlflowTypes.END_TIME;
import static dev.mnemos.mlflow.store.MlflowTypes.EXECUTION_ID;
import static dev.mnemos.mlflow.store.MlflowTypes.EXPERIMENT_ID;
import static dev.mnemos.mlflow.store.MlflowTypes.LIFECYCLE_STAGE;
import static dev.mnemos.mlflow.store.MlflowTypes.PARAM_PREFIX;
import static dev.mnemos.mlflow.store.MlflowTypes.RUN_NAME;
import static dev.mnemos.mlflow.store.MlflowTypes.START_TIME;
import static dev.mnemos.mlflow.store.MlflowTypes.STATUS;
import static dev.mnemos.mlflow.store.MlflowTypes.TAG_PREFIX;
import static dev.mnemos.mlflow.store.MlflowTypes.USER_ID;

import dev.mnemos.mlflow.model.DatasetInput;
import dev.mnemos.mlflow.model.LifecycleStage;
import dev.mnemos.mlflow.model.Metric;
import dev.mnemos.mlflow.model.Run;
import dev.mnemos.mlflow.model.RunInfo;
import dev.mnemos.mlflow.model.RunStatus;
import dev.mnemos.server.model.Node;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** A run as its MLMD context and execution, and back. */
final class RunNodes {

  private RunNodes() {}

  /** The run's context and execution as one. */
  record StoredRun(Node context, Node execution) {

    long contextId() {
      return context.storedId();
    }

    String runId() {
      return Objects.requireNonNull(context.name());
    }

    RunInfo info() {
      var properties = context.properties();
      return new RunInfo(
          runId(),
          Values.text(properties, EXPERIMENT_ID),
          Values.text(properties, RUN_NAME),
          Values.text(properties, USER_ID),
          RunStatus.valueOf(Values.text(properties, STATUS)),
          Objects.requireNonNullElse(Values.millis(properties, START_TIME), 0L),
          Values.millis(properties, END_TIME),
          Values.text(properties, ARTIFACT_URI),
          LifecycleStage.ofWireName(Values.text(properties, LIFECYCLE_STAGE)));
    }

    Map<String, String> tags() {
      return Values.prefixed(context.customProperties(), TAG_PREFIX);
    }

    Map<String, String> params() {
      return Values.prefixed(execution.customProperties(), PARAM_PREFIX);
    }

    Run run(
        @Nullable List<Metric> latest,
        @Nullable List<DatasetInput> inputs,
        @Nullable RunModels models) {
      RunModels used = models == null ? RunModels.NONE : models;
      return new Run(
          info(),
          latest == null ? List.of() : latest,
          params(),
          tags(),
          inputs == null ? List.of() : inputs,
          used.inputs(),
          used.outputs());
    }
  }

  /** The execution id a run context names. */
  static long executionId(Node context) {
    return Objects.requireNonNull(
        Values.number(context.properties(), EXECUTION_ID), "a run context names its execution");
  }
}
