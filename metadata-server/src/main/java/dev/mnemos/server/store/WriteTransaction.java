package dev.mnemos.server.store;

import dev.mnemos.server.change.ChangeSet;
import dev.mnemos.server.change.StoreChange;
import dev.mnemos.server.model.Node;
import dev.mnemos.server.model.NodeRef;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.jooq.DSLContext;

/**
 * One attempt at a write transaction: the statements run through {@link #sql}, and each change to
 * MLMD's tables is {@link #record}ed, so the listeners see exactly what this attempt wrote (a retry
 * starts a new one).
 */
public final class WriteTransaction {

  private final DSLContext sql;
  private final ChangeSet changes = new ChangeSet();
  private final Map<NodeRef, Node> prefetched = new HashMap<>();

  WriteTransaction(DSLContext sql) {
    this.sql = sql;
  }

  public DSLContext sql() {
    return sql;
  }

  void record(StoreChange change) {
    changes.add(change);
  }

  ChangeSet changes() {
    return changes;
  }

  /** Keeps a stored node read ahead for an update this transaction makes next. */
  void prefetched(Node stored) {
    prefetched.put(stored.ref(), stored);
  }

  /** The stored node read ahead, once: a second update of the node reads it again. */
  Optional<Node> takePrefetched(NodeRef ref) {
    return Optional.ofNullable(prefetched.remove(ref));
  }
}
