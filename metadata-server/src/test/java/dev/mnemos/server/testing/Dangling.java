package dev.mnemos.server.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The rows of MLMD's tables that refer to a node, event or context that is not there: what a
 * deletion must never leave behind (MLMD has no foreign keys to stop it).
 */
public final class Dangling {

  /** Each check: a description and the count of offending rows. */
  private static final Map<String, String> CHECKS =
      Map.ofEntries(
          Map.entry(
              "event without its artifact",
              "SELECT count(*) FROM Event e LEFT JOIN Artifact a ON a.id = e.artifact_id"
                  + " WHERE a.id IS NULL"),
          Map.entry(
              "event without its execution",
              "SELECT count(*) FROM Event e LEFT JOIN Execution x ON x.id = e.execution_id"
                  + " WHERE x.id IS NULL"),
          Map.entry(
              "event path without its event",
              "SELECT count(*) FROM EventPath p LEFT JOIN Event e ON e.id = p.event_id"
                  + " WHERE e.id IS NULL"),
          Map.entry(
              "attribution without its artifact or context",
              "SELECT count(*) FROM Attribution t LEFT JOIN Artifact a ON a.id = t.artifact_id"
                  + " LEFT JOIN Context c ON c.id = t.context_id WHERE a.id IS NULL OR c.id IS NULL"),
          Map.entry(
              "association without its execution or context",
              "SELECT count(*) FROM Association t LEFT JOIN Execution x ON x.id = t.execution_id"
                  + " LEFT JOIN Context c ON c.id = t.context_id WHERE x.id IS NULL OR c.id IS NULL"),
          Map.entry(
              "parent link without both contexts",
              "SELECT count(*) FROM ParentContext p LEFT JOIN Context c ON c.id = p.context_id"
                  + " LEFT JOIN Context q ON q.id = p.parent_context_id"
                  + " WHERE c.id IS NULL OR q.id IS NULL"),
          Map.entry(
              "artifact property without its artifact",
              "SELECT count(*) FROM ArtifactProperty p LEFT JOIN Artifact a ON a.id = p.artifact_id"
                  + " WHERE a.id IS NULL"),
          Map.entry(
              "execution property without its execution",
              "SELECT count(*) FROM ExecutionProperty p"
                  + " LEFT JOIN Execution x ON x.id = p.execution_id WHERE x.id IS NULL"),
          Map.entry(
              "context property without its context",
              "SELECT count(*) FROM ContextProperty p LEFT JOIN Context c ON c.id = p.context_id"
                  + " WHERE c.id IS NULL"));

  private Dangling() {}

  /** One line per kind of dangling row found, with the count; empty when there is none. */
  public static List<String> rows(String jdbcUrl) throws SQLException {
    List<String> found = new ArrayList<>();
    try (Connection connection = DriverManager.getConnection(jdbcUrl);
        Statement statement = connection.createStatement()) {
      for (var check : CHECKS.entrySet()) {
        try (ResultSet rows = statement.executeQuery(check.getValue())) {
          rows.next();
          long count = rows.getLong(1);
          if (count > 0) {
            found.add(count + " × " + check.getKey());
          }
        }
      }
    }
    return found;
  }
}
