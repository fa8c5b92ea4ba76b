package dev.mnemos.server.store;

import dev.mnemos.migrations.NodeKind;
import dev.mnemos.proto.mlmd.Artifact;
import dev.mnemos.proto.mlmd.Association;
import dev.mnemos.proto.mlmd.Attribution;
import dev.mnemos.proto.mlmd.Context;
import dev.mnemos.proto.mlmd.Event;
import dev.mnemos.proto.mlmd.Execution;
import dev.mnemos.proto.mlmd.GetLineageGraphRequest;
import dev.mnemos.proto.mlmd.GetLineageGraphResponse;
import dev.mnemos.proto.mlmd.GetLineageSubgraphRequest;
import dev.mnemos.proto.mlmd.GetLineageSubgraphResponse;
import dev.mnemos.proto.mlmd.LineageGraph;
import dev.mnemos.proto.mlmd.LineageGraphQueryOptions;
import dev.mnemos.proto.mlmd.LineageSubgraphQueryOptions;
import dev.mnemos.server.errors.StoreException;
import dev.mnemos.server.filter.FilterCompiler;
import dev.mnemos.server.model.LineageQuery.Direction;
import dev.mnemos.server.model.Node;
import dev.mnemos.server.schema.NodeTable;
import dev.mnemos.server.scope.ReadScope;
import dev.mnemos.server.store.LineageWalk.Stop;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.jooq.DSLContext;

/**
 * The lineage reads of the MLMD contract, both served by one {@link LineageWalk}:
 * GetLineageSubgraph (1.16 semantics: starting and ending nodes by filter, direction, up to 100
 * hops, dehydrated nodes, read mask) and the deprecated GetLineageGraph (1.14 semantics: starting
 * artifacts by list options, boundary filters, up to 20 hops, a node limit, full nodes).
 */
public final class LineageOperations {

  static final int MAX_SUBGRAPH_HOPS = 100;

  /** MLMD reads at most this many starting nodes (its query says LIMIT 101). */
  static final int MAX_STARTING_NODES = 101;

  static final int MAX_GRAPH_HOPS = 20;

  private final Database db;
  private final NodeOperations nodes;
  private final RelationOperations relations;
  private final TypeService types;
  private final ReadScope scope;
  private final LineageWalk walk;

  LineageOperations(
      Database db,
      NodeOperations nodes,
      RelationOperations relations,
      TypeService types,
      ReadScope scope) {
    this.db = db;
    this.nodes = nodes;
    this.relations = relations;
    this.types = types;
    this.scope = scope;
    this.walk = new LineageWalk(scope);
  }

  public GetLineageSubgraphResponse getLineageSubgraph(GetLineageSubgraphRequest request) {
    LineageSubgraphQueryOptions options = request.getLineageSubgraphQueryOptions();
    boolean fromArtifacts =
        switch (options.getStartingNodesCase()) {
          case STARTING_ARTIFACTS -> true;
          case STARTING_EXECUTIONS -> false;
          case STARTINGNODES_NOT_SET ->
              throw StoreException.invalidArgument("Missing arguments for listing starting nodes.");
        };
    String startFilter =
        fromArtifacts
            ? options.getStartingArtifacts().getFilterQuery()
            : options.getStartingExecutions().getFilterQuery();
    if (startFilter.isEmpty()) {
      throw StoreException.invalidArgument(
          "Cannot list starting nodes if `filter_query` is unspecified.");
    }
    if (options.hasMaxNumHops() && options.getMaxNumHops() < 0) {
      throw StoreException.invalidArgument(
          "max_num_hops cannot be negative: max_num_hops = " + options.getMaxNumHops());
    }
    int hops =
        options.hasMaxNumHops()
            ? (int) Math.min(options.getMaxNumHops(), MAX_SUBGRAPH_HOPS)
            : MAX_SUBGRAPH_HOPS;
    Direction direction =
        switch (options.getDirection()) {
          case UPSTREAM -> Direction.UPSTREAM;
          case DOWNSTREAM -> Direction.DOWNSTREAM;
          default -> Direction.BOTH;
        };
    Set<String> fields = new TreeSet<>(request.getReadMask().getPathsList());
    return db.read(
        sql -> {
          NodeTable start = fromArtifacts ? NodeTable.ARTIFACTS : NodeTable.EXECUTIONS;
          Set<Long> startIds =
              new TreeSet<>(
                  sql.select(start.id())
                      .from(start.table())
                      .where(
                          start.id().in(FilterCompiler.matchingIds(start, startFilter, scope)),
                          scope.visible(start))
                      .orderBy(start.id())
                      .limit(MAX_STARTING_NODES)
                      .fetch(start.id()));
          if (startIds.isEmpty()) {
            throw StoreException.notFound("Cannot find qualified nodes to start the traversal.");
          }
          LineageWalk.Result result =
              walk.walk(
                  sql,
                  new LineageWalk.Request(
                      fromArtifacts ? startIds : Set.of(),
                      fromArtifacts ? Set.of() : startIds,
                      hops,
                      direction,
                      stop(options.hasEndingArtifacts(), options.getEndingArtifacts()),
                      stop(options.hasEndingExecutions(), options.getEndingExecutions()),
                      Optional.empty(),
                      Optional.empty(),
                      Integer.MAX_VALUE));
          LineageGraph.Builder graph = LineageGraph.newBuilder();
          boolean all = fields.isEmpty();
          if (all || fields.contains("artifacts")) {
            result.artifacts().forEach(id -> graph.addArtifacts(Artifact.newBuilder().setId(id)));
          }
          if (all || fields.contains("executions")) {
            result
                .executions()
                .forEach(id -> graph.addExecutions(Execution.newBuilder().setId(id)));
          }
          if (all || fields.contains("events")) {
            graph.addAllEvents(events(sql, result));
          }
          boolean membership =
              all
                  || fields.contains("contexts")
                  || fields.contains("attributions")
                  || fields.contains("associations");
          List<Attribution> attributions =
              membership
                  ? relations.relations().attributionsOfArtifacts(sql, result.artifacts(), scope)
                  : List.of();
          List<Association> associations =
              membership
                  ? relations.relations().associationsOfExecutions(sql, result.executions(), scope)
                  : List.of();
          if (all || fields.contains("attributions")) {
            graph.addAllAttributions(attributions);
          }
          if (all || fields.contains("associations")) {
            graph.addAllAssociations(associations);
          }
          if (all || fields.contains("contexts")) {
            Set<Long> contextIds = new TreeSet<>();
            attributions.forEach(a -> contextIds.add(a.getContextId()));
            associations.forEach(a -> contextIds.add(a.getContextId()));
            contextIds.forEach(id -> graph.addContexts(Context.newBuilder().setId(id)));
          }
          addAllTypes(sql, graph, all, fields);
          return GetLineageSubgraphResponse.newBuilder().setLineageSubgraph(graph).build();
        });
  }

  /** Like MLMD, the subgraph carries every type of each requested kind, simple types included. */
  private void addAllTypes(
      DSLContext sql, LineageGraph.Builder graph, boolean all, Set<String> fields) {
    if (all || fields.contains("artifact_types")) {
      types
          .allWithSimpleTypes(sql, NodeKind.ARTIFACT)
          .forEach(t -> graph.addArtifactTypes(TypeMapper.toArtifactType(t)));
    }
    if (all || fields.contains("execution_types")) {
      types
          .allWithSimpleTypes(sql, NodeKind.EXECUTION)
          .forEach(t -> graph.addExecutionTypes(TypeMapper.toExecutionType(t)));
    }
    if (all || fields.contains("context_types")) {
      types
          .allWithSimpleTypes(sql, NodeKind.CONTEXT)
          .forEach(t -> graph.addContextTypes(TypeMapper.toContextType(t)));
    }
  }

  private List<Event> events(DSLContext sql, LineageWalk.Result result) {
    return relations.events().byIds(sql, result.eventIds()).stream()
        .map(EventMapper::toProto)
        .toList();
  }

  private static Stop stop(boolean given, LineageSubgraphQueryOptions.EndingNodes ending) {
    return given && !ending.getFilterQuery().isEmpty()
        ? new Stop(Optional.of(ending.getFilterQuery()), ending.getIncludeEndingNodes())
        : Stop.NONE;
  }

  /**
   * The deprecated GetLineageGraph, as MLMD 1.14 served it (the 1.15+ server answers
   * UNIMPLEMENTED).
   */
  public GetLineageGraphResponse getLineageGraph(GetLineageGraphRequest request) {
    LineageGraphQueryOptions options = request.getOptions();
    if (!options.hasArtifactsOptions()) {
      throw StoreException.invalidArgument(
          "Missing query_nodes conditions: artifacts_options must be set.");
    }
    LineageGraphQueryOptions.BoundaryConstraint stop = options.getStopConditions();
    if (stop.hasMaxNumHops() && stop.getMaxNumHops() < 0) {
      throw StoreException.invalidArgument(
          "max_num_hops cannot be negative: " + stop.getMaxNumHops());
    }
    int hops =
        stop.hasMaxNumHops()
            ? (int) Math.min(stop.getMaxNumHops(), MAX_GRAPH_HOPS)
            : MAX_GRAPH_HOPS;
    int maxNodes =
        options.getMaxNodeSize() <= 0
            ? Integer.MAX_VALUE
            : (int) Math.min(options.getMaxNodeSize(), Integer.MAX_VALUE);
    return db.read(
        sql -> {
          Page start =
              PageQuery.list(
                  sql,
                  nodes.artifacts.repository(),
                  scope.visible(NodeTable.ARTIFACTS),
                  scope,
                  options.getArtifactsOptions());
          if (start.nodes().isEmpty()) {
            throw StoreException.notFound(
                "Cannot find any starting nodes with the given artifacts_options.");
          }
          Set<Long> startIds = new TreeSet<>();
          start.nodes().forEach(node -> startIds.add(node.id()));
          LineageWalk.Result result =
              walk.walk(
                  sql,
                  new LineageWalk.Request(
                      startIds,
                      Set.of(),
                      hops,
                      Direction.BOTH,
                      Stop.NONE,
                      Stop.NONE,
                      stop.getBoundaryArtifacts().isEmpty()
                          ? Optional.empty()
                          : Optional.of(stop.getBoundaryArtifacts()),
                      stop.getBoundaryExecutions().isEmpty()
                          ? Optional.empty()
                          : Optional.of(stop.getBoundaryExecutions()),
                      maxNodes));
          List<Node> artifacts = nodes.artifacts.repository().byIds(sql, result.artifacts(), scope);
          List<Node> executions =
              nodes.executions.repository().byIds(sql, result.executions(), scope);
          LineageGraph.Builder graph =
              LineageGraph.newBuilder()
                  .addAllArtifacts(artifacts.stream().map(NodeMapper::toArtifact).toList())
                  .addAllExecutions(executions.stream().map(NodeMapper::toExecution).toList())
                  .addAllEvents(events(sql, result))
                  .addAllAttributions(
                      relations.relations().attributionsOfArtifacts(sql, result.artifacts(), scope))
                  .addAllAssociations(
                      relations
                          .relations()
                          .associationsOfExecutions(sql, result.executions(), scope));
          types
              .byIds(
                  sql, NodeKind.ARTIFACT, artifacts.stream().map(Node::typeId).distinct().toList())
              .forEach(t -> graph.addArtifactTypes(TypeMapper.toArtifactType(t)));
          types
              .byIds(
                  sql,
                  NodeKind.EXECUTION,
                  executions.stream().map(Node::typeId).distinct().toList())
              .forEach(t -> graph.addExecutionTypes(TypeMapper.toExecutionType(t)));
          return GetLineageGraphResponse.newBuilder().setSubgraph(graph).build();
        });
  }
}
