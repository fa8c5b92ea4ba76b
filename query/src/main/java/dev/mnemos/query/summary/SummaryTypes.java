package dev.mnemos.query.summary;

import dev.mnemos.migrations.NodeKind;
import dev.mnemos.query.config.QuerySettings;
import dev.mnemos.server.store.GraphReads;
import dev.mnemos.server.store.GraphReads.TypeHeader;
import java.util.HashSet;
import java.util.Set;

/**
 * The ids of the configured run, pipeline and metrics types as stored now; types appear at any
 * time, so they are looked up per transaction (one indexed statement).
 */
record SummaryTypes(Set<Long> runTypes, Set<Long> pipelineTypes, Set<Long> metricsTypes) {

  static SummaryTypes lookUp(GraphReads reads, QuerySettings settings) {
    Set<Long> runs = new HashSet<>();
    Set<Long> pipelines = new HashSet<>();
    Set<Long> metrics = new HashSet<>();
    Set<String> names = new HashSet<>(settings.runTypes());
    names.addAll(settings.pipelineTypes());
    names.addAll(settings.metricsTypes());
    for (TypeHeader type : reads.typesNamed(names)) {
      if (type.kind() == NodeKind.CONTEXT && settings.runTypes().contains(type.name())) {
        runs.add(type.id());
      }
      if (type.kind() == NodeKind.CONTEXT && settings.pipelineTypes().contains(type.name())) {
        pipelines.add(type.id());
      }
      if (type.kind() == NodeKind.ARTIFACT && settings.metricsTypes().contains(type.name())) {
        metrics.add(type.id());
      }
    }
    return new SummaryTypes(Set.copyOf(runs), Set.copyOf(pipelines), Set.copyOf(metrics));
  }
}
