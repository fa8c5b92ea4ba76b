package dev.mnemos.server.store;

import static dev.mnemos.migrations.jooq.Tables.CONTEXT;
import static dev.mnemos.migrations.jooq.Tables.EVENT;
import static dev.mnemos.migrations.jooq.Tables.PARENTCONTEXT;

import dev.mnemos.migrations.NodeKind;
import dev.mnemos.server.filter.FilterCompiler;
import dev.mnemos.server.model.NodeRef;
import dev.mnemos.server.schema.MembershipTable;
import dev.mnemos.server.schema.NodeTable;
import dev.mnemos.server.scope.ReadScope;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.jooq.DSLContext;
import org.jooq.Record2;
import org.jooq.Record3;
import org.jooq.ResultQuery;
import org.jooq.SelectForUpdateStep;

/**
 * The rule of docs/lifecycle.md, applied to the store as one transaction sees it: of the nodes that
 * belong only to runs being deleted, which go and which must stay because something that stays
 * descends from them in lineage, or a protection filter names them. It reads; {@link RunRemoval}
 * writes what it decides.
 *
 * <p>In a write on MySQL the reads of events, memberships and parent links lock what they read
 * ({@code FOR UPDATE}: MariaDB has no {@code FOR SHARE}), so a writer on another server cannot link
 * a new node to one this transaction is about to remove before it commits (it waits, or one of the
 * two deadlocks and is retried). PostgreSQL locks no ranges, so there the plan first locks the rows
 * of the runs and nodes whose links it reads ({@link #lockRows}). SQLite serialises writers
 * already.
 *
 * <p>One per deletion, its batches applied one after the other: it remembers what stays true across
 * them.
 */
final class DeletionRule {

  /**
   * What a batch of runs removes: the candidates less what must stay, and which of the batch's runs
   * go (nothing left in them) or stay.
   */
  record Plan(
      Set<Long> artifacts, Set<Long> executions, Set<Long> removedRuns, Set<Long> retainedRuns) {}

  private final Set<Long> runTypeIds;
  private final Set<Long> deleting;
  private final Optional<String> protectedArtifacts;
  private final Optional<String> protectedExecutions;
  private final boolean lockReads;

  /**
   * Remembered across the batches of one deletion, since a run outside it stays throughout and
   * memberships only grow meanwhile: the nodes found in such a run (by membership table), and
   * whether a context is a run (its type never changes). KFP puts a dataset every run imports in
   * every run; without this, each batch read its membership in all of them again.
   */
  private final Map<MembershipTable, Set<Long>> heldByOtherRuns = new HashMap<>();

  private final Map<Long, Boolean> isRun = new HashMap<>();

  /**
   * @param runTypeIds the ids of the context types whose contexts are runs
   * @param deleting every run the deletion removes, of all its batches: membership in one of them
   *     keeps nothing
   * @param forWrite whether the plan is carried out in its transaction (then its reads lock on
   *     MySQL); a dry run locks nothing
   */
  DeletionRule(
      Set<Long> runTypeIds,
      Set<Long> deleting,
      Optional<String> protectedArtifacts,
      Optional<String> protectedExecutions,
      boolean forWrite) {
    this.runTypeIds = Set.copyOf(runTypeIds);
    this.deleting = Set.copyOf(deleting);
    this.protectedArtifacts = protectedArtifacts;
    this.protectedExecutions = protectedExecutions;
    this.lockReads = forWrite;
  }

  /** Decides what deleting {@code batch}, runs of {@code deleting}, removes. */
  Plan plan(DSLContext sql, Collection<Long> batch) {
    lockRows(sql, NodeTable.CONTEXTS, batch);
    Map<Long, Set<Long>> executionsOf = members(sql, MembershipTable.ASSOCIATIONS, batch);
    Map<Long, Set<Long>> artifactsOf = members(sql, MembershipTable.ATTRIBUTIONS, batch);

    lockRows(sql, NodeTable.EXECUTIONS, union(executionsOf));
    Set<Long> executions =
        onlyInDeletedRuns(sql, MembershipTable.ASSOCIATIONS, union(executionsOf));
    Set<Long> written =
        Events.touching(sql, Set.of(), executions, locking(sql)).writtenBy(executions);
    Set<Long> candidateArtifacts = new TreeSet<>(union(artifactsOf));
    candidateArtifacts.addAll(written);
    lockRows(sql, NodeTable.ARTIFACTS, candidateArtifacts);
    Map<Long, Long> origins = firstWriters(sql, written);
    Set<Long> artifacts = new TreeSet<>(union(artifactsOf));
    written.stream().filter(a -> executions.contains(origins.get(a))).forEach(artifacts::add);
    artifacts = onlyInDeletedRuns(sql, MembershipTable.ATTRIBUTIONS, artifacts);
    Events events = Events.touching(sql, artifacts, executions, locking(sql));
    origins.putAll(firstWriters(sql, artifacts));

    Set<Long> keptArtifacts =
        new HashSet<>(matching(sql, NodeTable.ARTIFACTS, artifacts, protectedArtifacts));
    Set<Long> keptExecutions =
        new HashSet<>(matching(sql, NodeTable.EXECUTIONS, executions, protectedExecutions));
    keepOriginsOfWhatStays(events, origins, artifacts, executions, keptArtifacts, keptExecutions);

    Set<Long> removedArtifacts = new TreeSet<>(artifacts);
    removedArtifacts.removeAll(keptArtifacts);
    Set<Long> removedExecutions = new TreeSet<>(executions);
    removedExecutions.removeAll(keptExecutions);

    Set<ParentLink> childRuns = childRunsOf(sql, batch);
    Set<Long> removedRuns = new TreeSet<>();
    Set<Long> retainedRuns = new TreeSet<>();
    // A run stays for the candidates that stay; a member shared with a run that is not deleted
    // stays for that run, and this one goes without it.
    for (long run : batch) {
      boolean holdsSomething =
          executionsOf.getOrDefault(run, Set.of()).stream().anyMatch(keptExecutions::contains)
              || artifactsOf.getOrDefault(run, Set.of()).stream().anyMatch(keptArtifacts::contains);
      (holdsSomething ? retainedRuns : removedRuns).add(run);
    }
    // A run stays while a child run of it stays, so a kept run keeps its place in the nesting.
    boolean grew = true;
    while (grew) {
      grew = false;
      for (Long run : Set.copyOf(removedRuns)) {
        if (childRuns.stream().anyMatch(link -> keepsParent(link, run, removedRuns))) {
          removedRuns.remove(run);
          retainedRuns.add(run);
          grew = true;
        }
      }
    }
    return new Plan(removedArtifacts, removedExecutions, removedRuns, retainedRuns);
  }

  /**
   * Marks what must stay: every candidate that a node outside the candidates descends from, and
   * every candidate that a candidate which stays descends from, so no kept node loses its origin.
   * An execution descends from every artifact it read; an artifact from the execution that first
   * wrote it (its origin: a later writer, a cache hit or a re-import, only points at it). An
   * artifact that an execution outside the candidates wrote stays too, so a kept step keeps its
   * outputs.
   */
  private static void keepOriginsOfWhatStays(
      Events events,
      Map<Long, Long> origins,
      Set<Long> artifacts,
      Set<Long> executions,
      Set<Long> keptArtifacts,
      Set<Long> keptExecutions) {
    for (Events.Edge edge : events.edges()) {
      // An execution that stays keeps what it read (its origin) and what it wrote (its record).
      if (artifacts.contains(edge.artifact()) && !executions.contains(edge.execution())) {
        keptArtifacts.add(edge.artifact());
      }
    }
    origins.forEach(
        (artifact, origin) -> {
          if (executions.contains(origin) && !artifacts.contains(artifact)) {
            keptExecutions.add(origin);
          }
        });
    Deque<NodeRef> work = new ArrayDeque<>();
    keptArtifacts.forEach(id -> work.add(NodeRef.artifact(id)));
    keptExecutions.forEach(id -> work.add(NodeRef.execution(id)));
    while (!work.isEmpty()) {
      NodeRef node = work.poll();
      if (node.kind() == NodeKind.ARTIFACT) {
        Long origin = origins.get(node.id());
        if (origin != null && executions.contains(origin) && keptExecutions.add(origin)) {
          work.add(NodeRef.execution(origin));
        }
        continue;
      }
      for (Events.Edge edge : events.of(NodeKind.EXECUTION, node.id())) {
        if (edge.artifactFeedsExecution()
            && artifacts.contains(edge.artifact())
            && keptArtifacts.add(edge.artifact())) {
          work.add(NodeRef.artifact(edge.artifact()));
        }
      }
    }
  }

  /**
   * The execution that first wrote each artifact (the lowest event id among its writes, an event of
   * unknown type counting as one), where one did.
   */
  private Map<Long, Long> firstWriters(DSLContext sql, Set<Long> artifacts) {
    Map<Long, Long> writers = new HashMap<>();
    for (var chunk : IdChunks.of(artifacts)) {
      locking(
              sql,
              sql.select(EVENT.ARTIFACT_ID, EVENT.EXECUTION_ID)
                  .from(EVENT)
                  .where(EVENT.ARTIFACT_ID.in(chunk), EVENT.TYPE.notIn(EventSides.INPUT_TYPES))
                  .orderBy(EVENT.ID))
          .fetch()
          .forEach(row -> writers.putIfAbsent(row.value1(), row.value2()));
    }
    return writers;
  }

  private boolean keepsParent(ParentLink link, long run, Set<Long> removedRuns) {
    return link.parent() == run && !removedRuns.contains(link.child());
  }

  private record ParentLink(long child, long parent) {}

  /** The links from each run of {@code batch} to its child contexts of run types. */
  private Set<ParentLink> childRunsOf(DSLContext sql, Collection<Long> batch) {
    Set<ParentLink> links = new HashSet<>();
    for (var chunk : IdChunks.of(batch)) {
      for (Record2<Long, Long> row :
          locking(
                  sql,
                  sql.select(PARENTCONTEXT.CONTEXT_ID, PARENTCONTEXT.PARENT_CONTEXT_ID)
                      .from(PARENTCONTEXT)
                      .where(PARENTCONTEXT.PARENT_CONTEXT_ID.in(chunk)))
              .fetch()) {
        links.add(new ParentLink(row.value1(), row.value2()));
      }
    }
    Set<Long> children = new HashSet<>();
    links.forEach(link -> children.add(link.child()));
    Set<Long> runs = runsAmong(sql, children);
    links.removeIf(link -> !runs.contains(link.child()));
    return links;
  }

  /** Each context's members of one kind. */
  private Map<Long, Set<Long>> members(
      DSLContext sql, MembershipTable table, Collection<Long> contexts) {
    Map<Long, Set<Long>> members = new HashMap<>();
    for (var chunk : IdChunks.of(contexts)) {
      for (Record2<Long, Long> row :
          locking(
                  sql,
                  sql.select(table.contextId(), table.memberId())
                      .from(table.table())
                      .where(table.contextId().in(chunk)))
              .fetch()) {
        members.computeIfAbsent(row.value1(), c -> new HashSet<>()).add(row.value2());
      }
    }
    return members;
  }

  /** The nodes none of whose runs stays: every run they are members of is being deleted. */
  private Set<Long> onlyInDeletedRuns(DSLContext sql, MembershipTable table, Set<Long> nodes) {
    Set<Long> held = heldByOtherRuns.computeIfAbsent(table, t -> new HashSet<>());
    Set<Long> unknown = new TreeSet<>(nodes);
    unknown.removeAll(held);
    Map<Long, Set<Long>> contextsOf = new HashMap<>();
    for (var chunk : IdChunks.of(unknown)) {
      for (Record2<Long, Long> row :
          locking(
                  sql,
                  sql.select(table.memberId(), table.contextId())
                      .from(table.table())
                      .where(table.memberId().in(chunk)))
              .fetch()) {
        contextsOf.computeIfAbsent(row.value1(), n -> new HashSet<>()).add(row.value2());
      }
    }
    Set<Long> otherContexts = new HashSet<>();
    contextsOf.values().forEach(otherContexts::addAll);
    otherContexts.removeAll(deleting);
    Set<Long> otherRuns = runsAmong(sql, otherContexts);
    Set<Long> only = new TreeSet<>(unknown);
    contextsOf.forEach(
        (node, contexts) -> {
          if (contexts.stream().anyMatch(otherRuns::contains)) {
            only.remove(node);
            held.add(node);
          }
        });
    return only;
  }

  /**
   * Those of the contexts that are runs, by their primary key: joined in one statement, SQLite
   * walked every run of the type instead of the few contexts named.
   */
  private Set<Long> runsAmong(DSLContext sql, Set<Long> contexts) {
    Set<Long> unknown = new TreeSet<>(contexts);
    unknown.removeAll(isRun.keySet());
    for (var chunk : IdChunks.of(unknown)) {
      chunk.forEach(context -> isRun.put(context, false));
      sql.select(CONTEXT.ID)
          .from(CONTEXT)
          .where(CONTEXT.ID.in(chunk), CONTEXT.TYPE_ID.in(runTypeIds))
          .fetch(CONTEXT.ID)
          .forEach(run -> isRun.put(run, true));
    }
    Set<Long> runs = new HashSet<>();
    contexts.forEach(
        context -> {
          if (isRun.getOrDefault(context, false)) {
            runs.add(context);
          }
        });
    return runs;
  }

  /** Those of {@code ids} that {@code filter} matches; none without a filter. */
  private static Set<Long> matching(
      DSLContext sql, NodeTable table, Set<Long> ids, Optional<String> filter) {
    Set<Long> matched = new HashSet<>();
    if (filter.isEmpty() || ids.isEmpty()) {
      return matched;
    }
    var matchingIds = FilterCompiler.matchingIds(table, filter.get(), ReadScope.EVERYTHING);
    for (var chunk : IdChunks.of(ids)) {
      matched.addAll(
          sql.select(table.id())
              .from(table.table())
              .where(table.id().in(chunk), table.id().in(matchingIds))
              .fetch(table.id()));
    }
    return matched;
  }

  private static Set<Long> union(Map<Long, Set<Long>> members) {
    Set<Long> all = new TreeSet<>();
    members.values().forEach(all::addAll);
    return all;
  }

  /** Whether reads lock what they read: in a write where other servers may write too. */
  private boolean locking(DSLContext sql) {
    return lockReads && ConcurrentServers.possible(sql);
  }

  /**
   * Where locking reads lock rows only (PostgreSQL), locks the rows of the nodes whose links this
   * plan reads next, before reading them: a writer on another server that links one of them locks
   * its row too ({@link LinkedNodesCheck}), so either its link is committed before these reads, or
   * it waits for this deletion and is then refused for the node it removed.
   */
  private void lockRows(DSLContext sql, NodeTable table, Collection<Long> ids) {
    if (!locking(sql) || ConcurrentServers.rangesLocked(sql)) {
      return;
    }
    for (var chunk : IdChunks.of(new TreeSet<>(ids))) {
      sql.select(table.id())
          .from(table.table())
          .where(table.id().in(chunk))
          .orderBy(table.id())
          .forUpdate()
          .fetch();
    }
  }

  private <R extends org.jooq.Record> ResultQuery<R> locking(
      DSLContext sql, SelectForUpdateStep<R> select) {
    return locking(sql) ? select.forUpdate() : select;
  }

  /** The events with an end among some artifacts or executions, by either end. */
  record Events(Map<Long, Set<Edge>> byArtifact, Map<Long, Set<Edge>> byExecution) {

    /** One event as the rule reads it: which way lineage flows through it. */
    record Edge(long artifact, long execution, long type) {

      /** The artifact is upstream of the execution: read by it, or an event of unknown type. */
      boolean artifactFeedsExecution() {
        return !EventSides.OUTPUT_TYPES.contains(type);
      }

      /** The execution is upstream of the artifact: wrote it, or an event of unknown type. */
      boolean executionFeedsArtifact() {
        return !EventSides.INPUT_TYPES.contains(type);
      }
    }

    static Events touching(
        DSLContext sql, Set<Long> artifacts, Set<Long> executions, boolean lock) {
      Map<Long, Set<Edge>> byArtifact = new HashMap<>();
      Map<Long, Set<Edge>> byExecution = new HashMap<>();
      for (var side :
          List.of(
              Map.entry(EVENT.ARTIFACT_ID, artifacts), Map.entry(EVENT.EXECUTION_ID, executions))) {
        for (var chunk : IdChunks.of(side.getValue())) {
          SelectForUpdateStep<Record3<Long, Long, Long>> select =
              sql.select(EVENT.ARTIFACT_ID, EVENT.EXECUTION_ID, EVENT.TYPE)
                  .from(EVENT)
                  .where(side.getKey().in(chunk));
          for (Record3<Long, Long, Long> row : (lock ? select.forUpdate() : select).fetch()) {
            Edge edge = new Edge(row.value1(), row.value2(), row.value3());
            byArtifact.computeIfAbsent(edge.artifact(), a -> new HashSet<>()).add(edge);
            byExecution.computeIfAbsent(edge.execution(), e -> new HashSet<>()).add(edge);
          }
        }
      }
      return new Events(byArtifact, byExecution);
    }

    Set<Edge> of(NodeKind kind, long id) {
      return (kind == NodeKind.ARTIFACT ? byArtifact : byExecution).getOrDefault(id, Set.of());
    }

    Iterable<Edge> edges() {
      return byArtifact.values().stream().flatMap(Set::stream).toList();
    }

    /** The artifacts these executions wrote (an event of unknown type counting as a write). */
    Set<Long> writtenBy(Set<Long> executions) {
      Set<Long> written = new TreeSet<>();
      for (long execution : executions) {
        for (Edge edge : of(NodeKind.EXECUTION, execution)) {
          if (edge.executionFeedsArtifact()) {
            written.add(edge.artifact());
          }
        }
      }
      return written;
    }
  }
}
