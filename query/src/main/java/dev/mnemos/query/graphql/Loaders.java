package dev.mnemos.query.graphql;

import dev.mnemos.migrations.NodeKind;
import dev.mnemos.query.runs.RunModel.Run;
import dev.mnemos.query.runs.RunQueries;
import dev.mnemos.server.model.LineageEvent;
import dev.mnemos.server.model.Node;
import dev.mnemos.server.store.MetadataGraph;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Predicate;
import org.dataloader.DataLoader;
import org.dataloader.DataLoaderFactory;
import org.dataloader.DataLoaderRegistry;

/**
 * The per-request DataLoaders: every node, type and relation a query reaches is loaded in one batch
 * per loader and level, however many parents ask for it. A new registry per request, so nothing is
 * cached across requests. Loaders of nodes, types, events and contexts exist once per kind, named
 * by {@link #nodes}, {@link #types}, {@link #events} and {@link #contextsOf}.
 */
final class Loaders {

  static final String INPUTS_OF_EXECUTION = "inputsOfExecution";
  static final String OUTPUTS_OF_EXECUTION = "outputsOfExecution";
  static final String PRODUCERS_OF_ARTIFACT = "producersOfArtifact";
  static final String CONSUMERS_OF_ARTIFACT = "consumersOfArtifact";
  static final String PARENTS = "parents";
  static final String CHILDREN = "children";
  static final String RUNS = "runs";
  static final String RUN_PARAMETERS = "runParameters";
  static final String RUN_METRICS = "runMetrics";
  static final String LINKED_RUNS = "linkedRuns";

  private Loaders() {}

  /** The loader of nodes of a kind by id. */
  static String nodes(NodeKind kind) {
    return "nodes:" + kind;
  }

  /** The loader of types of a kind by id. */
  static String types(NodeKind kind) {
    return "types:" + kind;
  }

  /** The loader of the events of artifacts or executions by id. */
  static String events(NodeKind side) {
    return "events:" + side;
  }

  /** The loader of the contexts of artifacts or executions by id. */
  static String contextsOf(NodeKind memberKind) {
    return "contextsOf:" + memberKind;
  }

  /** The loader of the runs artifacts or executions belong to, by id. */
  static String runsOf(NodeKind memberKind) {
    return "runsOf:" + memberKind;
  }

  /** The loaders of one request, reading {@code graph} and {@code runs} (in its caller's scope). */
  static DataLoaderRegistry forRequest(MetadataGraph graph, RunQueries runs) {
    DataLoaderRegistry registry = new DataLoaderRegistry();
    for (NodeKind kind : NodeKind.values()) {
      registry.register(nodes(kind), mapped(ids -> graph.nodes(kind, ids)));
      registry.register(types(kind), mapped(ids -> graph.typesById(kind, ids)));
    }
    for (NodeKind side : List.of(NodeKind.ARTIFACT, NodeKind.EXECUTION)) {
      registry.register(events(side), mapped(ids -> graph.events(side, ids)));
      registry.register(
          contextsOf(side),
          mapped(ids -> resolve(graph, NodeKind.CONTEXT, graph.contextsOf(side, ids))));
      registry.register(runsOf(side), mapped(ids -> runsOf(graph, runs, side, ids)));
    }
    registry.register(
        INPUTS_OF_EXECUTION,
        mapped(ids -> across(graph, NodeKind.EXECUTION, ids, LineageEvent::isInput)));
    registry.register(
        OUTPUTS_OF_EXECUTION,
        mapped(ids -> across(graph, NodeKind.EXECUTION, ids, LineageEvent::isOutput)));
    registry.register(
        PRODUCERS_OF_ARTIFACT,
        mapped(ids -> across(graph, NodeKind.ARTIFACT, ids, LineageEvent::isOutput)));
    registry.register(
        CONSUMERS_OF_ARTIFACT,
        mapped(ids -> across(graph, NodeKind.ARTIFACT, ids, LineageEvent::isInput)));
    registry.register(PARENTS, mapped(ids -> resolve(graph, NodeKind.CONTEXT, graph.parents(ids))));
    registry.register(
        CHILDREN, mapped(ids -> resolve(graph, NodeKind.CONTEXT, graph.children(ids))));
    registry.register(RUNS, mapped(runs::byIds));
    registry.register(RUN_PARAMETERS, mapped(runs::parameters));
    registry.register(RUN_METRICS, mapped(runs::metrics));
    registry.register(LINKED_RUNS, mapped(ids -> linkedRuns(graph, runs, ids)));
    return registry;
  }

  private static <V> DataLoader<Long, V> mapped(Function<List<Long>, Map<Long, V>> load) {
    return DataLoaderFactory.newMappedDataLoader(
        (Set<Long> keys) ->
            CompletableFuture.supplyAsync(
                () -> load.apply(List.copyOf(new TreeSet<>(keys))), Runnable::run));
  }

  /**
   * The nodes of the other kind one event away from each of {@code ids} ({@code side} is the kind
   * of {@code ids}), over the events {@code which} keeps, each node once, in event order.
   */
  private static Map<Long, List<Node>> across(
      MetadataGraph graph, NodeKind side, List<Long> ids, Predicate<LineageEvent> which) {
    NodeKind other = side == NodeKind.ARTIFACT ? NodeKind.EXECUTION : NodeKind.ARTIFACT;
    Map<Long, List<Long>> linked = new HashMap<>();
    graph
        .events(side, ids)
        .forEach(
            (id, events) ->
                linked.put(
                    id,
                    events.stream()
                        .filter(which)
                        .map(e -> side == NodeKind.ARTIFACT ? e.executionId() : e.artifactId())
                        .distinct()
                        .toList()));
    return resolve(graph, other, linked);
  }

  /**
   * The runs each of {@code ids} belongs to: its contexts, of which the summaries know the runs
   * (two batches for all of them, however many nodes a lineage walk returns).
   */
  private static Map<Long, List<Run>> runsOf(
      MetadataGraph graph, RunQueries runs, NodeKind side, List<Long> ids) {
    Map<Long, List<Long>> contexts = new HashMap<>();
    graph
        .contextsOf(side, ids)
        .forEach((id, list) -> contexts.put(id, list.stream().sorted().toList()));
    return resolve(contexts, runs::byIds);
  }

  /**
   * The runs among each run's parent and child contexts, parents first: an MLflow run and the KFP
   * run whose step logged it, a nested MLflow run and its parent (three batches for all of them).
   */
  private static Map<Long, List<Run>> linkedRuns(
      MetadataGraph graph, RunQueries runs, List<Long> ids) {
    Map<Long, List<Long>> parents = graph.parents(ids);
    Map<Long, List<Long>> children = graph.children(ids);
    Map<Long, List<Long>> linked = new HashMap<>();
    for (long id : ids) {
      Set<Long> both = new java.util.LinkedHashSet<>(parents.getOrDefault(id, List.of()));
      both.addAll(children.getOrDefault(id, List.of()));
      linked.put(id, List.copyOf(both));
    }
    return resolve(linked, runs::byIds);
  }

  /** Replaces linked ids by their nodes (of {@code kind}), in one batch for all of them. */
  private static Map<Long, List<Node>> resolve(
      MetadataGraph graph, NodeKind kind, Map<Long, List<Long>> linked) {
    return resolve(linked, all -> graph.nodes(kind, all));
  }

  /**
   * Replaces linked ids by what {@code lookup} finds for them, in one lookup for all of them; ids
   * it does not find are left out.
   */
  private static <V> Map<Long, List<V>> resolve(
      Map<Long, List<Long>> linked, Function<Set<Long>, Map<Long, V>> lookup) {
    Set<Long> all = new TreeSet<>();
    linked.values().forEach(all::addAll);
    Map<Long, V> found = lookup.apply(all);
    Map<Long, List<V>> result = new HashMap<>();
    linked.forEach(
        (id, list) ->
            result.put(id, list.stream().map(found::get).filter(Objects::nonNull).toList()));
    return result;
  }
}
