package dev.mnemos.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mnemos.server.errors.ErrorCode;
import dev.mnemos.server.errors.StoreException;
import dev.mnemos.server.testing.Await;
import dev.mnemos.server.testing.Backend;
import dev.mnemos.server.testing.StoreBackends;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A deadline reaches every statement of the work under it: none starts once it has passed, and one
 * running into it is cut off by the database, on every backend.
 */
class DeadlineTest {

  /** Runs for far longer than any test: only the deadline can end it. */
  private static final String ENDLESS_SQLITE =
      "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n) SELECT count(*) FROM n";

  private static final String ENDLESS_MYSQL =
      "SELECT count(*) FROM information_schema.COLUMNS a, information_schema.COLUMNS b,"
          + " information_schema.COLUMNS c";

  private static StoreException under(Duration budget, Database db, Function<DSLContext, ?> work) {
    return catchThrowableOfType(
        StoreException.class,
        () ->
            Deadline.until(
                System.nanoTime() + budget.toNanos(),
                "past the test's budget",
                () -> db.read(work)));
  }

  @Test
  void noStatementStartsPastTheDeadline() throws Exception {
    for (Backend backend : StoreBackends.backends()) {
      try (Backend.FreshDatabase database = backend.freshDatabase();
          MetadataStore store = MetadataStore.open(DatabaseSettings.of(database.jdbcUrl()))) {
        Database db = store.database();
        long before = db.statementCount();

        StoreException e = under(Duration.ZERO, db, sql -> sql.selectOne().fetch());

        assertThat(e.code()).as("%s", backend).isEqualTo(ErrorCode.RESOURCE_EXHAUSTED);
        assertThat(e.getMessage()).isEqualTo("past the test's budget");
        assertThat(db.statementCount() - before).as("statements run").isZero();
        Integer one = db.read(sql -> sql.selectOne().fetchOne(0, Integer.class));
        assertThat(one).as("without a deadline, work goes on").isEqualTo(1);
      }
    }
  }

  @Test
  @Timeout(120) // without the cut, the statement runs for days
  void aStatementThatRunsIntoTheDeadlineIsCutOff() throws Exception {
    for (Backend backend : StoreBackends.backends()) {
      try (Backend.FreshDatabase database = backend.freshDatabase();
          MetadataStore store = MetadataStore.open(DatabaseSettings.of(database.jdbcUrl()))) {
        String endless = backend == Backend.SQLITE ? ENDLESS_SQLITE : ENDLESS_MYSQL;

        StoreException e =
            under(Duration.ofSeconds(1), store.database(), sql -> sql.fetch(endless));

        assertThat(e.code()).as("%s", backend).isEqualTo(ErrorCode.RESOURCE_EXHAUSTED);
        Integer one = store.database().read(sql -> sql.selectOne().fetchOne(0, Integer.class));
        assertThat(one).as("the connection serves on").isEqualTo(1);
      }
    }
  }

  /**
   * Long reads, more of them than there are cores, do not hold up a short one: it needs a free
   * connection, not a free core.
   */
  @Test
  @Timeout(120)
  void aShortReadIsNotHeldUpByLongOnesOnSqlite() throws Exception {
    try (Backend.FreshDatabase database = Backend.SQLITE.freshDatabase();
        MetadataStore store = MetadataStore.open(DatabaseSettings.of(database.jdbcUrl()))) {
      Database db = store.database();
      int longReads = ConnectionPools.SQLITE_READERS - 2;
      ExecutorService threads = Executors.newFixedThreadPool(longReads);
      long before = db.statementCount();
      List<CompletableFuture<StoreException>> running = new ArrayList<>();
      for (int i = 0; i < longReads; i++) {
        running.add(
            CompletableFuture.supplyAsync(
                () -> under(Duration.ofSeconds(30), db, sql -> sql.fetch(ENDLESS_SQLITE)),
                threads));
      }
      Await.until(
          "the long reads run",
          Duration.ofSeconds(30),
          () -> db.statementCount() - before >= longReads);

      Integer one = db.read(sql -> sql.selectOne().fetchOne(0, Integer.class));

      assertThat(one).isEqualTo(1);
      assertThat(running).as("the long reads still run").noneMatch(CompletableFuture::isDone);
      for (CompletableFuture<StoreException> read : running) {
        assertThat(read.get().code()).isEqualTo(ErrorCode.RESOURCE_EXHAUSTED);
      }
      threads.shutdown();
    }
  }
}
