package dev.mnemos.server.store;

import org.jooq.DSLContext;
import org.jooq.Query;
import org.jooq.SQLDialect;

/**
 * For a statement that may fail for a reason the write answers itself (a repeated event it names),
 * after which the write reads on: SQLite and MySQL undo the failed statement alone, PostgreSQL ends
 * the whole transaction, so there the statement runs in a savepoint of its own.
 */
final class Savepoints {

  private Savepoints() {}

  static void execute(DSLContext sql, Query statement) {
    if (sql.dialect().family() != SQLDialect.POSTGRES) {
      statement.execute();
      return;
    }
    sql.transaction(savepoint -> savepoint.dsl().execute(statement));
  }
}
