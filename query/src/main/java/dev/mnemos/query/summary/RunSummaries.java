package dev.mnemos.query.summary;

import static dev.mnemos.migrations.jooq.Tables.ARTIFACT;
import static dev.mnemos.migrations.jooq.Tables.CONTEXT;
import static dev.mnemos.migrations.jooq.Tables.EXECUTION;
import static dev.mnemos.migrations.summary.jooq.Tables.MNEMOS_METRIC;
import static dev.mnemos.migrations.summary.jooq.Tables.MNEMOS_RUN;
import static dev.mnemos.migrations.summary.jooq.Tables.MNEMOS_RUN_PARAMETER;
import static dev.mnemos.migrations.summary.jooq.Tables.MNEMOS_SUMMARY_STATE;

import dev.mnemos.query.QuerySettings;
import dev.mnemos.server.store.Database;
import dev.mnemos.server.store.WriteListener;
import dev.mnemos.server.store.WriteSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Table;
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

  /** Nodes per back-fill transaction, so no transaction holds the write lock for long. */
  private static final int BACKFILL_BATCH = 2000;

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
    long contexts = backfill(database, CONTEXT, CONTEXT.ID, Kind.CONTEXTS);
    long executions = backfill(database, EXECUTION, EXECUTION.ID, Kind.EXECUTIONS);
    long artifacts = backfill(database, ARTIFACT, ARTIFACT.ID, Kind.ARTIFACTS);
    database.write(
        sql ->
            sql.insertInto(
                    MNEMOS_SUMMARY_STATE, MNEMOS_SUMMARY_STATE.NAME, MNEMOS_SUMMARY_STATE.VALUE)
                .values(BUILT_FOR, fingerprint)
                .execute());
    log.info(
        "Built run and metric summaries from {} contexts, {} executions, {} artifacts in {} ms",
        contexts,
        executions,
        artifacts,
        (System.nanoTime() - started) / 1_000_000);
    return true;
  }

  private enum Kind {
    CONTEXTS,
    EXECUTIONS,
    ARTIFACTS
  }

  private long backfill(Database database, Table<?> table, Field<Long> id, Kind kind) {
    long done = 0;
    long after = 0;
    while (true) {
      long from = after;
      List<Long> batch =
          database.read(
              sql ->
                  sql.select(id)
                      .from(table)
                      .where(id.gt(from))
                      .orderBy(id)
                      .limit(BACKFILL_BATCH)
                      .fetch(id));
      if (batch.isEmpty()) {
        return done;
      }
      Set<Long> ids = Set.copyOf(batch);
      database.write(
          sql -> {
            switch (kind) {
              case CONTEXTS -> writer.update(sql, Set.of(), Set.of(), ids, Set.of());
              case EXECUTIONS -> writer.update(sql, Set.of(), ids, Set.of(), Set.of());
              case ARTIFACTS -> writer.update(sql, ids, Set.of(), Set.of(), Set.of());
            }
            return null;
          });
      done += batch.size();
      after = batch.get(batch.size() - 1);
    }
  }
}
