package dev.mnemos.query.summary;

import static dev.mnemos.migrations.jooq.Tables.TYPE;

import dev.mnemos.migrations.NodeKind;
import dev.mnemos.query.config.QuerySettings;
import java.util.HashSet;
import java.util.Set;
import org.jooq.DSLContext;

/**
 * The ids of the configured run, pipeline and metrics types as stored now; types appear at any
 * time, so they are looked up per transaction (one indexed statement).
 */
record SummaryTypes(Set<Long> runTypes, Set<Long> pipelineTypes, Set<Long> metricsTypes) {

  static SummaryTypes lookUp(DSLContext sql, QuerySettings settings) {
    Set<Long> runs = new HashSet<>();
    Set<Long> pipelines = new HashSet<>();
    Set<Long> metrics = new HashSet<>();
    Set<String> names = new HashSet<>(settings.runTypes());
    names.addAll(settings.pipelineTypes());
    names.addAll(settings.metricsTypes());
    sql.select(TYPE.ID, TYPE.NAME, TYPE.TYPE_KIND)
        .from(TYPE)
        .where(TYPE.NAME.in(names))
        .forEach(
            row -> {
              long kind = row.value3();
              String name = row.value2();
              if (kind == NodeKind.CONTEXT.code() && settings.runTypes().contains(name)) {
                runs.add(row.value1());
              }
              if (kind == NodeKind.CONTEXT.code() && settings.pipelineTypes().contains(name)) {
                pipelines.add(row.value1());
              }
              if (kind == NodeKind.ARTIFACT.code() && settings.metricsTypes().contains(name)) {
                metrics.add(row.value1());
              }
            });
    return new SummaryTypes(Set.copyOf(runs), Set.copyOf(pipelines), Set.copyOf(metrics));
  }
}
