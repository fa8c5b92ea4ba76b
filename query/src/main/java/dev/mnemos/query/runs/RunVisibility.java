package dev.mnemos.query.runs;

import static dev.mnemos.migrations.summary.jooq.Tables.MNEMOS_METRIC;
import static dev.mnemos.migrations.summary.jooq.Tables.MNEMOS_RUN;
import static dev.mnemos.migrations.summary.jooq.Tables.MNEMOS_RUN_PARAMETER;

import dev.mnemos.migrations.NodeKind;
import dev.mnemos.query.summary.RunSummaries;
import dev.mnemos.server.scope.ReadScope;
import dev.mnemos.server.store.GraphReads;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.impl.DSL;

/**
 * Which summary rows a scope sees: a run when it sees the run's context; a parameter when it sees
 * the run and the execution that recorded it; a metric value when it sees the run and the artifact
 * or execution it was read from. A run's own row (state, step count, times) sums all its steps.
 */
final class RunVisibility {

  private RunVisibility() {}

  /** Holds where the scope sees a summary row's pipeline name as that of its run. */
  static Condition pipeline(ReadScope scope, Field<Long> runId, Field<String> pipelineName) {
    return GraphReads.pipelineVisible(
        runId, pipelineName, RunSummaries.PIPELINE_NAME_PROPERTY, scope);
  }

  /** The pipeline name of a summary row where the scope sees it, null where it does not. */
  static Field<String> pipelineName(
      ReadScope scope, Field<Long> runId, Field<String> pipelineName) {
    return scope.everything()
        ? pipelineName
        : DSL.when(pipeline(scope, runId, pipelineName), pipelineName)
            .otherwise(DSL.inline((String) null));
  }

  static Condition runs(ReadScope scope) {
    return scope.visible(NodeKind.CONTEXT, MNEMOS_RUN.RUN_ID);
  }

  static Condition parameters(ReadScope scope) {
    return scope
        .visible(NodeKind.CONTEXT, MNEMOS_RUN_PARAMETER.RUN_ID)
        .and(scope.visible(NodeKind.EXECUTION, MNEMOS_RUN_PARAMETER.EXECUTION_ID));
  }

  static Condition metrics(ReadScope scope) {
    if (scope.everything()) {
      return scope.visible(NodeKind.CONTEXT, MNEMOS_METRIC.RUN_ID);
    }
    Condition source =
        MNEMOS_METRIC
            .SOURCE_KIND
            .eq(NodeKind.ARTIFACT.code())
            .and(scope.visible(NodeKind.ARTIFACT, MNEMOS_METRIC.SOURCE_ID))
            .or(
                MNEMOS_METRIC
                    .SOURCE_KIND
                    .eq(NodeKind.EXECUTION.code())
                    .and(scope.visible(NodeKind.EXECUTION, MNEMOS_METRIC.SOURCE_ID)));
    return scope.visible(NodeKind.CONTEXT, MNEMOS_METRIC.RUN_ID).and(source);
  }
}
