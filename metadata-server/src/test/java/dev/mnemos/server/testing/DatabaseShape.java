package dev.mnemos.server.testing;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a database holds, as far as a reader can tell: each table's columns, indexes and row count.
 * Two databases of the same shape serve the same answers to MLMD and to Mnemos.
 */
public record DatabaseShape(Map<String, Table> tables) {

  /** One table: its columns (name and type), its indexes (name, uniqueness, columns), its rows. */
  public record Table(TreeSet<String> columns, TreeSet<String> indexes, long rows) {}

  public static DatabaseShape of(Connection connection) throws SQLException {
    DatabaseMetaData metadata = connection.getMetaData();
    String catalog = connection.getCatalog();
    List<String> names = new ArrayList<>();
    try (ResultSet tables = metadata.getTables(catalog, null, "%", new String[] {"TABLE"})) {
      while (tables.next()) {
        names.add(tables.getString("TABLE_NAME"));
      }
    }
    Map<String, Table> shape = new TreeMap<>();
    for (String name : names) {
      TreeSet<String> columns = new TreeSet<>();
      try (ResultSet rows = metadata.getColumns(catalog, null, name, "%")) {
        while (rows.next()) {
          columns.add(rows.getString("COLUMN_NAME") + " " + rows.getString("TYPE_NAME"));
        }
      }
      Map<String, List<String>> indexColumns = new TreeMap<>();
      try (ResultSet rows = metadata.getIndexInfo(catalog, null, name, false, false)) {
        while (rows.next()) {
          String index = rows.getString("INDEX_NAME");
          if (index != null) {
            String key = (rows.getBoolean("NON_UNIQUE") ? "" : "unique ") + index;
            indexColumns
                .computeIfAbsent(key, k -> new ArrayList<>())
                .add(rows.getString("COLUMN_NAME"));
          }
        }
      }
      TreeSet<String> indexes = new TreeSet<>();
      indexColumns.forEach((index, on) -> indexes.add(index + " " + on));
      shape.put(name, new Table(columns, indexes, count(connection, name)));
    }
    return new DatabaseShape(shape);
  }

  private static long count(Connection connection, String table) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT count(*) FROM "
                    + connection.getMetaData().getIdentifierQuoteString()
                    + table
                    + connection.getMetaData().getIdentifierQuoteString())) {
      rows.next();
      return rows.getLong(1);
    }
  }
}
