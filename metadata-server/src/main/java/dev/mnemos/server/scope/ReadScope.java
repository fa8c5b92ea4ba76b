package dev.mnemos.server.scope;

import static dev.mnemos.migrations.tenancy.jooq.Tables.MNEMOS_NODE_NAMESPACE;

import dev.mnemos.migrations.NodeKind;
import dev.mnemos.server.schema.NodeTable;
import java.util.Set;
import java.util.TreeSet;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.impl.DSL;

/**
 * Which nodes one read may see: every node, or the nodes of some namespaces (as {@code
 * mnemos_node_namespace} records them) and, when {@code shared}, the nodes without a namespace. A
 * read in a scope answers as the same read on a database that holds only the visible nodes and the
 * events, memberships and parent links among them would answer: every place that reaches a node (a
 * listing, a lookup, a filter's neighbour, a lineage hop) adds {@link #visible}.
 *
 * <p>The namespaces are bound parameters of the condition, never SQL text.
 */
public final class ReadScope {

  /** Everything: authentication off, admins, Mnemos itself. */
  public static final ReadScope EVERYTHING = new ReadScope(true, Set.of(), true);

  private final boolean everything;
  private final Set<String> namespaces;
  private final boolean shared;

  private ReadScope(boolean everything, Set<String> namespaces, boolean shared) {
    this.everything = everything;
    this.namespaces = namespaces;
    this.shared = shared;
  }

  /**
   * @param namespaces the namespaces whose nodes are visible
   * @param shared whether the nodes without a namespace are visible too
   */
  public static ReadScope of(Set<String> namespaces, boolean shared) {
    return new ReadScope(false, Set.copyOf(new TreeSet<>(namespaces)), shared);
  }

  public boolean everything() {
    return everything;
  }

  /** Whether a node of this namespace ({@code ""} for none) is visible. */
  public boolean sees(String namespace) {
    return everything || (namespace.isEmpty() ? shared : namespaces.contains(namespace));
  }

  /** The visible namespaces; meaningless when {@link #everything()}. */
  public Set<String> namespaces() {
    return namespaces;
  }

  /** Whether nodes without a namespace are visible. */
  public boolean shared() {
    return shared;
  }

  /** Holds for the rows whose {@code id} names a visible node of {@code kind}. */
  public Condition visible(NodeKind kind, Field<Long> id) {
    if (everything) {
      return DSL.noCondition();
    }
    Condition ofNode =
        MNEMOS_NODE_NAMESPACE
            .NODE_KIND
            .eq((long) kind.code())
            .and(MNEMOS_NODE_NAMESPACE.NODE_ID.eq(id));
    if (shared) {
      // No row (shared) or a row of a visible namespace: no row of another namespace.
      Condition foreign =
          namespaces.isEmpty()
              ? ofNode
              : ofNode.and(MNEMOS_NODE_NAMESPACE.NAMESPACE.notIn(namespaces));
      return DSL.notExists(DSL.selectOne().from(MNEMOS_NODE_NAMESPACE).where(foreign));
    }
    return namespaces.isEmpty()
        ? DSL.falseCondition()
        : DSL.exists(
            DSL.selectOne()
                .from(MNEMOS_NODE_NAMESPACE)
                .where(ofNode.and(MNEMOS_NODE_NAMESPACE.NAMESPACE.in(namespaces))));
  }

  /** Holds for the rows of {@code table} that are visible nodes. */
  public Condition visible(NodeTable table) {
    return visible(table.kind(), table.id());
  }

  @Override
  public String toString() {
    return everything ? "everything" : namespaces + (shared ? " and shared nodes" : "");
  }
}
