package dev.mnemos.server.change;

import dev.mnemos.server.model.Membership;
import dev.mnemos.server.model.NodeRef;

/**
 * One thing a write transaction changed in MLMD's tables. Writers record them as they write; what
 * derives data from the store (run summaries, the search index) reads them instead of the tables'
 * history.
 */
public sealed interface StoreChange {

  /** A new node. */
  record NodeInserted(NodeRef node) implements StoreChange {}

  /** A stored node whose attributes or properties changed. */
  record NodeUpdated(NodeRef node) implements StoreChange {}

  /** An artifact attributed to, or an execution associated with, a context. */
  record MemberAdded(Membership membership) implements StoreChange {}

  /** An event between an artifact and an execution. */
  record EventAdded(long artifactId, long executionId) implements StoreChange {}

  /** A context made the parent of another. */
  record ParentAdded(long childId, long parentId) implements StoreChange {}

  /**
   * A node deleted with everything that referred to it: its properties, events, memberships and
   * parent links.
   */
  record NodeRemoved(NodeRef node) implements StoreChange {}
}
