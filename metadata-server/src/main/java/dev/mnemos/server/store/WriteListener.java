package dev.mnemos.server.store;

import dev.mnemos.server.errors.StoreException;
import org.jooq.DSLContext;

/**
 * Keeps something derived from the store in step with it. Registered when the store opens; called
 * for every write transaction that touched anything.
 */
public interface WriteListener {

  /**
   * Runs inside the write transaction, after the operation's own writes: what it writes commits or
   * rolls back with them, and a {@link StoreException} it throws fails the whole operation.
   */
  default void beforeCommit(DSLContext sql, WriteSet writes) {}

  /**
   * Runs after the transaction committed, on the writing thread. It cannot fail the operation: it
   * must handle its own errors (a search index, for one, catches up later).
   */
  default void afterCommit(WriteSet writes) {}
}
