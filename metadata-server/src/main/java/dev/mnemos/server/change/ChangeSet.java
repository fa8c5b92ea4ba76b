package dev.mnemos.server.change;

import dev.mnemos.migrations.NodeKind;
import dev.mnemos.server.change.StoreChange.EventAdded;
import dev.mnemos.server.change.StoreChange.MemberAdded;
import dev.mnemos.server.change.StoreChange.NodeInserted;
import dev.mnemos.server.change.StoreChange.NodeRemoved;
import dev.mnemos.server.change.StoreChange.NodeUpdated;
import dev.mnemos.server.change.StoreChange.ParentAdded;
import dev.mnemos.server.model.NodeRef;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The changes of one write transaction, in the order they were made, with the views its listeners
 * ask for: which nodes were put, which were touched (put, or linked to something new), and which
 * were removed (a removed node is neither put nor touched, whatever came before).
 */
public final class ChangeSet {

  private final List<StoreChange> changes = new ArrayList<>();
  private final Map<NodeKind, Set<Long>> put = new EnumMap<>(NodeKind.class);
  private final Map<NodeKind, Set<Long>> touched = new EnumMap<>(NodeKind.class);
  private final Map<NodeKind, Set<Long>> removed = new EnumMap<>(NodeKind.class);

  public ChangeSet() {
    for (NodeKind kind : NodeKind.values()) {
      put.put(kind, new TreeSet<>());
      touched.put(kind, new TreeSet<>());
      removed.put(kind, new TreeSet<>());
    }
  }

  /** Adds a change; only the transaction that makes it records it. */
  public void add(StoreChange change) {
    changes.add(change);
    switch (change) {
      case NodeInserted(NodeRef node) -> put(node);
      case NodeUpdated(NodeRef node) -> put(node);
      case MemberAdded(var membership) -> {
        of(touched, NodeKind.CONTEXT).add(membership.contextId());
        of(touched, membership.member().kind()).add(membership.member().id());
      }
      case EventAdded(long artifactId, long executionId) -> {
        of(touched, NodeKind.ARTIFACT).add(artifactId);
        of(touched, NodeKind.EXECUTION).add(executionId);
      }
      case ParentAdded(long childId, long parentId) -> {
        of(touched, NodeKind.CONTEXT).add(childId);
        of(touched, NodeKind.CONTEXT).add(parentId);
      }
      case NodeRemoved(NodeRef node) -> {
        of(put, node.kind()).remove(node.id());
        of(touched, node.kind()).remove(node.id());
        of(removed, node.kind()).add(node.id());
      }
    }
  }

  /** Adds another transaction's changes after these (writes that share one commit). */
  public void addAll(ChangeSet later) {
    later.changes.forEach(this::add);
  }

  private void put(NodeRef node) {
    of(put, node.kind()).add(node.id());
    of(touched, node.kind()).add(node.id());
  }

  /** The set of a kind; every kind has one from the start. */
  private static Set<Long> of(Map<NodeKind, Set<Long>> sets, NodeKind kind) {
    return Objects.requireNonNull(sets.get(kind));
  }

  /** Every change, in the order it was made. */
  public List<StoreChange> changes() {
    return Collections.unmodifiableList(changes);
  }

  /** Ids of the nodes of a kind inserted or updated, in id order. */
  public Set<Long> put(NodeKind kind) {
    return Collections.unmodifiableSet(of(put, kind));
  }

  /**
   * Ids of the nodes of a kind put or newly linked (a membership, an event, a parent or child), in
   * id order.
   */
  public Set<Long> touched(NodeKind kind) {
    return Collections.unmodifiableSet(of(touched, kind));
  }

  /** Ids of the nodes of a kind removed, in id order. */
  public Set<Long> removed(NodeKind kind) {
    return Collections.unmodifiableSet(of(removed, kind));
  }

  public boolean isEmpty() {
    return changes.isEmpty();
  }
}
