package dev.mnemos.query.summary;

import static dev.mnemos.migrations.summary.jooq.Tables.MNEMOS_METRIC;
import static dev.mnemos.migrations.summary.jooq.Tables.MNEMOS_RUN;

import dev.mnemos.migrations.NodeKind;
import dev.mnemos.proto.mlmd.Execution;
import dev.mnemos.server.store.GraphReads;
import dev.mnemos.server.store.GraphReads.NodeHeader;
import dev.mnemos.server.store.GraphReads.StateTally;
import dev.mnemos.server.store.IdChunks;
import dev.mnemos.server.store.InsertBatches;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jooq.DSLContext;
import org.jooq.Row7;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;

/**
 * Writes `mnemos_run`: a run's name, pipeline, state rolled up from its steps, step count, start
 * and end. A renamed pipeline reaches the run's metric rows too.
 */
final class RunRowWriter {

  private final DSLContext sql;
  private final GraphReads reads;
  private final SummaryTypes types;
  private final RunMembership membership;

  RunRowWriter(DSLContext sql, GraphReads reads, SummaryTypes types, RunMembership membership) {
    this.sql = sql;
    this.reads = reads;
    this.types = types;
    this.membership = membership;
  }

  void write(Set<Long> runs) {
    for (List<Long> chunk : IdChunks.of(runs)) {
      Map<Long, String> pipelines = pipelineNames(chunk);
      Map<Long, String> previousPipelines = new HashMap<>();
      sql.select(MNEMOS_RUN.RUN_ID, MNEMOS_RUN.PIPELINE_NAME)
          .from(MNEMOS_RUN)
          .where(MNEMOS_RUN.RUN_ID.in(chunk))
          .forEach(row -> previousPipelines.put(row.value1(), row.value2()));
      Map<Long, List<StateTally>> steps = reads.executionStates(chunk);
      sql.deleteFrom(MNEMOS_RUN).where(MNEMOS_RUN.RUN_ID.in(chunk)).execute();
      List<Row7<Long, String, String, Long, Long, Long, Long>> runRows = new ArrayList<>();
      for (NodeHeader run : membership.headers(chunk).values()) {
        long id = run.ref().id();
        StepStats stats = StepStats.of(steps.getOrDefault(id, List.of()));
        Execution.State state =
            RunState.rollUp(stats.count(), stats.failed(), stats.active(), stats.canceled());
        Long end = stats.count() > 0 && RunState.isFinal(state) ? stats.lastUpdate() : null;
        runRows.add(
            DSL.row(
                id,
                run.name(),
                pipelines.get(id),
                (long) state.getNumber(),
                stats.count(),
                run.createTime(),
                end));
      }
      for (var batch : InsertBatches.of(runRows, row -> RunSummaryWriter.SMALL_ROW_BYTES)) {
        sql.insertInto(
                MNEMOS_RUN,
                MNEMOS_RUN.RUN_ID,
                MNEMOS_RUN.NAME,
                MNEMOS_RUN.PIPELINE_NAME,
                MNEMOS_RUN.STATE,
                MNEMOS_RUN.EXECUTION_COUNT,
                MNEMOS_RUN.START_TIME_SINCE_EPOCH,
                MNEMOS_RUN.END_TIME_SINCE_EPOCH)
            .valuesOfRows(batch)
            .execute();
      }
      for (long run : chunk) {
        String pipeline = pipelines.get(run);
        if (previousPipelines.containsKey(run)
            && !Objects.equals(previousPipelines.get(run), pipeline)) {
          sql.update(MNEMOS_METRIC)
              .set(MNEMOS_METRIC.PIPELINE_NAME, pipeline)
              .where(MNEMOS_METRIC.RUN_ID.eq(run))
              .execute();
        }
      }
    }
  }

  /** How many steps a run has, in which states, and when the last one changed. */
  private record StepStats(
      long count, @Nullable Long lastUpdate, long failed, long active, long canceled) {

    static StepStats of(List<StateTally> tallies) {
      long count = 0;
      long failed = 0;
      long active = 0;
      long canceled = 0;
      @Nullable Long lastUpdate = null;
      for (StateTally tally : tallies) {
        count += tally.count();
        if (tally.lastUpdate() != null && (lastUpdate == null || tally.lastUpdate() > lastUpdate)) {
          lastUpdate = tally.lastUpdate();
        }
        Long state = tally.state();
        if (state == null
            || state == Execution.State.UNKNOWN_VALUE
            || state == Execution.State.NEW_VALUE
            || state == Execution.State.RUNNING_VALUE) {
          active += tally.count();
        } else if (state == Execution.State.FAILED_VALUE) {
          failed += tally.count();
        } else if (state == Execution.State.CANCELED_VALUE) {
          canceled += tally.count();
        }
      }
      return new StepStats(count, lastUpdate, failed, active, canceled);
    }
  }

  /**
   * A run's pipeline: the name of a parent context of a pipeline type (KFP v2), else its {@value
   * RunSummaries#PIPELINE_NAME_PROPERTY} property (KFP v1).
   */
  private Map<Long, String> pipelineNames(List<Long> runs) {
    Map<Long, String> names =
        new HashMap<>(
            reads.stringProperty(NodeKind.CONTEXT, runs, RunSummaries.PIPELINE_NAME_PROPERTY));
    if (!types.pipelineTypes().isEmpty()) {
      // The type is compared here for the reason RunMembership gives.
      reads
          .parents(runs)
          .forEach(
              (run, parents) -> {
                for (NodeHeader parent : parents) {
                  if (types.pipelineTypes().contains(parent.typeId())) {
                    names.putIfAbsent(run, parent.name());
                  }
                }
              });
    }
    return names;
  }
}
