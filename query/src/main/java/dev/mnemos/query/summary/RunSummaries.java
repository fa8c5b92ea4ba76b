package dev.mnemos.query.summary;

import static dev.mnemos.migrations.summary.jooq.Tables.MNEMOS_METRIC;
import static dev.mnemos.migrations.summary.jooq.Tables.MNEMOS_RUN;
import static dev.mnemos.migrations.summary.jooq.Tables.MNEMOS_RUN_PARAMETER;
import static dev.mnemos.migrations.summary.jooq.Tables.MNEMOS_SUMMARY_STATE;

import dev.mnemos.migrations.NodeKind;
import dev.mnemos.query.config.QuerySettings;
import dev.mnemos.server.change.ChangeListener;
import dev.mnemos.server.change.ChangeSet;
import dev.mnemos.server.store.Database;
import dev.mnemos.server.store.GraphReads;
import dev.mnemos.server.store.IdChunks;
import dev.mnemos.server.store.NamedLock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the run, parameter and metric summary tables in step with the store: every write
 * transaction updates them before it commits, and a database whose summaries were built for other
 * settings, or never built (MLMD wrote it, or an older Mnemos), is back-filled at start.
 */
public final class RunSummaries implements ChangeListener {

  /** The property of a KFP v1 run context that names its pipeline. */
  public static final String PIPELINE_NAME_PROPERTY = "pipeline_name";

  private static final Logger log = LoggerFactory.getLogger(RunSummaries.class);
  private static final String BUILT_FOR = "summary_settings";

  /** Runs per back-fill transaction, so no transaction holds the write lock for long. */
  private static final int BACKFILL_BATCH = 200;

  private final QuerySettings settings;
  private final RunSummaryWriter writer;

  public RunSummaries(QuerySettings settings) {
    this.settings = settings;
    this.writer = new RunSummaryWriter(settings);
  }

  @Override
  public void beforeCommit(DSLContext sql, ChangeSet changes) {
    forgetRemoved(sql, changes);
    writer.update(
        sql,
        changes.touched(NodeKind.ARTIFACT),
        changes.touched(NodeKind.EXECUTION),
        changes.touched(NodeKind.CONTEXT),
        changes.put(NodeKind.CONTEXT));
  }

  /**
   * Drops the summary rows of removed runs and of removed sources of parameters and metrics; the
   * runs that lost members but stay were updated, and are recomputed with the other changes.
   */
  private static void forgetRemoved(DSLContext sql, ChangeSet changes) {
    for (List<Long> runs : IdChunks.of(changes.removed(NodeKind.CONTEXT))) {
      sql.deleteFrom(MNEMOS_RUN).where(MNEMOS_RUN.RUN_ID.in(runs)).execute();
      sql.deleteFrom(MNEMOS_RUN_PARAMETER).where(MNEMOS_RUN_PARAMETER.RUN_ID.in(runs)).execute();
      sql.deleteFrom(MNEMOS_METRIC).where(MNEMOS_METRIC.RUN_ID.in(runs)).execute();
    }
    for (List<Long> executions : IdChunks.of(changes.removed(NodeKind.EXECUTION))) {
      sql.deleteFrom(MNEMOS_RUN_PARAMETER)
          .where(MNEMOS_RUN_PARAMETER.EXECUTION_ID.in(executions))
          .execute();
      // By source only, the primary key's prefix: no index leads with execution_id, and an OR
      // with it scanned the table. The metrics of a removed metrics artifact go below.
      sql.deleteFrom(MNEMOS_METRIC)
          .where(
              MNEMOS_METRIC.SOURCE_KIND.eq((long) NodeKind.EXECUTION.code()),
              MNEMOS_METRIC.SOURCE_ID.in(executions))
          .execute();
    }
    for (List<Long> artifacts : IdChunks.of(changes.removed(NodeKind.ARTIFACT))) {
      sql.deleteFrom(MNEMOS_METRIC)
          .where(
              MNEMOS_METRIC.SOURCE_KIND.eq((long) NodeKind.ARTIFACT.code()),
              MNEMOS_METRIC.SOURCE_ID.in(artifacts))
          .execute();
    }
  }

  /**
   * Rebuilds the summaries unless they were built for the current settings. Call before serving;
   * writes that arrive meanwhile are summarised by {@link #beforeCommit} and recomputed again here
   * at worst, never lost.
   *
   * @return whether a rebuild ran
   */
  public boolean backfillIfNeeded(Database database) {
    String fingerprint = settings.summaryFingerprint();
    if (builtFor(database, fingerprint)) {
      return false;
    }
    // Replicas starting together on one database: one rebuilds, the others wait and find it done.
    return new NamedLock(database, "summaries")
        .holding(() -> !builtFor(database, fingerprint) && rebuild(database, fingerprint));
  }

  private static boolean builtFor(Database database, String fingerprint) {
    Optional<String> builtFor =
        database.read(
            sql ->
                sql.select(MNEMOS_SUMMARY_STATE.VALUE)
                    .from(MNEMOS_SUMMARY_STATE)
                    .where(MNEMOS_SUMMARY_STATE.NAME.eq(BUILT_FOR))
                    .fetchOptional(MNEMOS_SUMMARY_STATE.VALUE));
    return builtFor.isPresent() && builtFor.get().equals(fingerprint);
  }

  private boolean rebuild(Database database, String fingerprint) {
    long started = System.nanoTime();
    database.write(
        tx -> {
          DSLContext sql = tx.sql();
          sql.deleteFrom(MNEMOS_SUMMARY_STATE)
              .where(MNEMOS_SUMMARY_STATE.NAME.eq(BUILT_FOR))
              .execute();
          sql.deleteFrom(MNEMOS_RUN).execute();
          sql.deleteFrom(MNEMOS_RUN_PARAMETER).execute();
          sql.deleteFrom(MNEMOS_METRIC).execute();
          return null;
        });
    long runs = backfill(database);
    database.write(
        tx ->
            tx.sql()
                .insertInto(
                    MNEMOS_SUMMARY_STATE, MNEMOS_SUMMARY_STATE.NAME, MNEMOS_SUMMARY_STATE.VALUE)
                .values(BUILT_FOR, fingerprint)
                .execute());
    log.info(
        "Built run and metric summaries of {} runs in {} ms",
        runs,
        (System.nanoTime() - started) / 1_000_000);
    return true;
  }

  /**
   * Summarises every run with its members, a batch of runs per transaction; nodes outside runs have
   * nothing to summarise.
   */
  private long backfill(Database database) {
    Set<Long> runTypes =
        database.read(sql -> SummaryTypes.lookUp(GraphReads.in(sql), settings)).runTypes();
    if (runTypes.isEmpty()) {
      return 0;
    }
    long done = 0;
    long after = 0;
    while (true) {
      long from = after;
      List<Long> batch =
          database.read(sql -> GraphReads.in(sql).contextsOfTypes(runTypes, from, BACKFILL_BATCH));
      if (batch.isEmpty()) {
        return done;
      }
      database.write(
          tx -> {
            DSLContext sql = tx.sql();
            GraphReads reads = GraphReads.in(sql);
            Set<Long> executions = reads.membersOf(NodeKind.EXECUTION, batch);
            Set<Long> artifacts = reads.membersOf(NodeKind.ARTIFACT, batch);
            writer.update(sql, artifacts, executions, Set.copyOf(batch), Set.of());
            return null;
          });
      done += batch.size();
      after = batch.get(batch.size() - 1);
    }
  }
}
