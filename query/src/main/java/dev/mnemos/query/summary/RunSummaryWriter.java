package dev.mnemos.query.summary;

import static dev.mnemos.migrations.jooq.Tables.ARTIFACT;
import static dev.mnemos.migrations.jooq.Tables.ASSOCIATION;
import static dev.mnemos.migrations.jooq.Tables.ATTRIBUTION;
import static dev.mnemos.migrations.jooq.Tables.CONTEXT;
import static dev.mnemos.migrations.jooq.Tables.CONTEXTPROPERTY;
import static dev.mnemos.migrations.jooq.Tables.EVENT;
import static dev.mnemos.migrations.jooq.Tables.EXECUTION;
import static dev.mnemos.migrations.jooq.Tables.PARENTCONTEXT;
import static dev.mnemos.migrations.summary.jooq.Tables.MNEMOS_METRIC;
import static dev.mnemos.migrations.summary.jooq.Tables.MNEMOS_RUN;
import static dev.mnemos.migrations.summary.jooq.Tables.MNEMOS_RUN_PARAMETER;

import com.google.gson.JsonPrimitive;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import dev.mnemos.migrations.NodeKind;
import dev.mnemos.proto.mlmd.Event;
import dev.mnemos.proto.mlmd.Execution;
import dev.mnemos.proto.mlmd.Value;
import dev.mnemos.query.config.QuerySettings;
import dev.mnemos.server.schema.NodeTable;
import dev.mnemos.server.store.IdChunks;
import dev.mnemos.server.store.InsertBatches;
import dev.mnemos.server.store.NodeProperties;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Row7;
import org.jooq.Table;
import org.jooq.impl.DSL;

/**
 * Recomputes the summary rows that depend on a set of changed nodes, inside the transaction that
 * changed them: the run rows of every run those nodes belong to, the parameters recorded by changed
 * executions, and the scalar metrics of changed executions and metrics artifacts. The number of
 * statements depends on the kinds of nodes changed, not on how many.
 */
final class RunSummaryWriter {

  /** A summary row's size in a statement when none of its columns can be long. */
  private static final long SMALL_ROW_BYTES = 1024;

  /** KFP v1 records each run argument as an execution custom property with this prefix. */
  static final String V1_PARAMETER_PREFIX = "input:";

  /** KFP v2 records the run arguments as this struct on the root DAG execution. */
  static final String V2_PARAMETERS = "inputs";

  /** KFP v2 marks every execution but the root DAG with its parent DAG. */
  static final String V2_PARENT_DAG = "parent_dag_id";

  static final String PIPELINE_NAME_PROPERTY = "pipeline_name";

  /** A metric's producer wrote it: unlike lineage, a pending output does not count yet. */
  private static final List<Long> OUTPUT_EVENTS =
      List.of(
          (long) Event.Type.OUTPUT_VALUE,
          (long) Event.Type.DECLARED_OUTPUT_VALUE,
          (long) Event.Type.INTERNAL_OUTPUT_VALUE);

  private final QuerySettings settings;

  RunSummaryWriter(QuerySettings settings) {
    this.settings = settings;
  }

  /**
   * Recomputes what depends on the given nodes: {@code contexts} touched in any way (put, or gained
   * a member or a parent), of which {@code renamedContexts} were put (a pipeline's new name reaches
   * its runs).
   */
  void update(
      DSLContext sql,
      Set<Long> artifacts,
      Set<Long> executions,
      Set<Long> contexts,
      Set<Long> renamedContexts) {
    SummaryTypes types = SummaryTypes.lookUp(sql, settings);
    if (types.runTypes().isEmpty()) {
      return;
    }
    Map<Long, Set<Long>> runsOfExecution = runsOfExecutions(sql, types, executions);
    Set<Long> runs = new TreeSet<>();
    runsOfExecution.values().forEach(runs::addAll);
    if (!contexts.isEmpty()) {
      runs.addAll(runsAmong(sql, types, contexts));
    }
    if (!renamedContexts.isEmpty()) {
      // Only a put can rename; a pipeline merely gaining members changes none of its runs.
      runs.addAll(runsUnder(sql, types, renamedContexts));
    }
    writeRuns(sql, types, runs);
    List<NodeProperties.Entry> executionProperties =
        NodeProperties.read(sql, NodeTable.EXECUTIONS, executions);
    writeParameters(sql, executions, runsOfExecution, executionProperties);
    writeMetrics(sql, types, artifacts, executions, runsOfExecution, executionProperties);
  }

  // ---------------------------------------------------------------------------------------------
  // Membership

  private static Map<Long, Set<Long>> runsOfExecutions(
      DSLContext sql, SummaryTypes types, Collection<Long> executions) {
    return runsOf(
        sql, types, ASSOCIATION, ASSOCIATION.EXECUTION_ID, ASSOCIATION.CONTEXT_ID, executions);
  }

  private static Map<Long, Set<Long>> runsOfArtifacts(
      DSLContext sql, SummaryTypes types, Collection<Long> artifacts) {
    return runsOf(
        sql, types, ATTRIBUTION, ATTRIBUTION.ARTIFACT_ID, ATTRIBUTION.CONTEXT_ID, artifacts);
  }

  /**
   * The run contexts of each member, through a membership table. Two indexed lookups, members'
   * contexts and then which of those are runs: as one join, SQLite starts from the run type's
   * contexts and reads every run's members, which at a million nodes takes minutes per batch.
   */
  private static Map<Long, Set<Long>> runsOf(
      DSLContext sql,
      SummaryTypes types,
      Table<?> membership,
      Field<Long> member,
      Field<Long> context,
      Collection<Long> members) {
    Map<Long, Set<Long>> contextsOf = new TreeMap<>();
    for (List<Long> chunk : IdChunks.of(members)) {
      sql.select(member, context)
          .from(membership)
          .where(member.in(chunk))
          .forEach(
              row ->
                  contextsOf
                      .computeIfAbsent(row.value1(), id -> new TreeSet<>())
                      .add(row.value2()));
    }
    Set<Long> contexts = new TreeSet<>();
    contextsOf.values().forEach(contexts::addAll);
    Set<Long> runs = runsAmong(sql, types, contexts);
    Map<Long, Set<Long>> runsOf = new TreeMap<>();
    contextsOf.forEach(
        (id, memberOf) -> {
          Set<Long> itsRuns = new TreeSet<>(memberOf);
          itsRuns.retainAll(runs);
          if (!itsRuns.isEmpty()) {
            runsOf.put(id, itsRuns);
          }
        });
    return runsOf;
  }

  /**
   * Which of the contexts are runs. The type is compared here, not in SQL: given `type_id IN` and
   * no statistics, SQLite reads every context of the type instead of the few asked for.
   */
  private static Set<Long> runsAmong(DSLContext sql, SummaryTypes types, Set<Long> contexts) {
    Set<Long> runs = new TreeSet<>();
    for (List<Long> chunk : IdChunks.of(contexts)) {
      sql.select(CONTEXT.ID, CONTEXT.TYPE_ID)
          .from(CONTEXT)
          .where(CONTEXT.ID.in(chunk))
          .forEach(
              row -> {
                if (types.runTypes().contains(row.value2())) {
                  runs.add(row.value1());
                }
              });
    }
    return runs;
  }

  /** Runs whose pipeline may have been renamed: children of contexts that were put. */
  private static Set<Long> runsUnder(DSLContext sql, SummaryTypes types, Set<Long> contexts) {
    Set<Long> children = new TreeSet<>();
    for (List<Long> chunk : IdChunks.of(contexts)) {
      children.addAll(
          sql.select(PARENTCONTEXT.CONTEXT_ID)
              .from(PARENTCONTEXT)
              .where(PARENTCONTEXT.PARENT_CONTEXT_ID.in(chunk))
              .fetch(PARENTCONTEXT.CONTEXT_ID));
    }
    return runsAmong(sql, types, children);
  }

  // ---------------------------------------------------------------------------------------------
  // Runs

  private void writeRuns(DSLContext sql, SummaryTypes types, Set<Long> runs) {
    for (List<Long> chunk : IdChunks.of(runs)) {
      Map<Long, String> pipelines = pipelineNames(sql, types, chunk);
      Map<Long, String> previousPipelines = new HashMap<>();
      sql.select(MNEMOS_RUN.RUN_ID, MNEMOS_RUN.PIPELINE_NAME)
          .from(MNEMOS_RUN)
          .where(MNEMOS_RUN.RUN_ID.in(chunk))
          .forEach(row -> previousPipelines.put(row.value1(), row.value2()));
      var failed = DSL.sum(stateIs(Execution.State.FAILED));
      var canceled = DSL.sum(stateIs(Execution.State.CANCELED));
      var active =
          DSL.sum(
              DSL.when(
                      EXECUTION
                          .LAST_KNOWN_STATE
                          .isNull()
                          .or(
                              EXECUTION.LAST_KNOWN_STATE.in(
                                  (long) Execution.State.UNKNOWN_VALUE,
                                  (long) Execution.State.NEW_VALUE,
                                  (long) Execution.State.RUNNING_VALUE)),
                      DSL.inline(1))
                  .otherwise(DSL.inline(0)));
      Map<Long, StepStats> stepStats = new HashMap<>();
      sql.select(
              ASSOCIATION.CONTEXT_ID,
              DSL.count(),
              DSL.max(EXECUTION.LAST_UPDATE_TIME_SINCE_EPOCH),
              failed,
              active,
              canceled)
          .from(ASSOCIATION)
          .join(EXECUTION)
          .on(EXECUTION.ID.eq(ASSOCIATION.EXECUTION_ID))
          .where(ASSOCIATION.CONTEXT_ID.in(chunk))
          .groupBy(ASSOCIATION.CONTEXT_ID)
          .forEach(
              row ->
                  stepStats.put(
                      row.value1(),
                      new StepStats(
                          row.value2(),
                          row.value3(),
                          row.value4().longValue(),
                          row.value5().longValue(),
                          row.value6().longValue())));
      sql.deleteFrom(MNEMOS_RUN).where(MNEMOS_RUN.RUN_ID.in(chunk)).execute();
      List<Row7<Long, String, String, Long, Long, Long, Long>> runRows = new ArrayList<>();
      for (var run :
          sql.select(CONTEXT.ID, CONTEXT.NAME, CONTEXT.CREATE_TIME_SINCE_EPOCH)
              .from(CONTEXT)
              .where(CONTEXT.ID.in(chunk))
              .fetch()) {
        StepStats stats = stepStats.getOrDefault(run.value1(), StepStats.NONE);
        Execution.State state =
            RunState.rollUp(stats.count(), stats.failed(), stats.active(), stats.canceled());
        Long end = stats.count() > 0 && RunState.isFinal(state) ? stats.lastUpdate() : null;
        runRows.add(
            DSL.row(
                run.value1(),
                run.value2(),
                pipelines.get(run.value1()),
                (long) state.getNumber(),
                stats.count(),
                run.value3(),
                end));
      }
      for (var batch : InsertBatches.of(runRows, row -> SMALL_ROW_BYTES)) {
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
  private record StepStats(long count, Long lastUpdate, long failed, long active, long canceled) {
    static final StepStats NONE = new StepStats(0, null, 0, 0, 0);
  }

  private static Field<Integer> stateIs(Execution.State state) {
    return DSL.when(EXECUTION.LAST_KNOWN_STATE.eq((long) state.getNumber()), DSL.inline(1))
        .otherwise(DSL.inline(0));
  }

  /**
   * A run's pipeline: the name of a parent context of a pipeline type (KFP v2), else its {@value
   * #PIPELINE_NAME_PROPERTY} property (KFP v1).
   */
  private static Map<Long, String> pipelineNames(
      DSLContext sql, SummaryTypes types, List<Long> runs) {
    Map<Long, String> names = new HashMap<>();
    sql.select(CONTEXTPROPERTY.CONTEXT_ID, CONTEXTPROPERTY.STRING_VALUE)
        .from(CONTEXTPROPERTY)
        .where(CONTEXTPROPERTY.CONTEXT_ID.in(runs))
        .and(CONTEXTPROPERTY.NAME.eq(PIPELINE_NAME_PROPERTY))
        .and(CONTEXTPROPERTY.STRING_VALUE.isNotNull())
        .forEach(row -> names.put(row.value1(), row.value2()));
    if (!types.pipelineTypes().isEmpty()) {
      // The type is compared here for the reason runsAmong gives.
      var parent = CONTEXT.as("parent");
      sql.select(PARENTCONTEXT.CONTEXT_ID, parent.NAME, parent.TYPE_ID)
          .from(PARENTCONTEXT)
          .join(parent)
          .on(parent.ID.eq(PARENTCONTEXT.PARENT_CONTEXT_ID))
          .where(PARENTCONTEXT.CONTEXT_ID.in(runs))
          .orderBy(parent.ID)
          .forEach(
              row -> {
                if (types.pipelineTypes().contains(row.value3())) {
                  names.putIfAbsent(row.value1(), row.value2());
                }
              });
    }
    return names;
  }

  // ---------------------------------------------------------------------------------------------
  // Parameters

  private void writeParameters(
      DSLContext sql,
      Set<Long> executions,
      Map<Long, Set<Long>> runsOfExecution,
      List<NodeProperties.Entry> properties) {
    for (List<Long> chunk : IdChunks.of(executions)) {
      sql.deleteFrom(MNEMOS_RUN_PARAMETER)
          .where(MNEMOS_RUN_PARAMETER.EXECUTION_ID.in(chunk))
          .execute();
    }
    Set<Long> childSteps = new HashSet<>();
    for (NodeProperties.Entry entry : properties) {
      if (entry.name().equals(V2_PARENT_DAG)) {
        childSteps.add(entry.ownerId());
      }
    }
    List<ParameterRow> parameterRows = new ArrayList<>();
    Map<String, Boolean> written = new HashMap<>();
    for (NodeProperties.Entry entry : properties) {
      Set<Long> runs = runsOfExecution.getOrDefault(entry.ownerId(), Set.of());
      if (runs.isEmpty()) {
        continue;
      }
      Map<String, com.google.protobuf.Value> parameters = new TreeMap<>();
      if (entry.name().startsWith(V1_PARAMETER_PREFIX)) {
        parameters.put(
            entry.name().substring(V1_PARAMETER_PREFIX.length()), asJsonValue(entry.value()));
      } else if (entry.name().equals(V2_PARAMETERS)
          && entry.value().hasStructValue()
          && !childSteps.contains(entry.ownerId())) {
        parameters.putAll(entry.value().getStructValue().getFieldsMap());
      }
      for (var parameter : parameters.entrySet()) {
        for (long run : runs) {
          if (written.putIfAbsent(run + "/" + entry.ownerId() + "/" + parameter.getKey(), true)
              == null) {
            parameterRows.add(
                new ParameterRow(
                    run,
                    entry.ownerId(),
                    parameter.getKey(),
                    json(parameter.getValue()),
                    number(parameter.getValue())));
          }
        }
      }
    }
    for (List<ParameterRow> batch : InsertBatches.of(parameterRows, ParameterRow::bytes)) {
      var insert =
          sql.insertInto(
              MNEMOS_RUN_PARAMETER,
              MNEMOS_RUN_PARAMETER.RUN_ID,
              MNEMOS_RUN_PARAMETER.EXECUTION_ID,
              MNEMOS_RUN_PARAMETER.NAME,
              MNEMOS_RUN_PARAMETER.JSON_VALUE,
              MNEMOS_RUN_PARAMETER.DOUBLE_VALUE);
      for (ParameterRow row : batch) {
        insert = insert.values(row.run(), row.execution(), row.name(), row.json(), row.number());
      }
      insert.execute();
    }
  }

  /** One row of `mnemos_run_parameter`. */
  private record ParameterRow(long run, long execution, String name, String json, Double number) {
    long bytes() {
      return SMALL_ROW_BYTES + InsertBatches.textBytes(json);
    }
  }

  private static com.google.protobuf.Value asJsonValue(Value value) {
    var json = com.google.protobuf.Value.newBuilder();
    switch (value.getValueCase()) {
      case INT_VALUE -> json.setNumberValue(value.getIntValue());
      case DOUBLE_VALUE -> json.setNumberValue(value.getDoubleValue());
      case BOOL_VALUE -> json.setBoolValue(value.getBoolValue());
      case STRUCT_VALUE -> json.setStructValue(value.getStructValue());
      default -> json.setStringValue(value.getStringValue());
    }
    return json.build();
  }

  private static String json(com.google.protobuf.Value value) {
    try {
      return JsonFormat.printer().omittingInsignificantWhitespace().print(value);
    } catch (InvalidProtocolBufferException e) {
      return new JsonPrimitive(value.toString()).toString();
    }
  }

  /** Numbers, and strings that read as numbers (KFP v1 passes every argument as text). */
  private static Double number(com.google.protobuf.Value value) {
    return switch (value.getKindCase()) {
      case NUMBER_VALUE -> value.getNumberValue();
      case STRING_VALUE -> {
        try {
          double parsed = Double.parseDouble(value.getStringValue().strip());
          yield Double.isFinite(parsed) ? parsed : null;
        } catch (NumberFormatException e) {
          yield null;
        }
      }
      default -> null;
    };
  }

  // ---------------------------------------------------------------------------------------------
  // Metrics

  private record MetricRow(
      NodeKind kind, long source, long run, String name, double value, Long execution) {}

  private void writeMetrics(
      DSLContext sql,
      SummaryTypes types,
      Set<Long> artifacts,
      Set<Long> executions,
      Map<Long, Set<Long>> runsOfExecution,
      List<NodeProperties.Entry> executionProperties) {
    Set<Long> metricArtifacts = metricsArtifacts(sql, types, artifacts, executions);
    Map<Long, Long> producers = producers(sql, metricArtifacts);
    Set<Long> producersToPlace = new TreeSet<>(producers.values());
    producersToPlace.removeAll(runsOfExecution.keySet());
    Map<Long, Set<Long>> runsOfProducer = new HashMap<>(runsOfExecution);
    runsOfProducer.putAll(runsOfExecutions(sql, types, producersToPlace));
    Map<Long, Set<Long>> runsOfArtifact = runsOfArtifacts(sql, types, metricArtifacts);
    Set<Long> executionIds = new TreeSet<>(executions);
    executionIds.addAll(producers.values());
    Map<Long, Long> executionTypes = executionTypes(sql, executionIds);

    List<MetricRow> rows = new ArrayList<>();
    for (NodeProperties.Entry entry : executionProperties) {
      Double value = numeric(entry.value());
      if (value == null
          || settings.ignoredExecutionProperties().contains(entry.name())
          || entry.name().startsWith(V1_PARAMETER_PREFIX)) {
        continue;
      }
      for (long run : runsOfExecution.getOrDefault(entry.ownerId(), Set.of())) {
        rows.add(
            new MetricRow(
                NodeKind.EXECUTION, entry.ownerId(), run, entry.name(), value, entry.ownerId()));
      }
    }
    for (NodeProperties.Entry entry :
        NodeProperties.read(sql, NodeTable.ARTIFACTS, metricArtifacts)) {
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

    for (List<Long> chunk : IdChunks.of(executions)) {
      sql.deleteFrom(MNEMOS_METRIC)
          .where(MNEMOS_METRIC.SOURCE_KIND.eq(NodeKind.EXECUTION.code()))
          .and(MNEMOS_METRIC.SOURCE_ID.in(chunk))
          .execute();
    }
    for (List<Long> chunk : IdChunks.of(metricArtifacts)) {
      sql.deleteFrom(MNEMOS_METRIC)
          .where(MNEMOS_METRIC.SOURCE_KIND.eq(NodeKind.ARTIFACT.code()))
          .and(MNEMOS_METRIC.SOURCE_ID.in(chunk))
          .execute();
    }
    if (rows.isEmpty()) {
      return;
    }
    Set<Long> runs = new TreeSet<>();
    rows.forEach(row -> runs.add(row.run()));
    Map<Long, String> pipelines = new HashMap<>();
    for (List<Long> chunk : IdChunks.of(runs)) {
      sql.select(MNEMOS_RUN.RUN_ID, MNEMOS_RUN.PIPELINE_NAME)
          .from(MNEMOS_RUN)
          .where(MNEMOS_RUN.RUN_ID.in(chunk))
          .forEach(row -> pipelines.put(row.value1(), row.value2()));
    }
    for (List<MetricRow> batch : InsertBatches.of(rows, row -> SMALL_ROW_BYTES)) {
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
              MNEMOS_METRIC.EXECUTION_TYPE_ID);
      for (MetricRow row : batch) {
        insert =
            insert.values(
                row.kind().code(),
                row.source(),
                row.run(),
                row.name(),
                row.value(),
                pipelines.get(row.run()),
                row.execution(),
                row.execution() == null ? null : executionTypes.get(row.execution()));
      }
      insert.execute();
    }
  }

  private static Double numeric(Value value) {
    return switch (value.getValueCase()) {
      case INT_VALUE -> (double) value.getIntValue();
      case DOUBLE_VALUE -> Double.isFinite(value.getDoubleValue()) ? value.getDoubleValue() : null;
      default -> null;
    };
  }

  /**
   * Changed artifacts of a metrics type, and the metrics artifacts changed executions output; types
   * are compared here for the reason {@link #runsAmong} gives.
   */
  private static Set<Long> metricsArtifacts(
      DSLContext sql, SummaryTypes types, Set<Long> artifacts, Set<Long> executions) {
    Set<Long> found = new TreeSet<>();
    if (types.metricsTypes().isEmpty()) {
      return found;
    }
    for (List<Long> chunk : IdChunks.of(artifacts)) {
      sql.select(ARTIFACT.ID, ARTIFACT.TYPE_ID)
          .from(ARTIFACT)
          .where(ARTIFACT.ID.in(chunk))
          .forEach(
              row -> {
                if (types.metricsTypes().contains(row.value2())) {
                  found.add(row.value1());
                }
              });
    }
    for (List<Long> chunk : IdChunks.of(executions)) {
      sql.select(ARTIFACT.ID, ARTIFACT.TYPE_ID)
          .from(EVENT)
          .join(ARTIFACT)
          .on(ARTIFACT.ID.eq(EVENT.ARTIFACT_ID))
          .where(EVENT.EXECUTION_ID.in(chunk))
          .and(EVENT.TYPE.in(OUTPUT_EVENTS))
          .forEach(
              row -> {
                if (types.metricsTypes().contains(row.value2())) {
                  found.add(row.value1());
                }
              });
    }
    return found;
  }

  /** The execution that output each artifact (the first one, when several did). */
  private static Map<Long, Long> producers(DSLContext sql, Set<Long> artifacts) {
    Map<Long, Long> producers = new HashMap<>();
    for (List<Long> chunk : IdChunks.of(artifacts)) {
      sql.select(EVENT.ARTIFACT_ID, EVENT.EXECUTION_ID)
          .from(EVENT)
          .where(EVENT.ARTIFACT_ID.in(chunk))
          .and(EVENT.TYPE.in(OUTPUT_EVENTS))
          .orderBy(EVENT.ID)
          .forEach(row -> producers.putIfAbsent(row.value1(), row.value2()));
    }
    return producers;
  }

  private static Map<Long, Long> executionTypes(DSLContext sql, Set<Long> executions) {
    Map<Long, Long> typeIds = new HashMap<>();
    for (List<Long> chunk : IdChunks.of(executions)) {
      sql.select(EXECUTION.ID, EXECUTION.TYPE_ID)
          .from(EXECUTION)
          .where(EXECUTION.ID.in(chunk))
          .forEach(row -> typeIds.put(row.value1(), row.value2()));
    }
    return typeIds;
  }
}
