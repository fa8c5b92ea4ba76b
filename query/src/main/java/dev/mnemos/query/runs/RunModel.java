package dev.mnemos.query.runs;

import dev.mnemos.migrations.NodeKind;
import dev.mnemos.proto.mlmd.Execution;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The vocabulary of run history: rows of the summary tables and the questions asked of them. */
public final class RunModel {

  private RunModel() {}

  /** One run as summarised: its context id and name, pipeline, rolled-up state and times. */
  public record Run(
      long id,
      String name,
      Optional<String> pipeline,
      Execution.State state,
      long startTime,
      Optional<Long> endTime,
      long executionCount) {}

  /** A run argument: its JSON text and, when it reads as one, its number. */
  public record Parameter(String name, String json, Optional<Double> number) {}

  /**
   * One scalar metric value of a run, recorded on an artifact or an execution (its source) by a
   * step (empty when unknown).
   */
  public record Metric(
      String name,
      String step,
      double value,
      NodeKind sourceKind,
      long sourceId,
      Optional<Long> execution) {
    public MetricKey key() {
      return new MetricKey(step, name);
    }
  }

  public enum Comparison {
    EQ,
    NE,
    LT,
    LE,
    GT,
    GE
  }

  public record ParameterPredicate(String name, Comparison op, String value) {}

  public record MetricPredicate(String name, Comparison op, double value) {}

  /** Which runs: all conditions hold; empty ones do not restrict. */
  public record RunFilter(
      Optional<String> pipeline,
      Optional<Long> since,
      Optional<Long> until,
      Set<Execution.State> states,
      List<ParameterPredicate> parameters,
      List<MetricPredicate> metrics) {
    public static final RunFilter ALL =
        new RunFilter(
            Optional.empty(), Optional.empty(), Optional.empty(), Set.of(), List.of(), List.of());
  }

  public enum OrderField {
    START_TIME,
    END_TIME,
    NAME,
    METRIC
  }

  /**
   * Sort order; {@code metric} names the metric when ordering by one (its name, or {@code
   * step.name}), each run then placed by its best value of it. Which way a metric is better follows
   * its name unless {@code lowerIsBetter} says; without a {@code descending}, a metric sorts best
   * first and anything else newest (or last, or Z) first. Ties go by run id.
   */
  public record RunOrder(
      OrderField field,
      Optional<String> metric,
      Optional<Boolean> descending,
      Optional<Boolean> lowerIsBetter) {}

  /**
   * A page of runs, each run's cursor (to continue after it), the cursor of the next page when
   * there is one, and how many runs match.
   */
  public record RunPage(
      List<Run> runs, List<String> cursors, Optional<String> nextCursor, long totalCount) {}

  /** One parameter across compared runs, aligned with the runs; null where a run lacks it. */
  public record AlignedParameter(String name, List<String> jsonValues, boolean differs) {}

  /**
   * One metric across compared runs, aligned with the runs (each run's best value of it); null
   * where a run lacks it. Named as a query would name it: {@code step.name} where one of the runs
   * records the name from two steps, else the name alone.
   */
  public record AlignedMetric(String name, List<Double> values, boolean lowerIsBetter) {}

  public record RunComparison(
      List<Run> runs, List<AlignedParameter> parameters, List<AlignedMetric> metrics) {}
}
