package dev.mnemos.server.store;

import dev.mnemos.server.errors.ErrorCode;
import dev.mnemos.server.errors.StoreException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jooq.exception.DataAccessException;

/**
 * What a database error means to a client: retry (ABORTED, UNAVAILABLE), a statement too large
 * (RESOURCE_EXHAUSTED), a deadline passed, or INTERNAL. Error codes of SQLite and of MySQL/MariaDB,
 * SQLSTATEs of PostgreSQL.
 */
final class DatabaseErrors {

  private static final int MYSQL_DEADLOCK = 1213;
  private static final int MYSQL_LOCK_WAIT_TIMEOUT = 1205;
  private static final int MYSQL_PACKET_TOO_LARGE = 1153;
  private static final int SQLITE_BUSY = 5;
  private static final int SQLITE_LOCKED = 6;
  private static final int SQLITE_READONLY = 8;
  private static final int SQLITE_IOERR = 10;
  private static final int SQLITE_FULL = 13;
  private static final int SQLITE_CANTOPEN = 14;
  private static final Set<Integer> SQLITE_STORAGE_FAULTS =
      Set.of(SQLITE_READONLY, SQLITE_IOERR, SQLITE_FULL, SQLITE_CANTOPEN);

  /** PostgreSQL: a deadlock's victim, and a conflict with a concurrent transaction. */
  private static final Set<String> POSTGRESQL_RETRY_AT_ONCE = Set.of("40P01", "40001");

  /** PostgreSQL: a lock not granted within lock_timeout. */
  private static final String POSTGRESQL_LOCK_NOT_AVAILABLE = "55P03";

  /**
   * PostgreSQL: out of disk, memory or connections (class 53), and a server that takes no writes
   * now (a standby, or a primary in a failover).
   */
  private static final String POSTGRESQL_INSUFFICIENT_RESOURCES = "53";

  private static final String POSTGRESQL_READ_ONLY_TRANSACTION = "25006";

  /** PostgreSQL: a character its text cannot hold; in a UTF-8 database, only NUL. */
  private static final String POSTGRESQL_CHARACTER_NOT_IN_REPERTOIRE = "22021";

  /** SQLSTATE class 08: the connection failed or could not be made. */
  private static final String CONNECTION_EXCEPTION = "08";

  private DatabaseErrors() {}

  /**
   * The database chose this transaction as a deadlock's victim (InnoDB, PostgreSQL) or found it
   * conflicting with a concurrent one (PostgreSQL) and rolled it back, which it detects at once; so
   * that clients rarely see it, the server tries again itself. (A lock wait timeout has waited long
   * already: it is answered.)
   */
  static boolean deadlock(StoreException e) {
    return e.code() == ErrorCode.ABORTED
        && e.getCause() instanceof DataAccessException access
        && access.getCause(SQLException.class) instanceof SQLException sql
        && (sql.getErrorCode() == MYSQL_DEADLOCK || postgresql(sql, POSTGRESQL_RETRY_AT_ONCE));
  }

  /**
   * The connection broke under the work (SQLSTATE class 08 from the driver): the pool drops it, so
   * the same work on another connection may succeed, as after a database restart or a failover.
   */
  static boolean brokenConnection(StoreException e) {
    return e.code() == ErrorCode.UNAVAILABLE
        && e.getCause() instanceof DataAccessException access
        && access.getCause(SQLException.class) instanceof SQLException sql
        && !(sql instanceof SQLTransientConnectionException)
        && sql.getSQLState() != null
        && sql.getSQLState().startsWith(CONNECTION_EXCEPTION);
  }

  private static boolean postgresql(SQLException sql, Set<String> states) {
    return sql.getClass().getName().startsWith("org.postgresql.")
        && states.contains(sql.getSQLState());
  }

  /** What a failed statement answers: past the work's deadline, that; else {@link #translate}. */
  static StoreException of(DataAccessException e) {
    Optional<Deadline> deadline = Deadline.current().filter(Deadline::passed);
    if (deadline.isPresent()) {
      // Whatever the database called it: the statement was cut off at the deadline.
      StoreException exceeded = deadline.get().exceeded();
      exceeded.addSuppressed(e);
      return exceeded;
    }
    return translate(e);
  }

  /**
   * Lock conflicts become ABORTED and a database that cannot be reached, a pool with no free
   * connection in time or a disk that refuses writes UNAVAILABLE, both of which clients retry; a
   * statement too large for MariaDB/MySQL is RESOURCE_EXHAUSTED; everything else is INTERNAL.
   */
  static StoreException translate(DataAccessException e) {
    SQLException sql = e.getCause(SQLException.class);
    if (sql != null) {
      int code = sql.getErrorCode();
      boolean sqlite = sql.getClass().getName().startsWith("org.sqlite.");
      boolean postgresql = sql.getClass().getName().startsWith("org.postgresql.");
      String state = sql.getSQLState();
      if (code == MYSQL_DEADLOCK
          || code == MYSQL_LOCK_WAIT_TIMEOUT
          || (sqlite && ((code & 0xff) == SQLITE_BUSY || (code & 0xff) == SQLITE_LOCKED))
          || (postgresql
              && (POSTGRESQL_RETRY_AT_ONCE.contains(state)
                  || POSTGRESQL_LOCK_NOT_AVAILABLE.equals(state)))) {
        return new StoreException(
            ErrorCode.ABORTED, "transaction aborted, retry: " + sql.getMessage(), e);
      }
      if (code == MYSQL_PACKET_TOO_LARGE) {
        // What PacketLimit did not foresee (escapes, derived rows): a retry would fail the same.
        return new StoreException(
            ErrorCode.RESOURCE_EXHAUSTED,
            "the statement is larger than the database takes (its max_allowed_packet): "
                + sql.getMessage(),
            e);
      }
      if (sql instanceof SQLTransientConnectionException) {
        return new StoreException(
            ErrorCode.UNAVAILABLE,
            "the database is busy or unreachable, retry: " + sql.getMessage(),
            e);
      }
      if (postgresql && POSTGRESQL_CHARACTER_NOT_IN_REPERTOIRE.equals(state)) {
        return new StoreException(
            ErrorCode.INVALID_ARGUMENT,
            "a text value holds the character U+0000 (NUL), which PostgreSQL cannot store in text"
                + " (MySQL, MariaDB and SQLite can): "
                + sql.getMessage(),
            e);
      }
      if (postgresql
          && state != null
          && (state.startsWith(POSTGRESQL_INSUFFICIENT_RESOURCES)
              || state.equals(POSTGRESQL_READ_ONLY_TRANSACTION))) {
        return new StoreException(
            ErrorCode.UNAVAILABLE,
            "the database cannot take this write now, retry: " + sql.getMessage(),
            e);
      }
      if (sql instanceof SQLNonTransientConnectionException
          || (state != null && state.startsWith(CONNECTION_EXCEPTION))) {
        return new StoreException(
            ErrorCode.UNAVAILABLE, "the database cannot be reached, retry: " + rootMessage(e), e);
      }
      if (sqlite && SQLITE_STORAGE_FAULTS.contains(code & 0xff)) {
        return new StoreException(
            ErrorCode.UNAVAILABLE, "the database file cannot be written: " + sql.getMessage(), e);
      }
    }
    return new StoreException(ErrorCode.INTERNAL, rootMessage(e), e);
  }

  static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return Objects.requireNonNullElse(root.getMessage(), root.getClass().getName());
  }
}
