package dev.mnemos.server.store;

import static org.jooq.impl.DSL.concat;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.val;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;

/**
 * Work that one server at a time may do on a database, such as a retention pass when several
 * replicas share it. On MySQL/MariaDB a named lock ({@code GET_LOCK}) held by a connection of its
 * own for the work's duration: released when the work ends, or by the database when the holder's
 * connection drops (a crashed replica holds nothing). On PostgreSQL a session advisory lock, the
 * same way (its keys are the database's own). On SQLite, whose file one server serves, a lock in
 * this process per file.
 */
public final class NamedLock {

  // Not reentrant, as a MySQL named lock asked for on another connection is not.
  private static final Map<String, Semaphore> IN_PROCESS = new ConcurrentHashMap<>();

  private final Database db;
  private final String name;

  /**
   * @param name what the lock guards (on MySQL, where named locks are server-wide, the database's
   *     own name is added; on PostgreSQL its hash is the key)
   */
  public NamedLock(Database db, String name) {
    this.db = db;
    this.name = name;
  }

  /**
   * Runs {@code work} if no other holder of this lock is running it, without waiting.
   *
   * @return what the work answered, or empty when another holder was running it
   */
  public <T> Optional<T> ifFree(Supplier<T> work) {
    if (db.family() == SQLDialect.MYSQL) {
      return db.onOwnConnection(sql -> onMySql(sql, work));
    }
    if (db.family() == SQLDialect.POSTGRES) {
      return db.onOwnConnection(sql -> onPostgresql(sql, work));
    }
    return inProcess(work);
  }

  private <T> Optional<T> onPostgresql(DSLContext sql, Supplier<T> work) {
    String key = "mnemos." + name;
    Boolean got =
        sql.resultQuery("SELECT pg_try_advisory_lock(hashtext({0}))", val(key))
            .fetchSingle()
            .get(0, Boolean.class);
    if (!Boolean.TRUE.equals(got)) {
      return Optional.empty();
    }
    try {
      return Optional.ofNullable(work.get());
    } finally {
      sql.resultQuery("SELECT pg_advisory_unlock(hashtext({0}))", val(key)).fetch();
    }
  }

  private <T> Optional<T> onMySql(DSLContext sql, Supplier<T> work) {
    String lock =
        sql.select(concat(inline("mnemos."), field("DATABASE()", String.class), inline("." + name)))
            .fetchSingle()
            .value1();
    Integer got =
        sql.resultQuery("SELECT GET_LOCK({0}, 0)", val(lock)).fetchSingle().get(0, Integer.class);
    if (got == null || got != 1) {
      return Optional.empty();
    }
    try {
      return Optional.ofNullable(work.get());
    } finally {
      sql.resultQuery("SELECT RELEASE_LOCK({0})", val(lock)).fetch();
    }
  }

  private <T> Optional<T> inProcess(Supplier<T> work) {
    String key =
        db.sqlitePath().map(path -> path.toAbsolutePath().normalize().toString()).orElse("")
            + "|"
            + name;
    Semaphore lock = IN_PROCESS.computeIfAbsent(key, k -> new Semaphore(1));
    if (!lock.tryAcquire()) {
      return Optional.empty();
    }
    try {
      return Optional.ofNullable(work.get());
    } finally {
      lock.release();
    }
  }
}
