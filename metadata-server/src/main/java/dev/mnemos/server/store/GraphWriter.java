package dev.mnemos.server.store;

import dev.mnemos.migrations.NodeKind;
import dev.mnemos.proto.mlmd.Event;
import dev.mnemos.server.model.Node;
import dev.mnemos.server.model.NodeType;
import dev.mnemos.server.schema.NodeTable;
import dev.mnemos.server.store.NodeWriter.PutOptions;
import dev.mnemos.server.store.TypeService.Evolution;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;

/**
 * The typed write API, for protocol adapters that do not speak MLMD's wire protocol (MLflow's
 * tracking API): one {@link MetadataStore#write} is one transaction, and everything done through
 * this writer commits or rolls back with it. MLMD's rules hold as for the gRPC API (a node's type
 * must exist, its properties must match the type, names are unique per type), every change is
 * recorded for the listeners (summaries, namespaces, search), and a failure ends the transaction.
 * Reads see what this transaction wrote so far; they are not scoped.
 */
public final class GraphWriter {

  private final WriteTransaction tx;
  private final NodeOperations nodes;
  private final RelationOperations relations;
  private final TypeService types;

  GraphWriter(
      WriteTransaction tx, NodeOperations nodes, RelationOperations relations, TypeService types) {
    this.tx = tx;
    this.nodes = nodes;
    this.relations = relations;
    this.types = types;
  }

  /**
   * The transaction's SQL, for tables the caller owns beside MLMD's (never MLMD's own: their
   * changes would escape the listeners).
   */
  public DSLContext sql() {
    return tx.sql();
  }

  /**
   * The id of {@code type}, stored first if absent; a stored type of the same name gains the
   * properties it lacks and keeps those {@code type} omits.
   */
  public long typeId(NodeType type) {
    return types.upsert(tx.sql(), type, new Evolution(true, true), false);
  }

  /** The stored node of {@code kind} with {@code id}. */
  public Optional<Node> node(NodeKind kind, long id) {
    return nodes.binding(kind).repository().byIds(tx.sql(), List.of(id)).stream().findFirst();
  }

  /** The stored nodes of {@code kind} among {@code ids}, in id order. */
  public List<Node> nodes(NodeKind kind, Collection<Long> ids) {
    return ids.isEmpty() ? List.of() : nodes.binding(kind).repository().byIds(tx.sql(), ids);
  }

  /** The stored node of {@code kind} whose type is {@code typeId} and name {@code name}. */
  public Optional<Node> node(NodeKind kind, long typeId, String name) {
    NodeTable table = nodes.binding(kind).repository().table();
    return nodes
        .binding(kind)
        .repository()
        .load(tx.sql(), table.typeId().eq(typeId).and(table.name().eq(name)))
        .stream()
        .findFirst();
  }

  /**
   * Stores {@code node} (which has no id) and returns its id. ALREADY_EXISTS when its type holds a
   * node of that name (or its kind one of that external id).
   */
  public long insert(Node node) {
    if (node.id() != null) {
      throw new IllegalArgumentException("an inserted node has no id yet");
    }
    return nodes.binding(node.kind()).writer().insert(tx, node);
  }

  /**
   * Replaces the stored node with {@code node} (same id and type): its fields and every property;
   * the update time moves when something changed.
   */
  public void update(Node node) {
    if (node.id() == null) {
      throw new IllegalArgumentException("an updated node has an id");
    }
    nodes.binding(node.kind()).writer().put(tx, node, PutOptions.DEFAULT);
  }

  /** Makes execution {@code executionId} a member of context {@code contextId} (once). */
  public void associate(long contextId, long executionId) {
    relations.relations().associate(tx, contextId, List.of(executionId));
  }

  /** Makes artifact {@code artifactId} a member of context {@code contextId} (once). */
  public void attribute(long contextId, long artifactId) {
    relations.relations().attribute(tx, contextId, List.of(artifactId));
  }

  /** Makes {@code parentId} a parent context of {@code childId}; ALREADY_EXISTS when it is. */
  public void addParent(long childId, long parentId) {
    relations.relations().addParent(tx, childId, parentId);
  }

  /**
   * Records that execution {@code executionId} read or wrote artifact {@code artifactId} ({@code
   * type}), at {@code time}; ALREADY_EXISTS when that event is stored.
   */
  public void addEvent(long artifactId, long executionId, Event.Type type, long time) {
    relations
        .events()
        .insert(
            tx,
            Event.newBuilder()
                .setArtifactId(artifactId)
                .setExecutionId(executionId)
                .setType(type)
                .setMillisecondsSinceEpoch(time)
                .build(),
            time);
  }
}
