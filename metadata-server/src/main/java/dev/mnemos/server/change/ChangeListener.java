package dev.mnemos.server.change;

import org.jooq.DSLContext;

/**
 * Keeps something derived from the store in step with it. Registered when the store opens; called
 * with the changes of every write transaction that changed anything.
 */
public interface ChangeListener {

  /**
   * Runs inside the write transaction, after the operation's own writes: what it writes through
   * {@code sql} commits or rolls back with them, and an exception it throws fails the whole
   * operation.
   */
  default void beforeCommit(DSLContext sql, ChangeSet changes) {}

  /**
   * Runs after the transaction committed, on the writing thread. It cannot fail the operation: it
   * must handle its own errors (a search index, for one, catches up later).
   */
  default void afterCommit(ChangeSet changes) {}
}
