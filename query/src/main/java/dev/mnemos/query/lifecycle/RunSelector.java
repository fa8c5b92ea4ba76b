package dev.mnemos.query.lifecycle;

import static dev.mnemos.migrations.summary.jooq.Tables.MNEMOS_RUN;

import dev.mnemos.server.store.IdChunks;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Record2;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;

/** Finds the runs a {@link RunSelection} names, in the run summaries. */
final class RunSelector {

  private RunSelector() {}

  static Set<Long> select(DSLContext sql, RunSelection selection) {
    if (selection.pipeline().isEmpty()
        && selection.endedBefore().isEmpty()
        && selection.keepNewest().isEmpty()) {
      // By id alone: the store says which are not runs, summarised or not.
      return new TreeSet<>(selection.runIds());
    }
    Condition criteria = DSL.trueCondition();
    if (selection.pipeline().isPresent()) {
      criteria = criteria.and(MNEMOS_RUN.PIPELINE_NAME.eq(selection.pipeline().get()));
    }
    if (selection.endedBefore().isPresent()) {
      criteria = criteria.and(MNEMOS_RUN.END_TIME_SINCE_EPOCH.lt(selection.endedBefore().get()));
    }
    List<Record2<Long, String>> found = new ArrayList<>();
    if (selection.runIds().isEmpty()) {
      found.addAll(matching(sql, criteria));
    } else {
      for (List<Long> chunk : IdChunks.of(new TreeSet<>(selection.runIds()))) {
        found.addAll(matching(sql, criteria.and(MNEMOS_RUN.RUN_ID.in(chunk))));
      }
    }
    Set<Long> runs = new TreeSet<>();
    found.forEach(row -> runs.add(row.value1()));
    if (selection.keepNewest().isPresent()) {
      Set<Optional<String>> pipelines = new HashSet<>();
      found.forEach(row -> pipelines.add(Optional.ofNullable(row.value2())));
      for (Optional<String> pipeline : pipelines) {
        runs.removeAll(newest(sql, pipeline.orElse(null), selection.keepNewest().getAsInt()));
      }
    }
    return runs;
  }

  private static List<Record2<Long, String>> matching(DSLContext sql, Condition criteria) {
    return sql.select(MNEMOS_RUN.RUN_ID, MNEMOS_RUN.PIPELINE_NAME)
        .from(MNEMOS_RUN)
        .where(criteria)
        .fetch();
  }

  /** The newest runs of a pipeline (or of none), by start time. */
  private static List<Long> newest(DSLContext sql, @Nullable String pipeline, int count) {
    if (count == 0) {
      return List.of();
    }
    return sql.select(MNEMOS_RUN.RUN_ID)
        .from(MNEMOS_RUN)
        .where(
            pipeline == null
                ? MNEMOS_RUN.PIPELINE_NAME.isNull()
                : MNEMOS_RUN.PIPELINE_NAME.eq(pipeline))
        .orderBy(MNEMOS_RUN.START_TIME_SINCE_EPOCH.desc(), MNEMOS_RUN.RUN_ID.desc())
        .limit(count)
        .fetch(MNEMOS_RUN.RUN_ID);
  }
}
