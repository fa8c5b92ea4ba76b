package dev.mnemos.query.graphql;

import static graphql.schema.idl.TypeRuntimeWiring.newTypeWiring;

import dev.mnemos.migrations.NodeKind;
import dev.mnemos.server.errors.StoreException;
import dev.mnemos.server.model.Node;
import dev.mnemos.server.model.NodeListing;
import dev.mnemos.server.model.NodePage;
import dev.mnemos.server.model.TypeRef;
import dev.mnemos.server.store.MetadataGraph;
import graphql.schema.DataFetchingEnvironment;
import graphql.schema.idl.RuntimeWiring;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The node queries: one node by id, external id or type and name; id-ordered listings of a kind
 * with MLMD filters; the types of a kind. Reads go through the store's typed {@link MetadataGraph};
 * the fields of what they return are {@link NodeFields}'.
 */
final class NodeWiring {

  /** MLMD's listings cap a page at 100 nodes; ours follow. */
  private static final int MAX_NODE_PAGE = 100;

  private NodeWiring() {}

  static void wire(RuntimeWiring.Builder wiring) {
    wiring.type(
        newTypeWiring("Query")
            .dataFetcher("node", NodeWiring::node)
            .dataFetcher("artifacts", env -> list(env, NodeKind.ARTIFACT))
            .dataFetcher("executions", env -> list(env, NodeKind.EXECUTION))
            .dataFetcher("contexts", env -> list(env, NodeKind.CONTEXT))
            .dataFetcher("types", NodeWiring::types));
    NodeFields.wire(wiring);
  }

  static <V> Object load(DataFetchingEnvironment env, String loader, long id) {
    return RequestContext.of(env).<Long, V>loader(loader).load(id);
  }

  static Object loadList(DataFetchingEnvironment env, String loader, long id) {
    return RequestContext.of(env)
        .<Long, List<?>>loader(loader)
        .load(id)
        .thenApply(list -> list == null ? List.of() : list);
  }

  /** A listing of {@code kind} with the page input's size and cursor. */
  static NodeListing listing(NodeKind kind, Inputs input) {
    NodeListing listing = NodeListing.of(kind, input.first(MAX_NODE_PAGE));
    Optional<String> after = input.string("after");
    return after.isPresent() ? listing.after(Connections.idOf(after.get())) : listing;
  }

  static Map<String, Object> connection(NodePage page) {
    return Connections.of(
        page.nodes(),
        node -> Connections.idCursor(node.storedId()),
        page.hasMore(),
        Optional.empty());
  }

  private static @Nullable Object node(DataFetchingEnvironment env) {
    Inputs input = Inputs.of(env);
    NodeKind kind = input.enumValue("kind", NodeKind.class).orElseThrow();
    MetadataGraph graph = RequestContext.of(env).graph();
    if (input.has("id")) {
      return load(env, Loaders.nodes(kind), input.longValue("id").orElseThrow());
    }
    if (input.has("externalId")) {
      return graph.nodeByExternalId(kind, input.string("externalId").orElseThrow()).orElse(null);
    }
    if (input.has("type") && input.has("name")) {
      TypeRef type =
          new TypeRef(input.string("type").orElseThrow(), input.string("typeVersion").orElse(""));
      Optional<Node> found =
          graph.nodeByTypeAndName(kind, type, input.string("name").orElseThrow());
      return found.orElse(null);
    }
    throw StoreException.invalidArgument("node needs an id, an externalId, or a type and a name");
  }

  private static Object list(DataFetchingEnvironment env, NodeKind kind) {
    Inputs input = Inputs.of(env);
    NodeListing listing = listing(kind, input);
    Optional<String> filter = input.string("filter").filter(f -> !f.isBlank());
    if (filter.isPresent()) {
      listing = listing.matching(filter.get());
    }
    Optional<String> type = input.string("type");
    if (type.isPresent()) {
      listing = listing.ofType(new TypeRef(type.get(), input.string("typeVersion").orElse("")));
    }
    return connection(RequestContext.of(env).graph().list(listing));
  }

  private static Object types(DataFetchingEnvironment env) {
    NodeKind kind = Inputs.of(env).enumValue("kind", NodeKind.class).orElseThrow();
    return RequestContext.of(env).graph().types(kind);
  }
}
