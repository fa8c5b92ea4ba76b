package dev.mnemos.server.store;

import dev.mnemos.server.change.ChangeSet;
import dev.mnemos.server.errors.ErrorCode;
import dev.mnemos.server.errors.StoreException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jooq.DSLContext;
import org.jooq.exception.DataAccessException;
import org.jspecify.annotations.Nullable;

/**
 * Group commit: writes that arrive while another is being applied share its transaction, so a burst
 * of concurrent calls pays for one commit (one fsync) instead of one each.
 *
 * <p>The first writer to find no open group leads one: it opens the transaction and runs its own
 * work in it, with nothing in between (a lone writer pays only an uncontended lock). Before it
 * commits, every writer queued meanwhile runs its work in the same transaction, each in its own
 * savepoint and on its own thread (its caller, deadline and logs stay its own), one at a time in
 * arrival order; the leader commits once the queue is empty or the group full, and every member
 * learns the outcome. So each write sees exactly the writes before it in the group, as in the
 * serial order of arrival.
 *
 * <p>A member whose work fails for a reason of its own (a refused request: ALREADY_EXISTS, a bad
 * event, a namespace it may not write) is rolled back to its savepoint and answered with its error
 * once the group has committed; the others are unaffected. A failure the transaction may not
 * survive (a deadlock, a conflict, a cut-off statement, a database error) ends the group: it rolls
 * back, the member that failed gets its error at once (for {@link Database#write}'s retries), and
 * every other member is told to {@link Abandoned write alone}.
 */
final class GroupCommit {

  /** The database's side: transactions, and the work due once per transaction. */
  interface Transactions {
    /** Runs work in one transaction of its own and commits it, or rolls it back if work throws. */
    <T> T inTransaction(Function<DSLContext, T> work);

    /** Runs last in every group's transaction, over the changes of the writes it committed. */
    void beforeCommit(DSLContext sql, ChangeSet changes);
  }

  /** What one write's work returned, and the changes it recorded. */
  record Applied<T>(T value, ChangeSet changes) {}

  /**
   * The group this write joined failed for another member's reason and was rolled back; nothing of
   * this write remains, and it should be applied in a transaction of its own.
   */
  static final class Abandoned extends RuntimeException {
    Abandoned(@Nullable Throwable cause) {
      super("the group of writes this one joined was rolled back", cause, false, false);
    }
  }

  /** Refusals of one request, decided by the store's own checks: the transaction survives them. */
  private static final Set<ErrorCode> REFUSALS =
      Set.of(
          ErrorCode.INVALID_ARGUMENT,
          ErrorCode.NOT_FOUND,
          ErrorCode.ALREADY_EXISTS,
          ErrorCode.FAILED_PRECONDITION,
          ErrorCode.OUT_OF_RANGE,
          ErrorCode.RESOURCE_EXHAUSTED,
          ErrorCode.UNIMPLEMENTED,
          ErrorCode.PERMISSION_DENIED);

  private final Transactions transactions;
  private final Duration admissionWait;
  private final int maxMembers;

  /**
   * Held by whoever uses the transaction now; fair, so writers take their turns in arrival order.
   */
  private final ReentrantLock baton = new ReentrantLock(true);

  private final Condition groupEnded = baton.newCondition();
  private @Nullable Group open;
  private final LongAdder commits = new LongAdder();
  private final LongAdder joined = new LongAdder();

  /**
   * @param admissionWait how long a writer waits for its turn before it is answered UNAVAILABLE
   * @param maxMembers writes per transaction at most, the leader's included
   */
  GroupCommit(Transactions transactions, Duration admissionWait, int maxMembers) {
    this.transactions = transactions;
    this.admissionWait = admissionWait;
    this.maxMembers = maxMembers;
  }

  /**
   * Applies {@code work} in a group's transaction and returns what it gave once that has committed.
   *
   * @throws Abandoned when the group was rolled back for another member's failure or for the
   *     once-per-transaction work of {@link Transactions#beforeCommit}
   * @throws RuntimeException what {@code work} threw (it is rolled back), or what the commit threw
   */
  <T> Applied<T> write(Function<DSLContext, Applied<T>> work) {
    takeTurn();
    try {
      while (open != null && !open.accepting) {
        awaitEnd();
      }
      Group group = open;
      if (group == null) {
        return lead(work);
      }
      Member<Applied<T>> member = group.run(work);
      baton.unlock();
      return member.outcome(group);
    } finally {
      if (baton.isHeldByCurrentThread()) {
        baton.unlock();
      }
    }
  }

  /** Transactions committed by a group of writes (for metrics). */
  long commitCount() {
    return commits.sum();
  }

  /** Writers waiting for their turn now (for metrics). */
  int waitingCount() {
    return baton.getQueueLength();
  }

  /** Writes committed in a transaction another write opened, refusals aside (for metrics). */
  long joinedCount() {
    return joined.sum();
  }

  private <T> Applied<T> lead(Function<DSLContext, Applied<T>> work) {
    Group group = new Group();
    open = group;
    try {
      Applied<T> value =
          transactions.inTransaction(
              sql -> {
                group.sql = sql;
                Applied<T> own = work.apply(sql);
                group.changes.add(own.changes());
                group.admit();
                if (group.failure != null) {
                  throw new Abandoned(group.failure);
                }
                group.finish(sql);
                return own;
              });
      commits.increment();
      joined.add(group.joinedWrites);
      group.end(true);
      return value;
    } catch (RuntimeException e) {
      if (group.failure == null) {
        group.failure = e;
      }
      group.end(false);
      throw e;
    } finally {
      open = null;
      groupEnded.signalAll();
    }
  }

  private void takeTurn() {
    if (baton.isHeldByCurrentThread()) {
      // It would wait for its own transaction to commit.
      throw new IllegalStateException("a write cannot start inside another write");
    }
    waitFor(() -> baton.tryLock(admissionWait.toNanos(), TimeUnit.NANOSECONDS));
  }

  /** Waits, without the baton, until the group that no longer admits writers has ended. */
  private void awaitEnd() {
    waitFor(() -> groupEnded.await(admissionWait.toNanos(), TimeUnit.NANOSECONDS));
  }

  /** A timed wait that says whether it got what it waited for. */
  private interface TimedWait {
    boolean await() throws InterruptedException;
  }

  /** Runs a wait of at most the admission wait: UNAVAILABLE past it, ABORTED if interrupted. */
  private void waitFor(TimedWait wait) {
    try {
      if (!wait.await()) {
        throw busy();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException(ErrorCode.ABORTED, "interrupted while waiting to write", e);
    }
  }

  private StoreException busy() {
    return new StoreException(
        ErrorCode.UNAVAILABLE,
        "the database is busy: no turn to write within " + admissionWait.toMillis() + " ms, retry");
  }

  /**
   * Whether a failure of one member's work leaves the transaction as it was before that work (once
   * rolled back to its savepoint): a refusal by the store's own checks, with no database error
   * behind it. A database error may have ended the transaction (InnoDB rolls back a deadlock's
   * victim whole, SQLite an interrupted statement's), so it ends the group.
   */
  private static boolean refusal(RuntimeException e) {
    return e instanceof StoreException store
        && REFUSALS.contains(store.code())
        && !fromDatabase(store);
  }

  private static boolean fromDatabase(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof SQLException || cause instanceof DataAccessException) {
        return true;
      }
      for (Throwable suppressed : cause.getSuppressed()) {
        if (fromDatabase(suppressed)) {
          return true;
        }
      }
    }
    return false;
  }

  /** One transaction's writes. Its fields are guarded by the baton, but for {@link #ended}. */
  private final class Group {
    private int members = 1;
    private int joinedWrites;
    private boolean accepting = true;
    private @Nullable DSLContext sql;

    /** Each applied write's changes, the leader's first. */
    private final List<ChangeSet> changes = new ArrayList<>();

    private @Nullable RuntimeException failure;
    private boolean committed;
    private final CountDownLatch ended = new CountDownLatch(1);

    /** Lets the writers queued now, and those queued while they write, take their turns. */
    void admit() {
      while (members < maxMembers && failure == null && baton.hasQueuedThreads()) {
        baton.unlock();
        baton.lock();
      }
      accepting = false;
    }

    /**
     * Runs the work due once per transaction. Alone, the leader answers its failure as it would
     * have without a group; with members, each is tried again alone.
     */
    void finish(DSLContext sql) {
      // A lone write's own changes serve as they are; only a group's are merged.
      ChangeSet all = changes.getFirst();
      if (changes.size() > 1) {
        all = new ChangeSet();
        changes.forEach(all::addAll);
      }
      if (all.isEmpty()) {
        return;
      }
      try {
        transactions.beforeCommit(sql, all);
      } catch (RuntimeException e) {
        if (members == 1) {
          throw e;
        }
        failure = e;
        throw new Abandoned(e);
      }
    }

    /** Runs a member's work in a savepoint of the group's transaction, on the member's thread. */
    <T> Member<Applied<T>> run(Function<DSLContext, Applied<T>> work) {
      DSLContext transaction = Objects.requireNonNull(sql);
      members++;
      if (members >= maxMembers) {
        accepting = false;
      }
      try {
        Applied<T> applied =
            transaction.transactionResult(savepoint -> work.apply(savepoint.dsl()));
        changes.add(applied.changes());
        joinedWrites++;
        return new Member<>(() -> applied);
      } catch (RuntimeException e) {
        if (refusal(e)) {
          return new Member<>(
              () -> {
                throw e;
              });
        }
        failure = e;
        accepting = false;
        throw e;
      }
    }

    void end(boolean committed) {
      this.committed = committed;
      ended.countDown();
    }
  }

  /** What one member's work gave: its value, or the refusal it is answered with. */
  private record Member<T>(Supplier<T> answer) {

    /** Waits for the group's commit, then answers as a lone write would have been answered. */
    T outcome(Group group) {
      try {
        group.ended.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new StoreException(ErrorCode.ABORTED, "interrupted while waiting for a commit", e);
      }
      if (!group.committed) {
        throw new Abandoned(group.failure);
      }
      return answer.get();
    }
  }
}
