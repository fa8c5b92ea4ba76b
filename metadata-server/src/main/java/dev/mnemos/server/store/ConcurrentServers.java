package dev.mnemos.server.store;

import org.jooq.DSLContext;
import org.jooq.SQLDialect;

/**
 * What the database's locking means when several servers write it at once (replicas sharing
 * MySQL/MariaDB or PostgreSQL). SQLite is served by one server, which serialises its writers.
 */
final class ConcurrentServers {

  private ConcurrentServers() {}

  /** Whether other servers may write beside this one, so a write's reads must lock. */
  static boolean possible(DSLContext sql) {
    return sql.dialect().family() != SQLDialect.SQLITE;
  }

  /**
   * Whether a locking read also locks the ranges it read (InnoDB's next-key locks), so that another
   * server cannot insert a row it would have found. PostgreSQL locks the rows read only: a writer
   * that must not miss new links locks the rows they would link to.
   */
  static boolean rangesLocked(DSLContext sql) {
    return sql.dialect().family() == SQLDialect.MYSQL;
  }
}
