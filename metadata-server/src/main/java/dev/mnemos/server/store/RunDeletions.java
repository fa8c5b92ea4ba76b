package dev.mnemos.server.store;

import static dev.mnemos.migrations.jooq.Tables.CONTEXT;
import static dev.mnemos.migrations.jooq.Tables.PARENTCONTEXT;
import static dev.mnemos.migrations.jooq.Tables.TYPE;

import dev.mnemos.migrations.NodeKind;
import dev.mnemos.server.errors.StoreException;
import dev.mnemos.server.filter.FilterCompiler;
import dev.mnemos.server.model.ArtifactMark;
import dev.mnemos.server.model.DeletionReport;
import dev.mnemos.server.model.DeletionRequest;
import dev.mnemos.server.schema.NodeTable;
import dev.mnemos.server.scope.ReadScope;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes runs under the rule of docs/lifecycle.md ({@link DeletionRule}): what belongs only to the
 * runs goes with them, unless something that stays descends from it in lineage or a protection
 * filter names it; a run that keeps something stays, marked, holding only that.
 */
public final class RunDeletions {

  /** The custom property (bool, true) of a run that was deleted but stays for lineage. */
  public static final String RETAINED_PROPERTY = "mnemos_retained_for_lineage";

  /**
   * Where a deletion stands after a batch.
   *
   * @param batch what the batch removed and retained
   * @param runsExamined runs looked at so far; a retained run is looked at again once the others
   *     have gone, so this can pass {@code runsSelected}
   * @param runsSelected the runs of the request, child runs included
   */
  public record Progress(DeletionReport batch, long runsExamined, long runsSelected) {}

  /** A batch that held writers this long is logged: more than its pace intended. */
  private static final long SLOW_BATCH_NANOS = 200_000_000;

  private static final Logger log = LoggerFactory.getLogger(RunDeletions.class);

  /** Artifacts marked per write transaction: a short transaction, as a deletion's batch. */
  static final int MARKS_PER_TRANSACTION = 1000;

  private final Database db;

  RunDeletions(Database db) {
    this.db = db;
  }

  /**
   * What deleting the runs would remove, decided for all of them at once in one read transaction;
   * nothing is written.
   *
   * @throws StoreException NOT_FOUND for a run id that does not exist, INVALID_ARGUMENT for a
   *     context that is not a run or a protection filter that does not parse
   */
  public DeletionReport plan(DeletionRequest request) {
    return db.read(
        sql -> {
          Runs runs = resolve(sql, request);
          if (runs.ids().isEmpty()) {
            return DeletionReport.NOTHING;
          }
          DeletionRule.Plan plan = rule(runs, request, false).plan(sql, runs.ids());
          return new DeletionReport(
              new TreeSet<>(plan.removedRuns()),
              new TreeSet<>(plan.retainedRuns()),
              new TreeSet<>(plan.artifacts()),
              new TreeSet<>(plan.executions()),
              RunRemoval.uris(sql, plan.artifacts()));
        });
  }

  /**
   * Deletes the runs in batches, one write transaction each, sized by {@code pace} so that no
   * transaction holds up other writers for long, newest run first (a newer run more often reads an
   * older one's outputs than the other way round). Each batch applies the rule to the store as it
   * then is, so writes that arrive meanwhile are respected; the runs a batch retained are looked at
   * again once the others have gone, until a pass removes nothing, which removes what deciding for
   * all at once would.
   *
   * @param progress told after each batch
   * @throws StoreException as {@link #plan}; a batch that failed rolled back alone, and the batches
   *     before it stay done
   */
  public DeletionReport delete(
      DeletionRequest request, BatchPace pace, Consumer<Progress> progress) {
    Runs runs = db.read(sql -> resolve(sql, request));
    Batches batches = new Batches(rule(runs, request, true), pace, runs.ids().size(), progress);
    List<Long> newestFirst = new ArrayList<>(runs.ids());
    newestFirst.sort(Comparator.reverseOrder());
    DeletionReport.Sum sum = new DeletionReport.Sum();
    boolean removedSome = batches.run(newestFirst, sum);
    List<Long> retained = sum.retainedNewestFirst();
    while (removedSome && !retained.isEmpty()) {
      removedSome = batches.run(retained, sum);
      retained = sum.retainedNewestFirst();
    }
    return sum.report();
  }

  /**
   * Instead of deleting: sets {@code mark} as the state of every artifact deleting the runs would
   * remove (decided at once, as {@link #plan}), {@link #MARKS_PER_TRANSACTION} per write
   * transaction; nothing else changes. Marking again what is marked changes nothing.
   *
   * @return the plan, whose artifacts are now marked; no run, execution or row was removed
   * @throws StoreException as {@link #plan}
   */
  public DeletionReport mark(DeletionRequest request, ArtifactMark mark) {
    DeletionReport plan = plan(request);
    List<Long> artifacts = new ArrayList<>(plan.artifacts());
    for (int from = 0; from < artifacts.size(); from += MARKS_PER_TRANSACTION) {
      List<Long> chunk =
          artifacts.subList(from, Math.min(artifacts.size(), from + MARKS_PER_TRANSACTION));
      db.write(
          tx -> {
            RunRemoval.mark(tx, chunk, mark);
            return null;
          });
    }
    return new DeletionReport(
        new TreeSet<>(), new TreeSet<>(), plan.artifacts(), new TreeSet<>(), plan.artifactUris());
  }

  /** Runs batches of a deletion one write transaction each, counting the runs examined. */
  private final class Batches {
    private final DeletionRule rule;
    private final BatchPace pace;
    private final long runsSelected;
    private final Consumer<Progress> progress;
    private long examined;

    Batches(DeletionRule rule, BatchPace pace, long runsSelected, Consumer<Progress> progress) {
      this.rule = rule;
      this.pace = pace;
      this.runsSelected = runsSelected;
      this.progress = progress;
    }

    /** Deletes the runs batch by batch into {@code sum}; whether any batch removed something. */
    boolean run(List<Long> runs, DeletionReport.Sum sum) {
      boolean removedSome = false;
      int from = 0;
      while (from < runs.size()) {
        List<Long> batch = runs.subList(from, Math.min(runs.size(), from + pace.next()));
        from += batch.size();
        long[] started = new long[1];
        DeletionReport done =
            db.write(
                tx -> {
                  // From its work to its commit, not its wait for the write turn: what others wait
                  // for.
                  started[0] = System.nanoTime();
                  return RunRemoval.apply(tx, rule.plan(tx.sql(), batch));
                });
        long nanos = System.nanoTime() - started[0];
        pace.took(batch.size(), nanos);
        if (nanos > SLOW_BATCH_NANOS) {
          log.info(
              "A deletion batch of {} runs ({} executions, {} artifacts) held writers {} ms",
              batch.size(),
              done.executions().size(),
              done.artifacts().size(),
              nanos / 1_000_000);
        }
        sum.add(done);
        removedSome |= !done.removedNothing();
        examined += batch.size();
        progress.accept(new Progress(done, examined, runsSelected));
      }
      return removedSome;
    }
  }

  private static DeletionRule rule(Runs runs, DeletionRequest request, boolean forWrite) {
    return new DeletionRule(
        runs.typeIds(),
        runs.ids(),
        request.protectedArtifacts(),
        request.protectedExecutions(),
        forWrite);
  }

  /** The runs a request deletes, its child runs included, and the ids of the run types. */
  private record Runs(Set<Long> ids, Set<Long> typeIds) {}

  private static Runs resolve(DSLContext sql, DeletionRequest request) {
    request
        .protectedArtifacts()
        .ifPresent(f -> FilterCompiler.matchingIds(NodeTable.ARTIFACTS, f, ReadScope.EVERYTHING));
    request
        .protectedExecutions()
        .ifPresent(f -> FilterCompiler.matchingIds(NodeTable.EXECUTIONS, f, ReadScope.EVERYTHING));
    if (request.runTypes().isEmpty()) {
      throw StoreException.invalidArgument("no context type is named a run type");
    }
    Set<Long> typeIds =
        new TreeSet<>(
            sql.select(TYPE.ID)
                .from(TYPE)
                .where(TYPE.TYPE_KIND.eq(NodeKind.CONTEXT.code()), TYPE.NAME.in(request.runTypes()))
                .fetch(TYPE.ID));
    Map<Long, Long> typeOf = new java.util.HashMap<>();
    for (var chunk : IdChunks.of(request.runIds())) {
      sql.select(CONTEXT.ID, CONTEXT.TYPE_ID)
          .from(CONTEXT)
          .where(CONTEXT.ID.in(chunk))
          .forEach(row -> typeOf.put(row.value1(), row.value2()));
    }
    for (long id : new TreeSet<>(request.runIds())) {
      Long type = typeOf.get(id);
      if (type == null) {
        throw StoreException.notFound("no context with id " + id);
      }
      if (!typeIds.contains(type)) {
        throw StoreException.invalidArgument(
            "context "
                + id
                + " is not a run: its type is not one of "
                + new TreeSet<>(request.runTypes()));
      }
    }
    Set<Long> runs = new TreeSet<>(request.runIds());
    Set<Long> frontier = runs;
    while (!frontier.isEmpty()) {
      Set<Long> linked = new TreeSet<>();
      for (var chunk : IdChunks.of(frontier)) {
        linked.addAll(
            sql.select(PARENTCONTEXT.CONTEXT_ID)
                .from(PARENTCONTEXT)
                .where(PARENTCONTEXT.PARENT_CONTEXT_ID.in(chunk))
                .fetch(PARENTCONTEXT.CONTEXT_ID));
      }
      // The runs among them by primary key: joined, SQLite walked every run of the type.
      Set<Long> children = new TreeSet<>();
      for (var chunk : IdChunks.of(linked)) {
        children.addAll(
            sql.select(CONTEXT.ID)
                .from(CONTEXT)
                .where(CONTEXT.ID.in(chunk), CONTEXT.TYPE_ID.in(typeIds))
                .fetch(CONTEXT.ID));
      }
      children.removeAll(runs);
      runs.addAll(children);
      frontier = children;
    }
    return new Runs(runs, typeIds);
  }
}
