package dev.mnemos.query.lifecycle;

import static dev.mnemos.migrations.summary.jooq.Tables.MNEMOS_RUN;

import dev.mnemos.migrations.NodeKind;
import dev.mnemos.server.store.GraphReads;
import dev.mnemos.server.store.IdChunks;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Record1;
import org.jooq.Record2;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;

/** Finds the runs a {@link RunSelection} names, in the run summaries. */
final class RunSelector {

  private static final int PAGE = 10_000;

  private RunSelector() {}

  static Set<Long> select(DSLContext sql, RunSelection selection) {
    if (selection.pipeline().isEmpty()
        && selection.runType().isEmpty()
        && selection.endedBefore().isEmpty()
        && selection.keepNewest().isEmpty()) {
      // By id alone: the store says which are not runs, summarised or not.
      return new TreeSet<>(selection.runIds());
    }
    Optional<Set<Long>> ofType = selection.runType().map(type -> contextsOfType(sql, type));
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
    found.stream()
        .map(Record2::value1)
        .filter(run -> ofType.isEmpty() || ofType.get().contains(run))
        .forEach(runs::add);
    if (selection.keepNewest().isPresent()) {
      Set<Optional<String>> pipelines = new HashSet<>();
      found.forEach(row -> pipelines.add(Optional.ofNullable(row.value2())));
      for (Optional<String> pipeline : pipelines) {
        runs.removeAll(
            newest(sql, pipeline.orElse(null), ofType, selection.keepNewest().getAsInt()));
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

  /** The newest runs of a pipeline (or of none) and of the run type, by start time. */
  private static List<Long> newest(
      DSLContext sql, @Nullable String pipeline, Optional<Set<Long>> ofType, int count) {
    if (count == 0) {
      return List.of();
    }
    var newestFirst =
        sql.select(MNEMOS_RUN.RUN_ID)
            .from(MNEMOS_RUN)
            .where(
                pipeline == null
                    ? MNEMOS_RUN.PIPELINE_NAME.isNull()
                    : MNEMOS_RUN.PIPELINE_NAME.eq(pipeline))
            .orderBy(MNEMOS_RUN.START_TIME_SINCE_EPOCH.desc(), MNEMOS_RUN.RUN_ID.desc());
    if (ofType.isEmpty()) {
      return newestFirst.limit(count).fetch(MNEMOS_RUN.RUN_ID);
    }
    // Newest first until enough are of the type: the summaries do not know a run's type.
    try (var cursor = newestFirst.fetchLazy()) {
      return cursor.stream()
          .map(Record1::value1)
          .filter(ofType.get()::contains)
          .limit(count)
          .toList();
    }
  }

  /** The ids of the contexts whose type is named {@code type}: none when there is no such type. */
  private static Set<Long> contextsOfType(DSLContext sql, String type) {
    GraphReads reads = GraphReads.in(sql);
    Set<Long> typeIds = new HashSet<>();
    reads.typesNamed(List.of(type)).stream()
        .filter(header -> header.kind() == NodeKind.CONTEXT)
        .forEach(header -> typeIds.add(header.id()));
    Set<Long> contexts = new HashSet<>();
    if (typeIds.isEmpty()) {
      return contexts;
    }
    for (List<Long> page = reads.contextsOfTypes(typeIds, 0, PAGE);
        !page.isEmpty();
        page = reads.contextsOfTypes(typeIds, page.getLast(), PAGE)) {
      contexts.addAll(page);
    }
    return contexts;
  }
}
