package dev.mnemos.query.graphql;

import static graphql.schema.idl.TypeRuntimeWiring.newTypeWiring;

import dev.mnemos.migrations.NodeKind;
import dev.mnemos.query.lifecycle.DeletionOrder;
import dev.mnemos.query.lifecycle.RunSelection;
import dev.mnemos.query.runs.RunModel.Run;
import dev.mnemos.server.model.ArtifactMark;
import dev.mnemos.server.model.DeletionReport;
import dev.mnemos.server.model.Node;
import dev.mnemos.server.store.RunDeletions;
import graphql.schema.DataFetchingEnvironment;
import graphql.schema.idl.RuntimeWiring;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

/** {@code deleteRuns} and {@code Run.retainedForLineage}: deleting runs (docs/lifecycle.md). */
final class LifecycleWiring {

  private LifecycleWiring() {}

  static void wire(RuntimeWiring.Builder wiring) {
    wiring.type(newTypeWiring("Mutation").dataFetcher("deleteRuns", LifecycleWiring::deleteRuns));
    wiring.type(newTypeWiring("Run").dataFetcher("retainedForLineage", LifecycleWiring::retained));
  }

  private static Object deleteRuns(DataFetchingEnvironment env) {
    RequestContext context = RequestContext.of(env);
    DeletionOrder order = order(Inputs.of(env));
    DeletionReport report =
        context.services().lifecycle().delete(context.caller(), order, progress -> {});
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("dryRun", order.dryRun());
    result.put("marked", order.dryRun() ? null : order.mark().map(ArtifactMark::name).orElse(null));
    result.put(
        "counts",
        Map.of(
            "removedRuns", report.removedRuns().size(),
            "retainedRuns", report.retainedRuns().size(),
            "removedArtifacts", report.artifacts().size(),
            "removedExecutions", report.executions().size()));
    result.put("removedRunIds", List.copyOf(report.removedRuns()));
    result.put("retainedRunIds", List.copyOf(report.retainedRuns()));
    result.put("removedExecutionIds", List.copyOf(report.executions()));
    result.put(
        "removedArtifacts",
        report.artifacts().stream()
            .map(
                id -> {
                  Map<String, Object> artifact = new LinkedHashMap<>();
                  artifact.put("id", id);
                  artifact.put("uri", report.artifactUris().get(id));
                  return artifact;
                })
            .toList());
    return result;
  }

  private static DeletionOrder order(Inputs input) {
    Inputs filter = input.nested("filter");
    List<Object> ids = input.list("runIds");
    TreeSet<Long> runIds = new TreeSet<>();
    ids.forEach(id -> runIds.add(((Number) id).longValue()));
    return new DeletionOrder(
        new RunSelection(
            runIds,
            filter.string("pipeline"),
            filter.string("runType"),
            filter.longValue("endedBefore"),
            filter.intValue("keepNewest").map(OptionalInt::of).orElse(OptionalInt.empty())),
        input.string("protectArtifacts"),
        input.string("protectExecutions"),
        input.bool("dryRun").orElse(true),
        Optional.empty(),
        input.enumValue("mark", ArtifactMark.class));
  }

  private static CompletableFuture<Boolean> retained(DataFetchingEnvironment env) {
    Run run = Sources.of(env);
    return RequestContext.of(env)
        .<Long, Node>loader(Loaders.nodes(NodeKind.CONTEXT))
        .load(run.id())
        .thenApply(
            context ->
                context != null
                    && context.customProperties().containsKey(RunDeletions.RETAINED_PROPERTY)
                    && context
                        .customProperties()
                        .get(RunDeletions.RETAINED_PROPERTY)
                        .getBoolValue());
  }
}
