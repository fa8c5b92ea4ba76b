package dev.mnemos.server.store;

import dev.mnemos.proto.mlmd.Value;
import dev.mnemos.server.schema.NodeTable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.jooq.DSLContext;

/**
 * Property values of stored nodes, decoded from MLMD's columns, for readers that work inside a
 * transaction of their own (summary tables, the search index).
 */
public final class NodeProperties {

  /** One property or custom property of node {@code ownerId}. */
  public record Entry(long ownerId, String name, boolean custom, Value value) {}

  private NodeProperties() {}

  /** The properties of the given nodes of {@code table}'s kind, one statement per 5000 ids. */
  public static List<Entry> read(DSLContext sql, NodeTable table, Collection<Long> ownerIds) {
    NodeRepository repository = new NodeRepository(table);
    List<Entry> entries = new ArrayList<>();
    for (List<Long> chunk : IdChunks.of(ownerIds)) {
      repository
          .properties(sql, chunk)
          .forEach(
              (owner, rows) ->
                  rows.forEach(
                      row ->
                          entries.add(
                              new Entry(
                                  owner, row.name(), row.custom(), PropertyCodec.decode(row)))));
    }
    return entries;
  }
}
