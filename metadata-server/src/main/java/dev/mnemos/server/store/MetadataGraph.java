package dev.mnemos.server.store;

import static dev.mnemos.migrations.jooq.Tables.PARENTCONTEXT;

import dev.mnemos.migrations.NodeKind;
import dev.mnemos.server.errors.StoreException;
import dev.mnemos.server.filter.FilterCompiler;
import dev.mnemos.server.model.LineageEvent;
import dev.mnemos.server.model.LineageQuery;
import dev.mnemos.server.model.Node;
import dev.mnemos.server.model.NodeListing;
import dev.mnemos.server.model.NodePage;
import dev.mnemos.server.model.NodeRef;
import dev.mnemos.server.model.NodeType;
import dev.mnemos.server.model.NodeVersion;
import dev.mnemos.server.model.Subgraph;
import dev.mnemos.server.model.TypeRef;
import dev.mnemos.server.schema.MembershipTable;
import dev.mnemos.server.schema.NodeTable;
import dev.mnemos.server.scope.ReadScope;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Table;
import org.jooq.impl.DSL;

/**
 * The store read as a typed graph: nodes by {@link NodeRef}-style keys, their types, events,
 * memberships and parent links, paged listings and lineage walks, each call one read transaction.
 * This is the API for every reader that is not MLMD's wire protocol (GraphQL, summaries, search);
 * answers are in id order, and ids that name nothing are left out rather than refused.
 */
public final class MetadataGraph {

  private final Database db;
  private final NodeOperations bindings;
  private final TypeService types;
  private final EventRepository events;
  private final ReadScope scope;
  private final LineageWalk walk;

  MetadataGraph(
      Database db,
      NodeOperations bindings,
      TypeService types,
      EventRepository events,
      ReadScope scope) {
    this.db = db;
    this.bindings = bindings;
    this.types = types;
    this.events = events;
    this.scope = scope;
    this.walk = new LineageWalk(scope);
  }

  /** The stored nodes of one kind among {@code ids}, by id, in id order. */
  public Map<Long, Node> nodes(NodeKind kind, Collection<Long> ids) {
    if (ids.isEmpty()) {
      return Map.of();
    }
    return db.read(sql -> byId(repository(kind).byIds(sql, ids, scope)));
  }

  /** What this view reads: the readers of derived data (search) keep to it too. */
  public ReadScope scope() {
    return scope;
  }

  /** Which of the stored nodes of a kind among {@code ids} this view sees. */
  public Set<Long> visible(NodeKind kind, Collection<Long> ids) {
    NodeTable t = NodeTable.of(kind);
    return db.read(sql -> existing(sql, t, new TreeSet<>(ids)));
  }

  /**
   * The node with that external id.
   *
   * @throws StoreException INVALID_ARGUMENT for an empty external id, which no node can have
   */
  public Optional<Node> nodeByExternalId(NodeKind kind, String externalId) {
    TypeService.requireNonEmptyExternalIds(List.of(externalId));
    NodeRepository nodes = repository(kind);
    return db.read(
        sql ->
            nodes
                .load(
                    sql,
                    nodes.table().externalId().eq(externalId).and(scope.visible(nodes.table())))
                .stream()
                .findFirst());
  }

  /** The node of that type and name; empty when the type or the node is unknown. */
  public Optional<Node> nodeByTypeAndName(NodeKind kind, TypeRef type, String name) {
    NodeRepository nodes = repository(kind);
    NodeTable t = nodes.table();
    return db.read(
        sql ->
            types
                .find(sql, kind, type.name(), type.version())
                .flatMap(
                    found ->
                        nodes
                            .load(
                                sql,
                                t.typeId()
                                    .eq(found.id())
                                    .and(t.name().eq(name))
                                    .and(scope.visible(t)))
                            .stream()
                            .findFirst()));
  }

  /**
   * One page of a listing: at most {@code limit} nodes after {@code afterId}, in id order. An
   * unknown type lists nothing.
   *
   * @throws StoreException INVALID_ARGUMENT for a filter that does not parse or a limit below 1
   */
  public NodePage list(NodeListing listing) {
    if (listing.limit() < 1) {
      throw StoreException.invalidArgument(
          "a page holds at least one node, not " + listing.limit());
    }
    NodeRepository nodes = repository(listing.kind());
    NodeTable t = nodes.table();
    // Compiled before reading, so a bad filter is refused however empty the listing is.
    Optional<Condition> filtered =
        listing.filter().map(filter -> t.id().in(FilterCompiler.matchingIds(t, filter, scope)));
    return db.read(
        sql -> {
          List<Condition> conditions = new ArrayList<>();
          conditions.add(scope.visible(t));
          if (listing.type().isPresent()) {
            TypeRef type = listing.type().get();
            Optional<NodeType> found = types.find(sql, listing.kind(), type.name(), type.version());
            if (found.isEmpty()) {
              return new NodePage(List.of(), false);
            }
            conditions.add(t.typeId().eq(found.get().id()));
          }
          listing
              .memberOf()
              .ifPresent(
                  contextId -> {
                    MembershipTable members = MembershipTable.of(listing.kind());
                    conditions.add(
                        t.id()
                            .in(
                                DSL.select(members.memberId())
                                    .from(members.table())
                                    .where(members.contextId().eq(contextId))));
                  });
          filtered.ifPresent(conditions::add);
          listing.afterId().ifPresent(after -> conditions.add(t.id().gt(after)));
          List<Long> ids =
              sql.select(t.id())
                  .from(t.table())
                  .where(conditions)
                  .orderBy(t.id())
                  .limit(listing.limit() + 1)
                  .fetch(t.id());
          boolean hasMore = ids.size() > listing.limit();
          List<Long> page = hasMore ? ids.subList(0, listing.limit()) : ids;
          return new NodePage(nodes.byIds(sql, page, scope), hasMore);
        });
  }

  /**
   * The versions of the nodes of a kind updated at or after {@code updatedSince} (every node for
   * {@link Long#MIN_VALUE}), in id order after {@code afterId}, at most {@code limit}: how
   * followers of the store (the search index) find what other writers changed.
   */
  public List<NodeVersion> versions(NodeKind kind, long updatedSince, long afterId, int limit) {
    NodeTable t = NodeTable.of(kind);
    Condition changed =
        updatedSince == Long.MIN_VALUE ? DSL.trueCondition() : t.updateTime().ge(updatedSince);
    return db.read(
        sql ->
            sql.select(t.id(), t.updateTime())
                .from(t.table())
                .where(changed, t.id().gt(afterId), scope.visible(t))
                .orderBy(t.id())
                .limit(limit)
                .fetch(
                    row ->
                        new NodeVersion(
                            new NodeRef(kind, row.value1()),
                            row.value2() == null ? 0 : row.value2())));
  }

  /** How many nodes of a kind are stored (and visible). */
  public long count(NodeKind kind) {
    NodeTable t = NodeTable.of(kind);
    return db.read(sql -> (long) sql.fetchCount(t.table(), scope.visible(t)));
  }

  /** Every type of a kind, in id order; MLMD's built-in simple types are left out. */
  public List<NodeType> types(NodeKind kind) {
    return db.read(sql -> types.all(sql, kind));
  }

  /** The types of one kind among {@code ids}, by id; simple types are left out. */
  public Map<Long, NodeType> typesById(NodeKind kind, Collection<Long> ids) {
    if (ids.isEmpty()) {
      return Map.of();
    }
    Map<Long, NodeType> found = new LinkedHashMap<>();
    db.read(sql -> types.byIds(sql, kind, List.copyOf(new TreeSet<>(ids))))
        .forEach(type -> found.put(type.id(), type));
    return found;
  }

  /**
   * The events of each artifact ({@code side} ARTIFACT) or execution ({@code side} EXECUTION), in
   * the order MLMD answers them.
   */
  public Map<Long, List<LineageEvent>> events(NodeKind side, Collection<Long> ids) {
    if (ids.isEmpty()) {
      return Map.of();
    }
    Map<Long, List<LineageEvent>> grouped = new LinkedHashMap<>();
    switch (side) {
      case ARTIFACT ->
          db.read(sql -> events.byArtifactIds(sql, ids))
              .forEach(
                  event ->
                      grouped
                          .computeIfAbsent(event.artifactId(), id -> new ArrayList<>())
                          .add(event));
      case EXECUTION ->
          db.read(sql -> events.byExecutionIds(sql, ids))
              .forEach(
                  event ->
                      grouped
                          .computeIfAbsent(event.executionId(), id -> new ArrayList<>())
                          .add(event));
      case CONTEXT -> throw new IllegalArgumentException("contexts have no events");
    }
    return grouped;
  }

  /** The ids of the contexts each artifact or execution belongs to, in id order. */
  public Map<Long, List<Long>> contextsOf(NodeKind memberKind, Collection<Long> memberIds) {
    MembershipTable members = MembershipTable.of(memberKind);
    return db.read(
        sql ->
            links(
                sql,
                members.table(),
                members.memberId(),
                members.contextId(),
                memberIds,
                scope
                    .visible(memberKind, members.memberId())
                    .and(scope.visible(NodeKind.CONTEXT, members.contextId()))));
  }

  /** The ids of each context's parent contexts, in id order. */
  public Map<Long, List<Long>> parents(Collection<Long> contextIds) {
    return db.read(
        sql ->
            links(
                sql,
                PARENTCONTEXT,
                PARENTCONTEXT.CONTEXT_ID,
                PARENTCONTEXT.PARENT_CONTEXT_ID,
                contextIds,
                bothVisible()));
  }

  /** The ids of each context's child contexts, in id order. */
  public Map<Long, List<Long>> children(Collection<Long> contextIds) {
    return db.read(
        sql ->
            links(
                sql,
                PARENTCONTEXT,
                PARENTCONTEXT.PARENT_CONTEXT_ID,
                PARENTCONTEXT.CONTEXT_ID,
                contextIds,
                bothVisible()));
  }

  private Condition bothVisible() {
    return scope
        .visible(NodeKind.CONTEXT, PARENTCONTEXT.CONTEXT_ID)
        .and(scope.visible(NodeKind.CONTEXT, PARENTCONTEXT.PARENT_CONTEXT_ID));
  }

  /**
   * Walks the lineage in one read transaction. Start nodes that do not exist are dropped; contexts
   * cannot start a walk.
   *
   * @throws StoreException INVALID_ARGUMENT for a context among the start nodes or a boundary
   *     filter that does not parse
   */
  public Subgraph lineage(LineageQuery query) {
    Set<Long> startArtifacts = new TreeSet<>();
    Set<Long> startExecutions = new TreeSet<>();
    for (NodeRef ref : query.start()) {
      switch (ref.kind()) {
        case ARTIFACT -> startArtifacts.add(ref.id());
        case EXECUTION -> startExecutions.add(ref.id());
        case CONTEXT ->
            throw StoreException.invalidArgument(
                "lineage starts from artifacts and executions, not contexts");
      }
    }
    // Compiled up front, so a bad filter is refused even when the walk never needs it.
    query
        .artifactBoundary()
        .ifPresent(f -> FilterCompiler.matchingIds(NodeTable.ARTIFACTS, f, scope));
    query
        .executionBoundary()
        .ifPresent(f -> FilterCompiler.matchingIds(NodeTable.EXECUTIONS, f, scope));
    return db.read(
        sql -> {
          LineageWalk.Result result =
              walk.walk(
                  sql,
                  new LineageWalk.Request(
                      existing(sql, NodeTable.ARTIFACTS, startArtifacts),
                      existing(sql, NodeTable.EXECUTIONS, startExecutions),
                      query.maxHops(),
                      query.direction(),
                      LineageWalk.Stop.NONE,
                      LineageWalk.Stop.NONE,
                      query.artifactBoundary(),
                      query.executionBoundary(),
                      query.maxNodes()));
          List<Node> nodes = new ArrayList<>();
          nodes.addAll(repository(NodeKind.ARTIFACT).byIds(sql, result.artifacts(), scope));
          nodes.addAll(repository(NodeKind.EXECUTION).byIds(sql, result.executions(), scope));
          List<NodeRef> frontier = new ArrayList<>();
          result.frontierArtifacts().forEach(id -> frontier.add(NodeRef.artifact(id)));
          result.frontierExecutions().forEach(id -> frontier.add(NodeRef.execution(id)));
          return new Subgraph(
              nodes,
              events.byIds(sql, result.eventIds()),
              result.truncated() || result.hidden(),
              frontier);
        });
  }

  private NodeRepository repository(NodeKind kind) {
    return bindings.binding(kind).repository();
  }

  private static Map<Long, Node> byId(List<Node> nodes) {
    Map<Long, Node> found = new LinkedHashMap<>();
    nodes.forEach(node -> found.put(node.id(), node));
    return found;
  }

  private Set<Long> existing(DSLContext sql, NodeTable t, Set<Long> ids) {
    Set<Long> found = new TreeSet<>();
    for (List<Long> chunk : IdChunks.of(ids)) {
      found.addAll(
          sql.select(t.id())
              .from(t.table())
              .where(t.id().in(chunk), scope.visible(t))
              .fetch(t.id()));
    }
    return found;
  }

  /**
   * For each {@code from} id, the {@code to} ids linked to it where {@code visible}, in id order.
   */
  private static Map<Long, List<Long>> links(
      DSLContext sql,
      Table<?> table,
      Field<Long> from,
      Field<Long> to,
      Collection<Long> ids,
      Condition visible) {
    Map<Long, List<Long>> linked = new LinkedHashMap<>();
    for (List<Long> chunk : IdChunks.of(new TreeSet<>(ids))) {
      sql.select(from, to)
          .from(table)
          .where(from.in(chunk), visible)
          .orderBy(from, to)
          .forEach(
              row ->
                  linked.computeIfAbsent(row.value1(), id -> new ArrayList<>()).add(row.value2()));
    }
    return linked;
  }
}
