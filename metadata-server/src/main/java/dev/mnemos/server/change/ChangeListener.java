package dev.mnemos.server.change;

import org.jooq.DSLContext;

/**
 * Keeps something derived from the store in step with it. Registered when the store opens; called
 * with the changes of every write transaction that changed anything.
 */
public interface ChangeListener {

  /**
   * Runs inside one write, after the operation's own writes, with that write's changes alone (in
   * its savepoint when writes share a transaction): what it writes through {@code sql} commits or
   * rolls back with them, and an exception it throws refuses that write only. For what must be
   * decided per write, such as whether its caller may make it.
   */
  default void onWrite(DSLContext sql, ChangeSet changes) {}

  /**
   * Runs once per write transaction, before it commits, with the changes of every write it holds
   * (several when concurrent writes share one commit): for data derived from the store as it is
   * then, which costs the same for one write as for many. What it writes commits or rolls back with
   * them; an exception it throws fails every write of the transaction, and each is then tried again
   * alone.
   */
  default void beforeCommit(DSLContext sql, ChangeSet changes) {}

  /**
   * Runs after the transaction committed, on the writing thread. It cannot fail the operation: it
   * must handle its own errors (a search index, for one, catches up later).
   */
  default void afterCommit(ChangeSet changes) {}
}
