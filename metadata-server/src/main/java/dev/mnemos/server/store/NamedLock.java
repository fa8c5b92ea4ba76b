package dev.mnemos.server.store;

import static org.jooq.impl.DSL.concat;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.left;
import static org.jooq.impl.DSL.val;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Work that one server at a time may do on a database, such as a retention pass or a back-fill at
 * start when several replicas share it. On MySQL/MariaDB a named lock ({@code GET_LOCK}) held by a
 * connection of its own for the work's duration: released when the work ends, or by the database
 * when the holder's connection drops (a crashed replica holds nothing). On PostgreSQL a session
 * advisory lock, the same way (its keys are the database's own). On SQLite, whose file one server
 * serves, a lock in this process per file.
 */
public final class NamedLock {

  // Not reentrant, as a MySQL named lock asked for on another connection is not.
  private static final Map<String, Semaphore> IN_PROCESS = new ConcurrentHashMap<>();

  /** How long one wait for a MySQL named lock lasts before it is logged and asked for again. */
  private static final int MYSQL_WAIT_SECONDS = 10;

  private static final Logger log = LoggerFactory.getLogger(NamedLock.class);

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
      return db.onOwnConnection(
          sql -> {
            String lock = mySqlName(sql);
            return getMySqlLock(sql, lock, 0)
                ? Optional.ofNullable(runThenRelease(work, () -> releaseMySqlLock(sql, lock)))
                : Optional.empty();
          });
    }
    if (db.family() == SQLDialect.POSTGRES) {
      return db.onOwnConnection(
          sql -> {
            Boolean got =
                sql.resultQuery("SELECT pg_try_advisory_lock(hashtext({0}))", val(postgresqlKey()))
                    .fetchSingle()
                    .get(0, Boolean.class);
            return Boolean.TRUE.equals(got)
                ? Optional.ofNullable(runThenRelease(work, () -> unlockPostgresql(sql)))
                : Optional.empty();
          });
    }
    Semaphore lock = inProcessLock();
    return lock.tryAcquire()
        ? Optional.ofNullable(runThenRelease(work, lock::release))
        : Optional.empty();
  }

  /**
   * Runs {@code work} holding this lock, first waiting for as long as another holder runs it (a
   * holder that crashed holds nothing). For work every replica needs done before it serves, such as
   * a back-fill at start: the ones that waited then find it done.
   *
   * @return what the work answered
   */
  public <T> T holding(Supplier<T> work) {
    if (db.family() == SQLDialect.MYSQL) {
      return db.onOwnConnection(
          sql -> {
            String lock = mySqlName(sql);
            while (!getMySqlLock(sql, lock, MYSQL_WAIT_SECONDS)) {
              log.info("Another server holds the lock {} on this database; waiting", name);
            }
            return runThenRelease(work, () -> releaseMySqlLock(sql, lock));
          });
    }
    if (db.family() == SQLDialect.POSTGRES) {
      return db.onOwnConnection(
          sql -> {
            sql.resultQuery("SELECT pg_advisory_lock(hashtext({0}))", val(postgresqlKey())).fetch();
            return runThenRelease(work, () -> unlockPostgresql(sql));
          });
    }
    Semaphore lock = inProcessLock();
    lock.acquireUninterruptibly();
    return runThenRelease(work, lock::release);
  }

  private static <T> T runThenRelease(Supplier<T> work, Runnable release) {
    try {
      return work.get();
    } finally {
      release.run();
    }
  }

  private String postgresqlKey() {
    return "mnemos." + name;
  }

  private void unlockPostgresql(DSLContext sql) {
    sql.resultQuery("SELECT pg_advisory_unlock(hashtext({0}))", val(postgresqlKey())).fetch();
  }

  /**
   * Named locks are server-wide, so the database's name is part of the lock's, first as earlier
   * versions named it (a replica of one waits for a replica of the other). MySQL refuses names over
   * 64 characters, so a long one is cut; locks whose names are then alike only wait for each other.
   */
  private String mySqlName(DSLContext sql) {
    return sql.select(
            left(
                concat(inline("mnemos."), field("DATABASE()", String.class), inline("." + name)),
                inline(64)))
        .fetchSingle()
        .value1();
  }

  private static boolean getMySqlLock(DSLContext sql, String lock, int waitSeconds) {
    Integer got =
        sql.resultQuery("SELECT GET_LOCK({0}, {1})", val(lock), val(waitSeconds))
            .fetchSingle()
            .get(0, Integer.class);
    return got != null && got == 1;
  }

  private static void releaseMySqlLock(DSLContext sql, String lock) {
    sql.resultQuery("SELECT RELEASE_LOCK({0})", val(lock)).fetch();
  }

  private Semaphore inProcessLock() {
    String key =
        db.sqlitePath().map(path -> path.toAbsolutePath().normalize().toString()).orElse("")
            + "|"
            + name;
    return IN_PROCESS.computeIfAbsent(key, k -> new Semaphore(1));
  }
}
