package dev.mnemos.query.graphql;

import static graphql.schema.idl.TypeRuntimeWiring.newTypeWiring;

import dev.mnemos.server.errors.StoreException;
import dev.mnemos.server.store.LineageOperations.Walked;
import dev.mnemos.server.store.LineageWalk;
import graphql.schema.DataFetchingEnvironment;
import graphql.schema.idl.RuntimeWiring;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code lineage}: the breadth-first walk of GetLineageSubgraph from given nodes, with the walk's
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
    Inputs input = Inputs.of(env);
    Set<Long> artifacts = new TreeSet<>();
    Set<Long> executions = new TreeSet<>();
    List<Map<String, Object>> start = input.list("start");
    if (start.isEmpty()) {
      throw StoreException.invalidArgument("start must name at least one node");
    }
    for (Map<String, Object> ref : start) {
      Inputs node = Inputs.of(ref);
      long id = node.longValue("id").orElseThrow();
      switch (node.string("kind").orElseThrow()) {
        case "ARTIFACT" -> artifacts.add(id);
        case "EXECUTION" -> executions.add(id);
        default ->
            throw StoreException.invalidArgument(
                "lineage starts from artifacts and executions, not contexts");
      }
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
    LineageWalk.Direction direction =
        LineageWalk.Direction.valueOf(input.string("direction").orElse("UPSTREAM"));
    Walked walked =
        context
            .services()
            .store()
            .lineage()
            .walk(
                new LineageWalk.Request(
                    artifacts,
                    executions,
                    maxHops,
                    direction,
                    LineageWalk.Stop.NONE,
                    LineageWalk.Stop.NONE,
                    filter.string("artifacts").filter(f -> !f.isBlank()),
                    filter.string("executions").filter(f -> !f.isBlank()),
                    maxNodes));
    LineageWalk.Result result = walked.result();
    List<Map<String, Object>> frontier = new ArrayList<>();
    result.frontierArtifacts().forEach(id -> frontier.add(Map.of("kind", "ARTIFACT", "id", id)));
    result.frontierExecutions().forEach(id -> frontier.add(Map.of("kind", "EXECUTION", "id", id)));
    var store = context.services().store();
    return Map.of(
        "artifacts",
        ordered(Loaders.artifacts(store, result.artifacts()), result.artifacts()),
        "executions",
        ordered(Loaders.executions(store, result.executions()), result.executions()),
        "edges",
        walked.events(),
        "truncated",
        result.truncated(),
        "frontier",
        frontier);
  }

  private static <T> List<T> ordered(Map<Long, T> byId, Set<Long> ids) {
    return ids.stream().map(byId::get).filter(Objects::nonNull).toList();
  }
}
