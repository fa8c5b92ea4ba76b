package dev.mnemos.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mnemos.migrations.NodeKind;
import dev.mnemos.server.change.ChangeListener;
import dev.mnemos.server.change.ChangeSet;
import dev.mnemos.server.change.StoreChange.NodeInserted;
import dev.mnemos.server.errors.ErrorCode;
import dev.mnemos.server.errors.StoreException;
import dev.mnemos.server.model.NodeRef;
import dev.mnemos.server.testing.Await;
import dev.mnemos.server.testing.Backend;
import dev.mnemos.server.testing.StoreTest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterEach;

/**
 * Concurrent writes share one transaction: the first opens it, the writes queued meanwhile run in
 * it one by one in arrival order, and one commit answers them all. Each test holds the first write
 * open until the others are queued, so the grouping is certain, not a matter of timing.
 */
class GroupCommitTest {

  private static final Duration PATIENCE = Duration.ofSeconds(30);

  private final ExecutorService writers = Executors.newCachedThreadPool();

  @AfterEach
  void stopWriters() {
    writers.shutdownNow();
  }

  @StoreTest
  void writesQueuedBehindAnOpenTransactionShareItsCommitAndSeeEachOtherInOrder(
      Backend.FreshDatabase fresh) throws Exception {
    try (Database db = open(fresh)) {
      long commitsBefore = db.commitCount();

      CountDownLatch holding = new CountDownLatch(1);
      var first = writeAsync(db, tx -> insert(tx, "a", 1) + hold(db, holding, 2));
      holding.await(30, TimeUnit.SECONDS);
      var second = writeAsync(db, tx -> insert(tx, "b", 1) + countRows(tx));
      Await.until("the second write queued", PATIENCE, () -> db.waitingWrites() >= 1);
      var third = writeAsync(db, tx -> insert(tx, "c", 1) + countRows(tx));

      assertThat(first.get(30, TimeUnit.SECONDS)).isEqualTo(1);
      assertThat(second.get(30, TimeUnit.SECONDS)).as("a, b").isEqualTo(1 + 2);
      assertThat(third.get(30, TimeUnit.SECONDS)).as("a, b, c").isEqualTo(1 + 3);
      assertThat(db.commitCount() - commitsBefore).isEqualTo(1);
      assertThat(db.groupedCount()).isEqualTo(2);
      assertThat(names(db)).containsExactly("a", "b", "c");
    }
  }

  @StoreTest
  void aRefusedWriteIsRolledBackAloneAndAnsweredWithItsError(Backend.FreshDatabase fresh)
      throws Exception {
    try (Database db = open(fresh)) {
      CountDownLatch holding = new CountDownLatch(1);
      var first = writeAsync(db, tx -> insert(tx, "a", 1) + hold(db, holding, 2));
      holding.await(30, TimeUnit.SECONDS);
      var refused =
          writeAsync(
              db,
              tx -> {
                insert(tx, "b", 1);
                throw new StoreException(ErrorCode.ALREADY_EXISTS, "b is taken");
              });
      Await.until("the refused write queued", PATIENCE, () -> db.waitingWrites() >= 1);
      var third = writeAsync(db, tx -> insert(tx, "c", 1) + countRows(tx));

      assertThat(first.get(30, TimeUnit.SECONDS)).isEqualTo(1);
      assertThatThrownBy(() -> refused.join())
          .cause()
          .isInstanceOf(StoreException.class)
          .hasMessage("b is taken");
      assertThat(third.get(30, TimeUnit.SECONDS)).as("a, c: b was rolled back").isEqualTo(1 + 2);
      assertThat(names(db)).containsExactly("a", "c");
      assertThat(db.groupedCount())
          .as("c joined a's transaction; refused b is not counted")
          .isOne();
    }
  }

  @StoreTest
  void aWriteTheTransactionMayNotSurviveSendsTheOthersToWriteAlone(Backend.FreshDatabase fresh)
      throws Exception {
    try (Database db = open(fresh)) {
      AtomicInteger firstRuns = new AtomicInteger();
      AtomicInteger thirdRuns = new AtomicInteger();
      CountDownLatch holding = new CountDownLatch(1);
      var first =
          writeAsync(
              db,
              tx -> {
                insert(tx, "a", 1);
                return firstRuns.incrementAndGet() == 1 ? hold(db, holding, 2) : 0;
              });
      holding.await(30, TimeUnit.SECONDS);
      var failing =
          writeAsync(
              db,
              tx -> {
                insert(tx, "b", 1);
                // Not a refusal by the store's checks: a database error may have ended the
                // transaction, so nothing written in it may be trusted.
                throw new StoreException(ErrorCode.INTERNAL, "the disk is on fire");
              });
      Await.until("the failing write queued", PATIENCE, () -> db.waitingWrites() >= 1);
      var third = writeAsync(db, tx -> insert(tx, "c", thirdRuns.incrementAndGet()));

      assertThatThrownBy(() -> failing.join()).cause().hasMessage("the disk is on fire");
      assertThat(first.get(30, TimeUnit.SECONDS)).isZero();
      assertThat(firstRuns).as("applied in the group, rolled back, applied alone").hasValue(2);
      assertThat(third.get(30, TimeUnit.SECONDS))
          .as("queued behind the failure: it waits for the group to end and writes after it")
          .isEqualTo(1);
      assertThat(names(db)).containsExactly("a", "c");
      assertThat(db.groupedCount()).as("nothing committed in a group").isZero();
    }
  }

  @StoreTest
  void workDuePerTransactionRunsOnceOverTheChangesOfEveryWriteInIt(Backend.FreshDatabase fresh)
      throws Exception {
    try (Database db = open(fresh)) {
      List<String> calls = new CopyOnWriteArrayList<>();
      db.addListener(
          new ChangeListener() {
            @Override
            public void onWrite(DSLContext sql, ChangeSet changes) {
              calls.add("write " + changes.put(NodeKind.CONTEXT));
            }

            @Override
            public void beforeCommit(DSLContext sql, ChangeSet changes) {
              calls.add("commit " + changes.put(NodeKind.CONTEXT));
            }
          });

      CountDownLatch holding = new CountDownLatch(1);
      var first = writeAsync(db, tx -> record(tx, 1) + hold(db, holding, 2));
      holding.await(30, TimeUnit.SECONDS);
      var second = writeAsync(db, tx -> record(tx, 2));
      Await.until("the second write queued", PATIENCE, () -> db.waitingWrites() >= 1);
      var third = writeAsync(db, tx -> record(tx, 3));
      CompletableFuture.allOf(first, second, third).get(30, TimeUnit.SECONDS);

      assertThat(calls).containsExactly("write [1]", "write [2]", "write [3]", "commit [1, 2, 3]");
    }
  }

  @StoreTest
  void aLoneWriteWaitsForNobody(Backend.FreshDatabase fresh) {
    try (Database db = open(fresh)) {
      long commitsBefore = db.commitCount();
      for (int i = 0; i < 3; i++) {
        String name = "n" + i;
        db.write(tx -> insert(tx, name, 1));
      }
      assertThat(db.commitCount() - commitsBefore).isEqualTo(3);
      assertThat(db.groupedCount()).isZero();
    }
  }

  @StoreTest
  void aWriteInsideAWriteFailsInsteadOfWaitingForItself(Backend.FreshDatabase fresh) {
    try (Database db = open(fresh)) {
      assertThatThrownBy(() -> db.write(tx -> db.write(inner -> insert(inner, "inner", 1))))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("inside another write");
      assertThat(names(db)).isEmpty();
    }
  }

  private static Database open(Backend.FreshDatabase fresh) {
    Database db = Database.open(DatabaseSettings.of(fresh.jdbcUrl()));
    db.write(tx -> tx.sql().execute("CREATE TABLE written (name VARCHAR(20) PRIMARY KEY)"));
    return db;
  }

  private CompletableFuture<Integer> writeAsync(
      Database db, Function<WriteTransaction, Integer> work) {
    return CompletableFuture.supplyAsync(() -> db.write(work), writers);
  }

  private static int insert(WriteTransaction tx, String name, int answer) {
    tx.sql().execute("INSERT INTO written (name) VALUES (?)", name);
    return answer;
  }

  private static int record(WriteTransaction tx, long contextId) {
    tx.record(new NodeInserted(new NodeRef(NodeKind.CONTEXT, contextId)));
    return 0;
  }

  private static int countRows(WriteTransaction tx) {
    return tx.sql().fetchCount(tx.sql().selectFrom("written"));
  }

  /**
   * Says the transaction is open, and holds it so until {@code writes} more writes wait for their
   * turn.
   */
  private static int hold(Database db, CountDownLatch holding, int writes) {
    holding.countDown();
    Await.until(writes + " writes queued", PATIENCE, () -> db.waitingWrites() >= writes);
    return 0;
  }

  private static List<String> names(Database db) {
    return db.read(
        sql -> sql.fetch("SELECT name FROM written ORDER BY name").getValues(0, String.class));
  }
}
