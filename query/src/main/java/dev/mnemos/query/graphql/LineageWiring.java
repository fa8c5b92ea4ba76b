package dev.mnemos.query.graphql;

import static graphql.schema.idl.TypeRuntimeWiring.newTypeWiring;

import dev.mnemos.migrations.NodeKind;
import dev.mnemos.server.errors.StoreException;
import dev.mnemos.server.model.LineageQuery;
import dev.mnemos.server.model.NodeRef;
import dev.mnemos.server.model.Subgraph;
import graphql.schema.DataFetchingEnvironment;
import graphql.schema.idl.RuntimeWiring;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code lineage}: the store's breadth-first lineage walk from given nodes, with the walk's
 * truncation and frontier so a client can expand on demand.
 */
final class LineageWiring {

  private LineageWiring() {}

  /** More hops than this reach nothing new in practice and only cost statements. */
  static final int MAX_HOPS = 100;

  static void wire(RuntimeWiring.Builder wiring) {
    wiring.type(newTypeWiring("Query").dataFetcher("lineage", LineageWiring::lineage));
  }

  private static Object lineage(DataFetchingEnvironment env) {
    RequestContext context = RequestContext.of(env);
    Subgraph subgraph = context.graph().lineage(query(context, Inputs.of(env)));
    return Map.of(
        "artifacts",
        subgraph.nodes(NodeKind.ARTIFACT),
        "executions",
        subgraph.nodes(NodeKind.EXECUTION),
        "edges",
        subgraph.events(),
        "truncated",
        subgraph.truncated(),
        "frontier",
        subgraph.frontier().stream()
            .map(ref -> Map.of("kind", ref.kind().name(), "id", ref.id()))
            .toList());
  }

  private static LineageQuery query(RequestContext context, Inputs input) {
    List<Map<String, Object>> start = input.list("start");
    if (start.isEmpty()) {
      throw StoreException.invalidArgument("start must name at least one node");
    }
    Set<NodeRef> refs = new HashSet<>();
    for (Map<String, Object> ref : start) {
      Inputs node = Inputs.of(ref);
      refs.add(
          new NodeRef(
              NodeKind.valueOf(node.string("kind").orElseThrow()),
              node.longValue("id").orElseThrow()));
    }
    int maxHops = input.intValue("maxHops").orElse(3);
    if (maxHops < 0 || maxHops > MAX_HOPS) {
      throw StoreException.invalidArgument(
          "maxHops must be between 0 and " + MAX_HOPS + ", not " + maxHops);
    }
    int maxPage = context.services().settings().limits().maxPageSize();
    int maxNodes = input.intValue("maxNodes").orElse(200);
    if (maxNodes < 1 || maxNodes > maxPage) {
      throw StoreException.invalidArgument(
          "maxNodes must be between 1 and " + maxPage + ", not " + maxNodes);
    }
    Inputs filter = input.nested("filter");
    return new LineageQuery(
        refs,
        LineageQuery.Direction.valueOf(input.string("direction").orElse("UPSTREAM")),
        maxHops,
        maxNodes,
        filter.string("artifacts").filter(f -> !f.isBlank()),
        filter.string("executions").filter(f -> !f.isBlank()));
  }
}
