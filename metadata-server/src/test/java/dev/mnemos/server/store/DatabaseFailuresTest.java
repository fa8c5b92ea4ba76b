package dev.mnemos.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnemos.server.errors.ErrorCode;
import dev.mnemos.server.testing.Backend;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jooq.DSLContext;
import org.jooq.exception.DataAccessException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * What a failing database answers: errors a client should retry are ABORTED or UNAVAILABLE, never
 * INTERNAL, and a deadlock's victim is tried again inside the server before anyone sees it.
 */
class DatabaseFailuresTest {

  private static ErrorCode answer(SQLException cause) {
    return DatabaseErrors.translate(new DataAccessException("failed", cause)).code();
  }

  @Test
  void aStatementLargerThanMariaDbTakesIsResourceExhaustedNotARetry() {
    // MariaDB's driver reports it as a connection failure (08S01), which would read "retry".
    assertThat(
            answer(
                new SQLNonTransientConnectionException(
                    "(conn=8) Got a packet bigger than 'max_allowed_packet' bytes", "08S01", 1153)))
        .isEqualTo(ErrorCode.RESOURCE_EXHAUSTED);
  }

  @Test
  void anUnreachableDatabaseOrAnExhaustedPoolIsUnavailable() {
    assertThat(answer(new SQLTransientConnectionException("Connection is not available")))
        .isEqualTo(ErrorCode.UNAVAILABLE);
    assertThat(answer(new SQLNonTransientConnectionException("Connection refused", "08001")))
        .isEqualTo(ErrorCode.UNAVAILABLE);
    assertThat(answer(new SQLException("Communications link failure", "08S01")))
        .isEqualTo(ErrorCode.UNAVAILABLE);
  }

  @Test
  void aDiskThatRefusesWritesIsUnavailable() {
    for (SQLiteErrorCode code :
        new SQLiteErrorCode[] {
          SQLiteErrorCode.SQLITE_FULL,
          SQLiteErrorCode.SQLITE_READONLY,
          SQLiteErrorCode.SQLITE_IOERR,
          SQLiteErrorCode.SQLITE_IOERR_WRITE
        }) {
      assertThat(answer(new SQLiteException(code.message, code)))
          .as(code.name())
          .isEqualTo(ErrorCode.UNAVAILABLE);
    }
  }

  @Test
  void lockConflictsAreAbortedAndOtherFailuresInternal() {
    assertThat(answer(new SQLiteException("busy", SQLiteErrorCode.SQLITE_BUSY)))
        .isEqualTo(ErrorCode.ABORTED);
    assertThat(answer(new SQLException("Deadlock found", "40001", 1213)))
        .isEqualTo(ErrorCode.ABORTED);
    assertThat(answer(new SQLException("Lock wait timeout exceeded", "HY000", 1205)))
        .isEqualTo(ErrorCode.ABORTED);
    assertThat(answer(new SQLException("syntax error", "42000", 1064)))
        .isEqualTo(ErrorCode.INTERNAL);
    assertThat(answer(new SQLException("Can't create table", "HY000", 13)))
        .as("a MySQL error code that happens to equal SQLITE_FULL")
        .isEqualTo(ErrorCode.INTERNAL);
  }

  @Test
  void postgresqlSaysBySqlStateWhatToRetry() {
    assertThat(answer(postgresql("40P01", "deadlock detected"))).isEqualTo(ErrorCode.ABORTED);
    assertThat(answer(postgresql("40001", "could not serialize access")))
        .isEqualTo(ErrorCode.ABORTED);
    assertThat(answer(postgresql("55P03", "canceling statement due to lock timeout")))
        .isEqualTo(ErrorCode.ABORTED);
    assertThat(answer(postgresql("53100", "could not extend file: No space left on device")))
        .isEqualTo(ErrorCode.UNAVAILABLE);
    assertThat(answer(postgresql("53300", "sorry, too many clients already")))
        .isEqualTo(ErrorCode.UNAVAILABLE);
    assertThat(answer(postgresql("25006", "cannot execute INSERT in a read-only transaction")))
        .as("a primary demoted in a failover")
        .isEqualTo(ErrorCode.UNAVAILABLE);
    assertThat(answer(postgresql("08006", "An I/O error occurred while sending to the backend")))
        .isEqualTo(ErrorCode.UNAVAILABLE);
    assertThat(answer(postgresql("22021", "invalid byte sequence for encoding \"UTF8\": 0x00")))
        .isEqualTo(ErrorCode.INVALID_ARGUMENT);
    assertThat(answer(postgresql("42601", "syntax error at or near \"LOCK\"")))
        .isEqualTo(ErrorCode.INTERNAL);
    assertThat(answer(postgresql("23505", "duplicate key value violates unique constraint")))
        .as("a repeat no repository answered")
        .isEqualTo(ErrorCode.INTERNAL);
  }

  private static SQLException postgresql(String sqlState, String message) {
    return new PSQLException(
        new ServerErrorMessage("SERROR\0C" + sqlState + "\0M" + message + "\0"));
  }

  /**
   * Two replicas on one database write two rows in opposite orders, so the database must roll one
   * back: that server tries it again and both succeed. (One server's own writes share a transaction
   * in arrival order and cannot deadlock each other.) SQLite has a single writer.
   */
  @ParameterizedTest(allowZeroInvocations = true)
  @MethodSource("dev.mnemos.server.testing.StoreBackends#servers")
  void aDeadlockVictimIsRetriedInsideTheServer(Backend backend) throws Exception {
    try (Backend.FreshDatabase database = backend.freshDatabase();
        MetadataStore store = MetadataStore.open(DatabaseSettings.of(database.jdbcUrl()));
        MetadataStore replica = MetadataStore.open(DatabaseSettings.of(database.jdbcUrl()))) {
      Database db = store.database();
      db.write(
          tx -> {
            DSLContext sql = tx.sql();
            sql.execute("CREATE TABLE contended (id INT PRIMARY KEY, v INT)");
            return sql.execute("INSERT INTO contended VALUES (1, 0), (2, 0)");
          });
      CyclicBarrier bothHoldOneRow = new CyclicBarrier(2);
      AtomicInteger attempts = new AtomicInteger();
      CompletableFuture<Integer> first =
          CompletableFuture.supplyAsync(() -> lockBoth(db, 1, 2, bothHoldOneRow, attempts));
      CompletableFuture<Integer> second =
          CompletableFuture.supplyAsync(
              () -> lockBoth(replica.database(), 2, 1, bothHoldOneRow, attempts));

      assertThat(first.get(60, TimeUnit.SECONDS)).isEqualTo(1);
      assertThat(second.get(60, TimeUnit.SECONDS)).isEqualTo(1);
      assertThat(attempts).as("one write was its deadlock's victim and ran again").hasValue(3);
      assertThat(db.retryCount() + replica.database().retryCount()).isEqualTo(1);
      Object total = db.read(sql -> sql.fetchValue("SELECT sum(v) FROM contended"));
      assertThat(total).hasToString("4");
    }
  }

  private static int lockBoth(
      Database db, int firstRow, int secondRow, CyclicBarrier barrier, AtomicInteger attempts) {
    return db.write(
        tx -> {
          DSLContext sql = tx.sql();
          boolean firstAttempt = attempts.incrementAndGet() <= 2;
          sql.execute("UPDATE contended SET v = v + 1 WHERE id = ?", firstRow);
          if (firstAttempt) {
            try {
              barrier.await(30, TimeUnit.SECONDS);
            } catch (Exception e) {
              throw new IllegalStateException(e);
            }
          }
          return sql.execute("UPDATE contended SET v = v + 1 WHERE id = ?", secondRow);
        });
  }
}
