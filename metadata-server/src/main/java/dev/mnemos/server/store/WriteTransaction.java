package dev.mnemos.server.store;

import dev.mnemos.server.change.ChangeSet;
import dev.mnemos.server.change.StoreChange;
import org.jooq.DSLContext;

/**
 * One attempt at a write transaction: the statements run through {@link #sql}, and each change to
 * MLMD's tables is {@link #record}ed, so the listeners see exactly what this attempt wrote (a retry
 * starts a new one).
 */
public final class WriteTransaction {

  private final DSLContext sql;
  private final ChangeSet changes = new ChangeSet();

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
}
