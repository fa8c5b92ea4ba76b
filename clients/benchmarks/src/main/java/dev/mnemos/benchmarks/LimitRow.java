package dev.mnemos.benchmarks;

import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The database's own limit for side_by_side.py: the rows the workload's PutExecution calls leave in
 * an MLMD database (nodes, properties, events and their paths, associations, attributions, run
 * contexts and their parent links), written the fastest way JDBC offers — multi-row inserts of 500
 * rows, ids chosen up front, one transaction. No store does this much less work per step.
 *
 * <pre>limit JDBC_URL WORKLOAD   {"rate": steps per second}</pre>
 *
 * The database must hold MLMD's schema, the workload's types, the pipeline context and the raw
 * dataset (side_by_side.py has the MLMD library write them first).
 */
public final class LimitRow {

  private static final int ROWS_PER_INSERT = 500;

  private LimitRow() {}

  public static void main(String[] args) throws Exception {
    Workload workload = Workload.read(Path.of(args[1]));
    try (Connection connection = DriverManager.getConnection(args[0])) {
      long started = System.nanoTime();
      new LimitRow.Writer(connection, workload).write();
      double seconds = (System.nanoTime() - started) / 1e9;
      JsonObject result = new JsonObject();
      result.addProperty("rate", workload.executions() / seconds);
      System.out.println(result);
    }
  }

  /** The rows of one table, inserted many at a time. */
  private static final class Table {
    final String name;
    final String[] columns;
    final List<Object[]> rows = new ArrayList<>();

    Table(String name, String... columns) {
      this.name = name;
      this.columns = columns;
    }

    void add(@Nullable Object... row) {
      rows.add(row);
    }

    void insert(Connection connection) throws SQLException {
      for (int from = 0; from < rows.size(); from += ROWS_PER_INSERT) {
        List<Object[]> chunk = rows.subList(from, Math.min(rows.size(), from + ROWS_PER_INSERT));
        String placeholders = "(" + "?,".repeat(columns.length - 1) + "?)";
        String sql =
            "INSERT INTO "
                + name
                + " ("
                + String.join(",", columns)
                + ") VALUES "
                + String.join(",", Collections.nCopies(chunk.size(), placeholders));
        try (PreparedStatement insert = connection.prepareStatement(sql)) {
          int parameter = 1;
          for (Object[] row : chunk) {
            for (Object value : row) {
              insert.setObject(parameter++, value);
            }
          }
          insert.executeUpdate();
        }
      }
    }
  }

  private static final class Writer {
    private final Connection connection;
    private final Workload workload;
    private final Map<String, Long> types = new HashMap<>();
    private final long now = System.currentTimeMillis();
    private final Table artifacts =
        new Table(
            "Artifact",
            "id",
            "type_id",
            "uri",
            "state",
            "create_time_since_epoch",
            "last_update_time_since_epoch");
    private final Table artifactProperties =
        new Table(
            "ArtifactProperty",
            "artifact_id",
            "name",
            "is_custom_property",
            "string_value",
            "double_value");
    private final Table executions =
        new Table(
            "Execution",
            "id",
            "type_id",
            "last_known_state",
            "create_time_since_epoch",
            "last_update_time_since_epoch");
    private final Table executionProperties =
        new Table(
            "ExecutionProperty",
            "execution_id",
            "name",
            "is_custom_property",
            "string_value",
            "int_value",
            "double_value");
    private final Table contexts =
        new Table(
            "Context",
            "id",
            "type_id",
            "name",
            "create_time_since_epoch",
            "last_update_time_since_epoch");
    private final Table contextProperties =
        new Table("ContextProperty", "context_id", "name", "is_custom_property", "string_value");
    private final Table parents = new Table("ParentContext", "context_id", "parent_context_id");
    private final Table events =
        new Table("Event", "id", "artifact_id", "execution_id", "type", "milliseconds_since_epoch");
    private final Table paths = new Table("EventPath", "event_id", "is_index_step", "step_key");
    private final Table associations = new Table("Association", "context_id", "execution_id");
    private final Table attributions = new Table("Attribution", "context_id", "artifact_id");

    Writer(Connection connection, Workload workload) {
      this.connection = connection;
      this.workload = workload;
    }

    void write() throws SQLException {
      connection.setAutoCommit(false);
      try (Statement query = connection.createStatement();
          ResultSet rows = query.executeQuery("SELECT id, name FROM Type")) {
        while (rows.next()) {
          types.put(rows.getString(2), rows.getLong(1));
        }
      }
      long pipeline = single("SELECT id FROM Context WHERE name = '" + workload.pipeline() + "'");
      long raw = single("SELECT id FROM Artifact WHERE uri = 'minio://mlpipeline/raw/data.csv'");
      long nextArtifact = single("SELECT COALESCE(MAX(id), 0) + 1 FROM Artifact");
      long nextExecution = single("SELECT COALESCE(MAX(id), 0) + 1 FROM Execution");
      long nextContext = single("SELECT COALESCE(MAX(id), 0) + 1 FROM Context");
      long nextEvent = single("SELECT COALESCE(MAX(id), 0) + 1 FROM Event");
      for (Workload.Run run : workload.runs()) {
        long context = nextContext++;
        contexts.add(
            context,
            Objects.requireNonNull(types.get("system.PipelineRun")),
            "run-" + run.number(),
            now,
            now);
        contextProperties.add(context, "namespace", true, "kubeflow");
        contextProperties.add(
            context,
            "pipeline_root",
            true,
            "minio://mlpipeline/v2/artifacts/" + workload.pipeline() + "/run-" + run.number());
        parents.add(context, pipeline);
        List<List<Long>> produced = new ArrayList<>();
        for (int step = 0; step < run.steps().size(); step++) {
          Workload.Step planned = run.steps().get(step);
          long execution = nextExecution++;
          executions.add(
              execution,
              Objects.requireNonNull(types.get("system.ContainerExecution")),
              3,
              now,
              now);
          executionProperties.add(execution, "display_name", true, "step-" + step, null, null);
          executionProperties.add(execution, "task_name", true, "step-" + step, null, null);
          executionProperties.add(
              execution,
              "pod_name",
              true,
              "run-" + run.number() + "-step-" + step + "-pod",
              null,
              null);
          for (Map.Entry<String, Number> parameter : planned.parameters().entrySet()) {
            boolean whole = parameter.getValue() instanceof Long;
            executionProperties.add(
                execution,
                "input:" + parameter.getKey(),
                true,
                null,
                whole ? parameter.getValue() : null,
                whole ? null : parameter.getValue());
          }
          associations.add(pipeline, execution);
          associations.add(context, execution);
          for (Workload.Input input : planned.inputs()) {
            long artifact =
                input.producer() < 0 ? raw : produced.get(input.producer()).get(input.slot());
            nextEvent = event(nextEvent, artifact, execution, 3, input.key());
            attributions.add(pipeline, artifact);
            attributions.add(context, artifact);
          }
          List<Long> outputs = new ArrayList<>();
          String folder =
              "minio://mlpipeline/v2/artifacts/"
                  + workload.pipeline()
                  + "/run-"
                  + run.number()
                  + "/step-"
                  + step
                  + "/";
          for (Workload.Output output : planned.outputs()) {
            long artifact = nextArtifact++;
            artifacts.add(
                artifact,
                Objects.requireNonNull(types.get(output.type())),
                folder + output.key(),
                2,
                now,
                now);
            artifactProperties.add(artifact, "display_name", true, output.key(), null);
            nextEvent = event(nextEvent, artifact, execution, 4, output.key());
            attributions.add(pipeline, artifact);
            attributions.add(context, artifact);
            outputs.add(artifact);
          }
          long scores = nextArtifact++;
          artifacts.add(
              scores,
              Objects.requireNonNull(types.get("system.Metrics")),
              folder + "metrics",
              2,
              now,
              now);
          for (Map.Entry<String, Double> metric : planned.metrics().entrySet()) {
            artifactProperties.add(scores, metric.getKey(), true, null, metric.getValue());
          }
          nextEvent = event(nextEvent, scores, execution, 4, "metrics");
          attributions.add(pipeline, scores);
          attributions.add(context, scores);
          outputs.add(scores);
          produced.add(outputs);
        }
      }
      for (Table table :
          List.of(
              contexts,
              contextProperties,
              parents,
              executions,
              executionProperties,
              artifacts,
              artifactProperties,
              events,
              paths,
              associations,
              distinct(attributions))) {
        table.insert(connection);
      }
      if (connection.getMetaData().getURL().startsWith("jdbc:postgresql:")) {
        // The ids were chosen here: the sequences PostgreSQL draws the next ones from move past
        // them.
        for (String table : List.of("artifact", "execution", "context", "event")) {
          single(
              "SELECT setval(pg_get_serial_sequence('"
                  + table
                  + "', 'id'), MAX(id)) FROM "
                  + table);
        }
      }
      connection.commit();
    }

    private long event(long id, long artifact, long execution, int type, String key) {
      events.add(id, artifact, execution, type, now);
      paths.add(id, false, key);
      return id + 1;
    }

    /** MLMD keeps one attribution per artifact and context; an input may be one already. */
    private static Table distinct(Table table) {
      Table unique = new Table(table.name, table.columns);
      Set<String> seen = new HashSet<>();
      for (Object[] row : table.rows) {
        if (seen.add(row[0] + "/" + row[1])) {
          unique.rows.add(row);
        }
      }
      return unique;
    }

    private long single(String sql) throws SQLException {
      try (Statement query = connection.createStatement();
          ResultSet rows = query.executeQuery(sql)) {
        rows.next();
        return rows.getLong(1);
      }
    }
  }
}
