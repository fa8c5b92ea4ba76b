package dev.mnemos.query.summary;

import static dev.mnemos.migrations.jooq.Tables.ASSOCIATION;
import static dev.mnemos.migrations.jooq.Tables.ATTRIBUTION;
import static dev.mnemos.migrations.jooq.Tables.CONTEXT;
import static dev.mnemos.migrations.summary.jooq.Tables.MNEMOS_METRIC;
import static dev.mnemos.migrations.summary.jooq.Tables.MNEMOS_RUN;
import static dev.mnemos.migrations.summary.jooq.Tables.MNEMOS_RUN_PARAMETER;
import static dev.mnemos.migrations.summary.jooq.Tables.MNEMOS_SUMMARY_STATE;

import dev.mnemos.query.config.QuerySettings;
import dev.mnemos.server.store.Database;
import dev.mnemos.server.store.WriteListener;
import dev.mnemos.server.store.WriteSet;
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
public final class RunSummaries implements WriteListener {

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
  public void beforeCommit(DSLContext sql, WriteSet writes) {
    writer.update(
        sql,
        writes.artifactsTouched(),
        writes.executionsTouched(),
        writes.contextsTouched(),
        writes.contextsPut());
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
    Optional<String> builtFor =
        database.read(
            sql ->
                sql.select(MNEMOS_SUMMARY_STATE.VALUE)
                    .from(MNEMOS_SUMMARY_STATE)
                    .where(MNEMOS_SUMMARY_STATE.NAME.eq(BUILT_FOR))
                    .fetchOptional(MNEMOS_SUMMARY_STATE.VALUE));
    if (builtFor.isPresent() && builtFor.get().equals(fingerprint)) {
      return false;
    }
    long started = System.nanoTime();
    database.write(
        sql -> {
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
        sql ->
            sql.insertInto(
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
    Set<Long> runTypes = database.read(sql -> SummaryTypes.lookUp(sql, settings)).runTypes();
    if (runTypes.isEmpty()) {
      return 0;
    }
    long done = 0;
    long after = 0;
    while (true) {
      long from = after;
      List<Long> batch =
          database.read(
              sql ->
                  sql.select(CONTEXT.ID)
                      .from(CONTEXT)
                      .where(CONTEXT.TYPE_ID.in(runTypes))
                      .and(CONTEXT.ID.gt(from))
                      .orderBy(CONTEXT.ID)
                      .limit(BACKFILL_BATCH)
                      .fetch(CONTEXT.ID));
      if (batch.isEmpty()) {
        return done;
      }
      database.write(
          sql -> {
            Set<Long> executions =
                Set.copyOf(
                    sql.selectDistinct(ASSOCIATION.EXECUTION_ID)
                        .from(ASSOCIATION)
                        .where(ASSOCIATION.CONTEXT_ID.in(batch))
                        .fetch(ASSOCIATION.EXECUTION_ID));
            Set<Long> artifacts =
                Set.copyOf(
                    sql.selectDistinct(ATTRIBUTION.ARTIFACT_ID)
                        .from(ATTRIBUTION)
                        .where(ATTRIBUTION.CONTEXT_ID.in(batch))
                        .fetch(ATTRIBUTION.ARTIFACT_ID));
            writer.update(sql, artifacts, executions, Set.copyOf(batch), Set.of());
            return null;
          });
      done += batch.size();
      after = batch.get(batch.size() - 1);
    }
  }
}
