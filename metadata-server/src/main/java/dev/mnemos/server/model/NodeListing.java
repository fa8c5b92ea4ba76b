package dev.mnemos.server.model;

import dev.mnemos.migrations.NodeKind;
import java.util.Optional;

/**
 * A page of nodes of one kind in ascending id order: optionally only those of a type, only the
 * members of a context, only those matching an MLMD {@code filter_query}, and only those after an
 * id (the last id of the previous page).
 */
public record NodeListing(
    NodeKind kind,
    Optional<TypeRef> type,
    Optional<Long> memberOf,
    Optional<String> filter,
    Optional<Long> afterId,
    int limit) {

  public static NodeListing of(NodeKind kind, int limit) {
    return new NodeListing(
        kind, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), limit);
  }

  public NodeListing ofType(TypeRef type) {
    return new NodeListing(kind, Optional.of(type), memberOf, filter, afterId, limit);
  }

  public NodeListing membersOf(long contextId) {
    return new NodeListing(kind, type, Optional.of(contextId), filter, afterId, limit);
  }

  public NodeListing matching(String filterQuery) {
    return new NodeListing(kind, type, memberOf, Optional.of(filterQuery), afterId, limit);
  }

  public NodeListing after(long id) {
    return new NodeListing(kind, type, memberOf, filter, Optional.of(id), limit);
  }
}
