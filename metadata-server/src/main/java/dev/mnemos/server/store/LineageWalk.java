package dev.mnemos.server.store;

import static dev.mnemos.migrations.jooq.Tables.EVENT;

import dev.mnemos.migrations.NodeKind;
import dev.mnemos.server.filter.FilterCompiler;
import dev.mnemos.server.model.LineageQuery.Direction;
import dev.mnemos.server.schema.NodeTable;
import dev.mnemos.server.scope.ReadScope;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.impl.DSL;

/**
 * The breadth-first lineage walk over events behind GetLineageSubgraph, GetLineageGraph and the
 * GraphQL lineage query. Each hop costs one batched event query per node kind on the frontier, plus
 * one filter query per kind when ending or boundary filters are given; the visited sets live in
 * memory. A hop goes from a node over one event to a node of the other kind.
 */
final class LineageWalk {

  /**
   * Nodes matching an ending filter are not expanded, and kept only when {@code include}; nodes
   * failing a boundary filter are neither kept nor expanded.
   */
  public record Stop(Optional<String> filter, boolean include) {
    public static final Stop NONE = new Stop(Optional.empty(), false);
  }

  public record Request(
      Set<Long> startArtifacts,
      Set<Long> startExecutions,
      int maxHops,
      Direction direction,
      Stop endingArtifacts,
      Stop endingExecutions,
      Optional<String> boundaryArtifacts,
      Optional<String> boundaryExecutions,
      int maxNodes) {}

  /**
   * The nodes reached, the ids of the events followed between them, and what was left unexplored:
   * {@code truncated} when the node limit cut the walk, {@code hidden} when an event led to a node
   * the scope does not see (which is neither kept nor named), and the frontier a client may expand
   * next.
   */
  public record Result(
      Set<Long> artifacts,
      Set<Long> executions,
      Set<Long> eventIds,
      boolean truncated,
      boolean hidden,
      Set<Long> frontierArtifacts,
      Set<Long> frontierExecutions) {}

  private final ReadScope scope;

  /** A walk that keeps to the nodes {@code scope} sees. */
  LineageWalk(ReadScope scope) {
    this.scope = scope;
  }

  private static final List<Long> INPUT_TYPES = EventSides.INPUT_TYPES;
  private static final List<Long> OUTPUT_TYPES = EventSides.OUTPUT_TYPES;

  public Result walk(DSLContext sql, Request request) {
    Set<Long> artifacts = new TreeSet<>();
    Set<Long> executions = new TreeSet<>();
    Set<Long> seenArtifacts = new TreeSet<>();
    Set<Long> seenExecutions = new TreeSet<>();
    Admitted fromArtifacts =
        admit(
            sql,
            NodeTable.ARTIFACTS,
            request.startArtifacts(),
            request.endingArtifacts(),
            Optional.empty(),
            artifacts,
            seenArtifacts,
            request.maxNodes() - executions.size());
    Admitted fromExecutions =
        admit(
            sql,
            NodeTable.EXECUTIONS,
            request.startExecutions(),
            request.endingExecutions(),
            Optional.empty(),
            executions,
            seenExecutions,
            request.maxNodes() - artifacts.size());
    boolean truncated = fromArtifacts.cut() || fromExecutions.cut();
    Map<Long, long[]> traversedEvents = new HashMap<>();
    boolean[] hidden = {false};
    for (int hop = 0;
        hop < request.maxHops()
            && !truncated
            && !(fromArtifacts.expand().isEmpty() && fromExecutions.expand().isEmpty());
        hop++) {
      Set<Long> reachedExecutions =
          neighbours(
              sql,
              fromArtifacts.expand(),
              EVENT.ARTIFACT_ID,
              EVENT.EXECUTION_ID,
              request.direction() == Direction.UPSTREAM ? OUTPUT_TYPES : INPUT_TYPES,
              request.direction(),
              traversedEvents,
              hidden);
      Set<Long> reachedArtifacts =
          neighbours(
              sql,
              fromExecutions.expand(),
              EVENT.EXECUTION_ID,
              EVENT.ARTIFACT_ID,
              request.direction() == Direction.UPSTREAM ? INPUT_TYPES : OUTPUT_TYPES,
              request.direction(),
              traversedEvents,
              hidden);
      reachedExecutions.removeAll(seenExecutions);
      reachedArtifacts.removeAll(seenArtifacts);
      fromExecutions =
          admit(
              sql,
              NodeTable.EXECUTIONS,
              reachedExecutions,
              request.endingExecutions(),
              request.boundaryExecutions(),
              executions,
              seenExecutions,
              request.maxNodes() - artifacts.size());
      fromArtifacts =
          admit(
              sql,
              NodeTable.ARTIFACTS,
              reachedArtifacts,
              request.endingArtifacts(),
              request.boundaryArtifacts(),
              artifacts,
              seenArtifacts,
              request.maxNodes() - executions.size());
      truncated = fromArtifacts.cut() || fromExecutions.cut();
    }
    // Like MLMD, the events are the ones the walk followed, between nodes it kept.
    Set<Long> eventIds = new TreeSet<>();
    traversedEvents.forEach(
        (id, ends) -> {
          if (artifacts.contains(ends[0]) && executions.contains(ends[1])) {
            eventIds.add(id);
          }
        });
    return new Result(
        artifacts,
        executions,
        eventIds,
        truncated,
        hidden[0],
        fromArtifacts.expand(),
        fromExecutions.expand());
  }

  /** The admitted nodes to expand on the next hop, and whether the node limit left some out. */
  private record Admitted(Set<Long> expand, boolean cut) {}

  /**
   * Takes newly reached nodes into the result in id order: drops those outside the boundary, keeps
   * ending nodes only when asked and never expands them, stops at {@code room} nodes.
   */
  private Admitted admit(
      DSLContext sql,
      NodeTable t,
      Set<Long> reached,
      Stop ending,
      Optional<String> boundary,
      Set<Long> kept,
      Set<Long> seen,
      int room) {
    Set<Long> candidates = new TreeSet<>(reached);
    if (boundary.isPresent() && !candidates.isEmpty()) {
      seen.addAll(candidates);
      candidates.retainAll(matching(sql, t, candidates, boundary.get()));
    }
    Set<Long> endings =
        ending.filter().isPresent() && !candidates.isEmpty()
            ? matching(sql, t, candidates, ending.filter().get())
            : Set.of();
    Set<Long> expand = new TreeSet<>();
    for (long id : candidates) {
      boolean isEnding = endings.contains(id);
      boolean keep = !isEnding || ending.include();
      if (keep && kept.size() >= room) {
        return new Admitted(expand, true);
      }
      seen.add(id);
      if (keep) {
        kept.add(id);
      }
      if (!isEnding) {
        expand.add(id);
      }
    }
    return new Admitted(expand, false);
  }

  private Set<Long> matching(DSLContext sql, NodeTable t, Collection<Long> ids, String filter) {
    Set<Long> matched = new TreeSet<>();
    for (List<Long> chunk : IdChunks.of(ids)) {
      matched.addAll(
          sql.select(t.id())
              .from(t.table())
              .where(t.id().in(chunk), t.id().in(FilterCompiler.matchingIds(t, filter, scope)))
              .fetch(t.id()));
    }
    return matched;
  }

  /**
   * The visible nodes one event away from {@code frontier}; each event followed to one goes to
   * {@code traversed} as its id and its (artifact, execution) ends. An event to a node the scope
   * does not see sets {@code hidden[0]}.
   */
  private Set<Long> neighbours(
      DSLContext sql,
      Set<Long> frontier,
      Field<Long> from,
      Field<Long> to,
      List<Long> directedTypes,
      Direction direction,
      Map<Long, long[]> traversed,
      boolean[] hidden) {
    Set<Long> reached = new TreeSet<>();
    NodeKind toKind = to.equals(EVENT.ARTIFACT_ID) ? NodeKind.ARTIFACT : NodeKind.EXECUTION;
    Field<Boolean> visible =
        scope.everything() ? DSL.inline(true) : DSL.field(scope.visible(toKind, to));
    for (List<Long> chunk : IdChunks.of(frontier)) {
      Condition typed =
          direction == Direction.BOTH
              ? from.in(chunk)
              : from.in(chunk).and(EVENT.TYPE.in(directedTypes));
      sql.select(EVENT.ID, EVENT.ARTIFACT_ID, EVENT.EXECUTION_ID, to, visible)
          .from(EVENT)
          .where(typed)
          .forEach(
              row -> {
                if (!Boolean.TRUE.equals(row.value5())) {
                  hidden[0] = true;
                  return;
                }
                traversed.put(row.value1(), new long[] {row.value2(), row.value3()});
                reached.add(row.value4());
              });
    }
    return reached;
  }
}
