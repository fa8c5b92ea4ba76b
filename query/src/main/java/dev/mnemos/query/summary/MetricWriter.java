package dev.mnemos.query.summary;

import static dev.mnemos.migrations.summary.jooq.Tables.MNEMOS_METRIC;
import static dev.mnemos.migrations.summary.jooq.Tables.MNEMOS_RUN;

import dev.mnemos.migrations.NodeKind;
import dev.mnemos.proto.mlmd.Value;
import dev.mnemos.query.config.QuerySettings;
import dev.mnemos.server.store.GraphReads;
import dev.mnemos.server.store.GraphReads.NodeHeader;
import dev.mnemos.server.store.GraphReads.PropertyEntry;
import dev.mnemos.server.store.IdChunks;
import dev.mnemos.server.store.InsertBatches;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;

/**
 * Writes `mnemos_metric`: every scalar value of a run, recorded as a numeric property of one of its
 * executions or of a metrics artifact its executions wrote (or that belongs to it), with the step
 * that recorded it: the execution's (or the artifact producer's) KFP task name, else its display
 * name, else its TFX or KFP v1 component id; for an artifact without a named producer, its own
 * display name.
 */
final class MetricWriter {

  private final DSLContext sql;
  private final GraphReads reads;
  private final SummaryTypes types;
  private final RunMembership membership;
  private final QuerySettings settings;

  MetricWriter(
      DSLContext sql,
      GraphReads reads,
      SummaryTypes types,
      RunMembership membership,
      QuerySettings settings) {
    this.sql = sql;
    this.reads = reads;
    this.types = types;
    this.membership = membership;
    this.settings = settings;
  }

  /** The properties that name a step, most telling first. */
  private static final List<String> STEP_NAME_PROPERTIES =
      List.of("task_name", "display_name", "component_id");

  /** A metrics artifact's own name, as KFP records it. */
  private static final String ARTIFACT_NAME_PROPERTY = "display_name";

  private record MetricRow(
      NodeKind kind, long source, long run, String name, double value, @Nullable Long execution) {}

  /**
   * Rewrites the metric rows of changed executions ({@code executions}, whose properties are {@code
   * executionProperties}) and of the metrics artifacts among {@code artifacts} or written by those
   * executions.
   */
  void write(
      Set<Long> artifacts,
      Set<Long> executions,
      Map<Long, Set<Long>> runsOfExecution,
      List<PropertyEntry> executionProperties) {
    Set<Long> metricArtifacts = metricsArtifacts(artifacts, executions);
    Map<Long, Long> producers = reads.firstWriters(metricArtifacts);
    Set<Long> producersToPlace = new TreeSet<>(producers.values());
    producersToPlace.removeAll(runsOfExecution.keySet());
    Map<Long, Set<Long>> runsOfProducer = new HashMap<>(runsOfExecution);
    runsOfProducer.putAll(membership.runsOf(NodeKind.EXECUTION, producersToPlace));
    Map<Long, Set<Long>> runsOfArtifact = membership.runsOf(NodeKind.ARTIFACT, metricArtifacts);
    Set<Long> executionIds = new TreeSet<>(executions);
    executionIds.addAll(producers.values());
    Map<Long, Long> executionTypes = new HashMap<>();
    reads
        .headers(NodeKind.EXECUTION, executionIds)
        .forEach((id, execution) -> executionTypes.put(id, execution.typeId()));

    List<MetricRow> rows = new ArrayList<>();
    Map<Long, String> artifactNames = new HashMap<>();
    for (PropertyEntry entry : executionProperties) {
      Double value = numeric(entry.value());
      if (value == null
          || settings.ignoredExecutionProperties().contains(entry.name())
          || entry.name().startsWith(ParameterWriter.V1_PARAMETER_PREFIX)) {
        continue;
      }
      for (long run : runsOfExecution.getOrDefault(entry.ownerId(), Set.of())) {
        rows.add(
            new MetricRow(
                NodeKind.EXECUTION, entry.ownerId(), run, entry.name(), value, entry.ownerId()));
      }
    }
    for (PropertyEntry entry : reads.properties(NodeKind.ARTIFACT, metricArtifacts)) {
      if (entry.name().equals(ARTIFACT_NAME_PROPERTY)
          && entry.value().getValueCase() == Value.ValueCase.STRING_VALUE) {
        artifactNames.put(entry.ownerId(), entry.value().getStringValue());
      }
      Double value = numeric(entry.value());
      if (value == null) {
        continue;
      }
      Long producer = producers.get(entry.ownerId());
      Set<Long> runs = new TreeSet<>(runsOfArtifact.getOrDefault(entry.ownerId(), Set.of()));
      if (producer != null) {
        runs.addAll(runsOfProducer.getOrDefault(producer, Set.of()));
      }
      for (long run : runs) {
        rows.add(
            new MetricRow(NodeKind.ARTIFACT, entry.ownerId(), run, entry.name(), value, producer));
      }
    }

    // The sources' old rows go in one statement (a chunk of each kind per statement). No constant
    // term in the OR: given `1 = 0 OR ...`, SQLite scans the table instead of searching its key.
    List<List<Long>> executionChunks = IdChunks.of(executions);
    List<List<Long>> artifactChunks = IdChunks.of(metricArtifacts);
    for (int i = 0; i < Math.max(executionChunks.size(), artifactChunks.size()); i++) {
      List<Condition> sources = new ArrayList<>();
      if (i < executionChunks.size()) {
        sources.add(source(NodeKind.EXECUTION, executionChunks.get(i)));
      }
      if (i < artifactChunks.size()) {
        sources.add(source(NodeKind.ARTIFACT, artifactChunks.get(i)));
      }
      sql.deleteFrom(MNEMOS_METRIC).where(DSL.or(sources)).execute();
    }
    if (rows.isEmpty()) {
      return;
    }
    Map<Long, String> steps = stepNames(rows, executionProperties);
    Set<Long> runs = new TreeSet<>();
    rows.forEach(row -> runs.add(row.run()));
    Map<Long, String> pipelines = new HashMap<>();
    for (List<Long> chunk : IdChunks.of(runs)) {
      sql.select(MNEMOS_RUN.RUN_ID, MNEMOS_RUN.PIPELINE_NAME)
          .from(MNEMOS_RUN)
          .where(MNEMOS_RUN.RUN_ID.in(chunk))
          .forEach(row -> pipelines.put(row.value1(), row.value2()));
    }
    for (List<MetricRow> batch : InsertBatches.of(rows, row -> RunSummaryWriter.SMALL_ROW_BYTES)) {
      var insert =
          sql.insertInto(
              MNEMOS_METRIC,
              MNEMOS_METRIC.SOURCE_KIND,
              MNEMOS_METRIC.SOURCE_ID,
              MNEMOS_METRIC.RUN_ID,
              MNEMOS_METRIC.NAME,
              MNEMOS_METRIC.VALUE,
              MNEMOS_METRIC.PIPELINE_NAME,
              MNEMOS_METRIC.EXECUTION_ID,
              MNEMOS_METRIC.EXECUTION_TYPE_ID,
              MNEMOS_METRIC.STEP);
      for (MetricRow row : batch) {
        String step = row.execution() == null ? null : steps.get(row.execution());
        if (step == null && row.kind() == NodeKind.ARTIFACT) {
          step = artifactNames.get(row.source());
        }
        insert =
            insert.values(
                row.kind().code(),
                row.source(),
                row.run(),
                row.name(),
                row.value(),
                pipelines.get(row.run()),
                row.execution(),
                row.execution() == null ? null : executionTypes.get(row.execution()),
                step == null ? "" : step);
      }
      insert.execute();
    }
  }

  /**
   * The step name of each execution that recorded (or produced) a row, where one is known: from the
   * changed executions' properties at hand, the others' read (a producer is mostly written in the
   * same call as its metrics).
   */
  private Map<Long, String> stepNames(List<MetricRow> rows, List<PropertyEntry> knownProperties) {
    Map<Long, Map<String, String>> names = new HashMap<>();
    Set<Long> known = new TreeSet<>();
    for (PropertyEntry entry : knownProperties) {
      known.add(entry.ownerId());
      if (STEP_NAME_PROPERTIES.contains(entry.name())
          && entry.value().getValueCase() == Value.ValueCase.STRING_VALUE) {
        names
            .computeIfAbsent(entry.ownerId(), id -> new HashMap<>())
            .put(entry.name(), entry.value().getStringValue());
      }
    }
    Set<Long> unknown = new TreeSet<>();
    rows.forEach(
        row -> {
          if (row.execution() != null && !known.contains(row.execution())) {
            unknown.add(row.execution());
          }
        });
    if (!unknown.isEmpty()) {
      names.putAll(reads.stringProperties(NodeKind.EXECUTION, unknown, STEP_NAME_PROPERTIES));
    }
    Map<Long, String> steps = new HashMap<>();
    names.forEach(
        (execution, properties) ->
            STEP_NAME_PROPERTIES.stream()
                .map(properties::get)
                .filter(name -> name != null && !name.isBlank())
                .findFirst()
                .ifPresent(name -> steps.put(execution, name)));
    return steps;
  }

  private static @Nullable Double numeric(Value value) {
    return switch (value.getValueCase()) {
      case INT_VALUE -> (double) value.getIntValue();
      case DOUBLE_VALUE -> Double.isFinite(value.getDoubleValue()) ? value.getDoubleValue() : null;
      default -> null;
    };
  }

  /**
   * Changed artifacts of a metrics type, and the metrics artifacts changed executions wrote; types
   * are compared here for the reason {@link RunMembership} gives.
   */
  private Set<Long> metricsArtifacts(Set<Long> artifacts, Set<Long> executions) {
    Set<Long> found = new TreeSet<>();
    if (types.metricsTypes().isEmpty()) {
      return found;
    }
    for (NodeHeader artifact : reads.headers(NodeKind.ARTIFACT, artifacts).values()) {
      if (types.metricsTypes().contains(artifact.typeId())) {
        found.add(artifact.ref().id());
      }
    }
    for (NodeHeader artifact : reads.writtenBy(executions)) {
      if (types.metricsTypes().contains(artifact.typeId())) {
        found.add(artifact.ref().id());
      }
    }
    return found;
  }

  private static Condition source(NodeKind kind, List<Long> ids) {
    return MNEMOS_METRIC.SOURCE_KIND.eq(kind.code()).and(MNEMOS_METRIC.SOURCE_ID.in(ids));
  }
}
