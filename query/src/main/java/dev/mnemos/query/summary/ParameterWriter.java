package dev.mnemos.query.summary;

import static dev.mnemos.migrations.summary.jooq.Tables.MNEMOS_RUN_PARAMETER;

import com.google.gson.JsonPrimitive;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import dev.mnemos.proto.mlmd.Value;
import dev.mnemos.server.store.GraphReads.PropertyEntry;
import dev.mnemos.server.store.IdChunks;
import dev.mnemos.server.store.InsertBatches;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jooq.DSLContext;
import org.jspecify.annotations.Nullable;

/**
 * Writes `mnemos_run_parameter`: the arguments of each run, from its executions' properties (KFP
 * v1's {@code input:*} custom properties, KFP v2's {@code inputs} struct on the root DAG).
 */
final class ParameterWriter {

  /** KFP v1 records each run argument as an execution custom property with this prefix. */
  static final String V1_PARAMETER_PREFIX = "input:";

  /** KFP v2 records the run arguments as this struct on the root DAG execution. */
  static final String V2_PARAMETERS = "inputs";

  /** KFP v2 marks every execution but the root DAG with its parent DAG. */
  static final String V2_PARENT_DAG = "parent_dag_id";

  private final DSLContext sql;

  ParameterWriter(DSLContext sql) {
    this.sql = sql;
  }

  /**
   * Rewrites the parameter rows of {@code executions} from their properties ({@code properties}),
   * for each run the execution belongs to ({@code runsOfExecution}).
   */
  void write(
      Set<Long> executions, Map<Long, Set<Long>> runsOfExecution, List<PropertyEntry> properties) {
    for (List<Long> chunk : IdChunks.of(executions)) {
      sql.deleteFrom(MNEMOS_RUN_PARAMETER)
          .where(MNEMOS_RUN_PARAMETER.EXECUTION_ID.in(chunk))
          .execute();
    }
    Set<Long> childSteps = new HashSet<>();
    for (PropertyEntry entry : properties) {
      if (entry.name().equals(V2_PARENT_DAG)) {
        childSteps.add(entry.ownerId());
      }
    }
    List<ParameterRow> parameterRows = new ArrayList<>();
    Map<String, Boolean> written = new HashMap<>();
    for (PropertyEntry entry : properties) {
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
  private record ParameterRow(
      long run, long execution, String name, String json, @Nullable Double number) {
    long bytes() {
      return RunSummaryWriter.SMALL_ROW_BYTES + InsertBatches.textBytes(json);
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
  private static @Nullable Double number(com.google.protobuf.Value value) {
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
}
