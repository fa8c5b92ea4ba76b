package dev.mnemos.query.graphql;

import static graphql.schema.idl.TypeRuntimeWiring.newTypeWiring;

import dev.mnemos.migrations.NodeKind;
import dev.mnemos.query.search.SearchIndex;
import graphql.schema.DataFetchingEnvironment;
import graphql.schema.idl.RuntimeWiring;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** {@code search} and {@code searchStatus}, over the Lucene index. */
final class SearchWiring {

  private SearchWiring() {}

  static void wire(RuntimeWiring.Builder wiring) {
    wiring.type(
        newTypeWiring("Query")
            .dataFetcher("search", SearchWiring::search)
            .dataFetcher("searchStatus", SearchWiring::status));
    wiring.type(
        newTypeWiring("SearchHit")
            .dataFetcher(
                "node",
                env -> {
                  SearchIndex.Hit hit = Sources.of(env);
                  return NodeWiring.load(env, Loaders.nodes(hit.kind()), hit.id());
                })
            .dataFetcher("score", env -> (double) Sources.<SearchIndex.Hit>of(env).score())
            .dataFetcher(
                "highlights",
                env -> {
                  List<Map<String, Object>> highlights = new ArrayList<>();
                  Sources.<SearchIndex.Hit>of(env)
                      .highlights()
                      .forEach(
                          (field, fragments) ->
                              highlights.add(Map.of("field", field, "fragments", fragments)));
                  return highlights;
                }));
  }

  private static Object search(DataFetchingEnvironment env) {
    RequestContext context = RequestContext.of(env);
    Inputs input = Inputs.of(env);
    int first = input.first(context.services().settings().limits().maxPageSize());
    Set<NodeKind> kinds =
        input.<String>list("kinds").stream().map(NodeKind::valueOf).collect(Collectors.toSet());
    Set<String> types = Set.copyOf(input.<String>list("types"));
    SearchIndex.Page page =
        context
            .services()
            .search()
            .search(
                context.graph(),
                new SearchIndex.Request(
                    input.requiredString("text"),
                    kinds,
                    types,
                    first,
                    input.string("after"),
                    env.getSelectionSet().containsAnyOf("hits/highlights", "edges/node/highlights"),
                    context.remainingBudget()));
    Map<SearchIndex.Hit, String> cursors = new IdentityHashMap<>();
    for (int i = 0; i < page.hits().size(); i++) {
      cursors.put(page.hits().get(i), page.cursors().get(i));
    }
    Map<String, Object> connection =
        Connections.of(page.hits(), cursors::get, page.nextCursor().isPresent(), Optional.empty());
    connection.put("hits", page.hits());
    connection.put("totalHits", page.totalHits());
    return connection;
  }

  private static Object status(DataFetchingEnvironment env) {
    SearchIndex.Status status = RequestContext.of(env).services().search().status();
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("indexedUpTo", status.indexedUpTo());
    result.put("lagMillis", status.lagMillis());
    result.put("documents", status.documents());
    result.put("problem", status.problem().orElse(null));
    return result;
  }
}
