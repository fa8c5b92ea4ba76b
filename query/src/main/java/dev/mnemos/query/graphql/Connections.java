package dev.mnemos.query.graphql;

import dev.mnemos.query.paging.PageCursor;
import dev.mnemos.server.errors.StoreException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** Relay connections: edges with cursors, the nodes, and page information. */
final class Connections {

  private static final PageCursor ID_CURSORS = new PageCursor("after-id");

  private Connections() {}

  /** A connection whose edges each carry their own cursor. */
  static <T> Map<String, Object> of(
      List<T> nodes, Function<T, String> cursor, boolean hasNextPage, Optional<String> endCursor) {
    List<Map<String, Object>> edges = new ArrayList<>();
    for (T node : nodes) {
      Map<String, Object> edge = new LinkedHashMap<>();
      edge.put("cursor", cursor.apply(node));
      edge.put("node", node);
      edges.add(edge);
    }
    Map<String, Object> pageInfo = new LinkedHashMap<>();
    pageInfo.put("hasNextPage", hasNextPage);
    pageInfo.put(
        "endCursor",
        endCursor.orElse(nodes.isEmpty() ? null : cursor.apply(nodes.get(nodes.size() - 1))));
    Map<String, Object> connection = new LinkedHashMap<>();
    connection.put("edges", edges);
    connection.put("nodes", nodes);
    connection.put("pageInfo", pageInfo);
    return connection;
  }

  /** The cursor of a node in an id-ordered listing. */
  static String idCursor(long id) {
    return ID_CURSORS.at(id);
  }

  /**
   * The id a cursor of {@link #idCursor} stands for.
   *
   * @throws StoreException INVALID_ARGUMENT for any other text
   */
  static long idOf(String cursor) {
    return ID_CURSORS.positionOf(cursor);
  }
}
