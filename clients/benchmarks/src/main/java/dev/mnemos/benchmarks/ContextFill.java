package dev.mnemos.benchmarks;

import com.google.gson.JsonObject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;

/**
 * Makes the large context of side_by_side.py's reads: the first ARTIFACTS artifacts of the read
 * database become members of an existing context, in one INSERT ... SELECT.
 *
 * <pre>fill JDBC_URL CONTEXT_ID ARTIFACTS   {"attributed": rows}</pre>
 */
public final class ContextFill {

  private ContextFill() {}

  public static void main(String[] args) throws Exception {
    try (Connection connection = DriverManager.getConnection(args[0]);
        PreparedStatement fill =
            connection.prepareStatement(
                "INSERT INTO Attribution (context_id, artifact_id)"
                    + " SELECT ?, id FROM Artifact ORDER BY id LIMIT ?")) {
      fill.setLong(1, Long.parseLong(args[1]));
      fill.setLong(2, Long.parseLong(args[2]));
      JsonObject result = new JsonObject();
      result.addProperty("attributed", fill.executeUpdate());
      System.out.println(result);
    }
  }
}
