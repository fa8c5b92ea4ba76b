package dev.mnemos.server.store;

import static dev.mnemos.migrations.jooq.Tables.ASSOCIATION;
import static dev.mnemos.migrations.jooq.Tables.ATTRIBUTION;
import static dev.mnemos.migrations.jooq.Tables.PARENTCONTEXT;

import dev.mnemos.migrations.NodeKind;
import dev.mnemos.proto.mlmd.Association;
import dev.mnemos.proto.mlmd.Attribution;
import dev.mnemos.server.change.StoreChange.MemberAdded;
import dev.mnemos.server.change.StoreChange.ParentAdded;
import dev.mnemos.server.errors.StoreException;
import dev.mnemos.server.model.Membership;
import dev.mnemos.server.model.NodeRef;
import dev.mnemos.server.scope.ReadScope;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.exception.IntegrityConstraintViolationException;

/**
 * Context membership (`Attribution`, `Association`) and the context hierarchy (`ParentContext`).
 */
final class RelationRepository {

  /** Adds the attributions that do not exist yet; MLMD treats a repeat as success. */
  void attribute(WriteTransaction tx, long contextId, Collection<Long> artifactIds) {
    attribute(tx, List.of(contextId), artifactIds);
  }

  /** Every artifact joins every context (a KFP step's outputs join its run and pipeline). */
  void attribute(WriteTransaction tx, Collection<Long> contextIds, Collection<Long> artifactIds) {
    addMembers(
        tx.sql(),
        ATTRIBUTION,
        ATTRIBUTION.CONTEXT_ID,
        ATTRIBUTION.ARTIFACT_ID,
        contextIds,
        artifactIds,
        (contextId, artifactId) ->
            tx.record(new MemberAdded(new Membership(contextId, NodeRef.artifact(artifactId)))));
  }

  /** Adds the associations that do not exist yet; MLMD treats a repeat as success. */
  void associate(WriteTransaction tx, long contextId, Collection<Long> executionIds) {
    associate(tx, List.of(contextId), executionIds);
  }

  /** Every execution joins every context. */
  void associate(WriteTransaction tx, Collection<Long> contextIds, Collection<Long> executionIds) {
    addMembers(
        tx.sql(),
        ASSOCIATION,
        ASSOCIATION.CONTEXT_ID,
        ASSOCIATION.EXECUTION_ID,
        contextIds,
        executionIds,
        (contextId, executionId) ->
            tx.record(new MemberAdded(new Membership(contextId, NodeRef.execution(executionId)))));
  }

  /** A context and a member of it. */
  private record Pair(long context, long member) {}

  /**
   * The members not in each context yet join it: one lookup and one multi-row insert per chunk,
   * however many contexts and members; contexts in the order given, members likewise within each.
   */
  private static <R extends Record> void addMembers(
      DSLContext sql,
      Table<R> membership,
      Field<Long> context,
      Field<Long> member,
      Collection<Long> contextIds,
      Collection<Long> members,
      BiConsumer<Long, Long> added) {
    Set<Long> contexts = new LinkedHashSet<>(contextIds);
    if (contexts.isEmpty() || members.isEmpty()) {
      return;
    }
    // Chunks small enough that the pairs of one chunk stay within a statement's bind limit.
    int perChunk = Math.max(1, IdChunks.SIZE / contexts.size());
    Set<Pair> present = new HashSet<>();
    List<Long> distinct = List.copyOf(new LinkedHashSet<>(members));
    for (int from = 0; from < distinct.size(); from += perChunk) {
      List<Long> chunk = distinct.subList(from, Math.min(distinct.size(), from + perChunk));
      sql.select(context, member)
          .from(membership)
          .where(context.in(contexts))
          .and(member.in(chunk))
          .forEach(row -> present.add(new Pair(row.value1(), row.value2())));
    }
    List<Pair> missing = new ArrayList<>();
    for (long contextId : contexts) {
      for (long id : distinct) {
        if (present.add(new Pair(contextId, id))) {
          missing.add(new Pair(contextId, id));
        }
      }
    }
    for (int from = 0; from < missing.size(); from += IdChunks.SIZE) {
      var insert = sql.insertInto(membership, context, member);
      for (Pair pair : missing.subList(from, Math.min(missing.size(), from + IdChunks.SIZE))) {
        insert = insert.values(pair.context(), pair.member());
        added.accept(pair.context(), pair.member());
      }
      try {
        insert.execute();
      } catch (IntegrityConstraintViolationException e) {
        // Missing when looked up, there when inserted: a concurrent write added it meanwhile.
        throw new ConcurrentWriteConflict(
            "a concurrent write added the same members to contexts " + contexts, e);
      }
    }
  }

  void addParent(WriteTransaction tx, long childId, long parentId) {
    try {
      tx.sql()
          .insertInto(PARENTCONTEXT, PARENTCONTEXT.CONTEXT_ID, PARENTCONTEXT.PARENT_CONTEXT_ID)
          .values(childId, parentId)
          .execute();
      tx.record(new ParentAdded(childId, parentId));
    } catch (IntegrityConstraintViolationException e) {
      throw StoreException.alreadyExists(
          "Given parent context already exists: child " + childId + ", parent " + parentId);
    }
  }

  /** Whether {@code candidate} is {@code contextId} itself or one of its ancestors. */
  boolean isSelfOrAncestor(DSLContext sql, long candidate, long contextId) {
    Set<Long> seen = new HashSet<>();
    Deque<Long> frontier = new ArrayDeque<>(List.of(contextId));
    while (!frontier.isEmpty()) {
      Set<Long> layer = new HashSet<>(frontier);
      frontier.clear();
      if (layer.contains(candidate)) {
        return true;
      }
      seen.addAll(layer);
      for (Long parent : parentIds(sql, layer)) {
        if (!seen.contains(parent)) {
          frontier.add(parent);
        }
      }
    }
    return false;
  }

  List<Long> parentIds(DSLContext sql, Collection<Long> childIds) {
    return sql.selectDistinct(PARENTCONTEXT.PARENT_CONTEXT_ID)
        .from(PARENTCONTEXT)
        .where(PARENTCONTEXT.CONTEXT_ID.in(childIds))
        .fetch(PARENTCONTEXT.PARENT_CONTEXT_ID);
  }

  /** Attributions of the given artifacts, in id order; lists longer than a chunk are split. */
  List<Attribution> attributionsOfArtifacts(
      DSLContext sql, Collection<Long> artifactIds, ReadScope scope) {
    List<Attribution> found = new ArrayList<>();
    for (List<Long> chunk : IdChunks.of(artifactIds)) {
      sql.selectFrom(ATTRIBUTION)
          .where(
              ATTRIBUTION.ARTIFACT_ID.in(chunk),
              scope.visible(NodeKind.ARTIFACT, ATTRIBUTION.ARTIFACT_ID),
              scope.visible(NodeKind.CONTEXT, ATTRIBUTION.CONTEXT_ID))
          .orderBy(ATTRIBUTION.ID)
          .forEach(
              row ->
                  found.add(
                      Attribution.newBuilder()
                          .setArtifactId(row.getArtifactId())
                          .setContextId(row.getContextId())
                          .build()));
    }
    return found;
  }

  /** Associations of the given executions, in id order; lists longer than a chunk are split. */
  List<Association> associationsOfExecutions(
      DSLContext sql, Collection<Long> executionIds, ReadScope scope) {
    List<Association> found = new ArrayList<>();
    for (List<Long> chunk : IdChunks.of(executionIds)) {
      sql.selectFrom(ASSOCIATION)
          .where(
              ASSOCIATION.EXECUTION_ID.in(chunk),
              scope.visible(NodeKind.EXECUTION, ASSOCIATION.EXECUTION_ID),
              scope.visible(NodeKind.CONTEXT, ASSOCIATION.CONTEXT_ID))
          .orderBy(ASSOCIATION.ID)
          .forEach(
              row ->
                  found.add(
                      Association.newBuilder()
                          .setExecutionId(row.getExecutionId())
                          .setContextId(row.getContextId())
                          .build()));
    }
    return found;
  }

  /** The visible contexts of a visible artifact. */
  List<Long> contextIdsOfArtifact(DSLContext sql, long artifactId, ReadScope scope) {
    return sql.select(ATTRIBUTION.CONTEXT_ID)
        .from(ATTRIBUTION)
        .where(
            ATTRIBUTION.ARTIFACT_ID.eq(artifactId),
            scope.visible(NodeKind.ARTIFACT, ATTRIBUTION.ARTIFACT_ID),
            scope.visible(NodeKind.CONTEXT, ATTRIBUTION.CONTEXT_ID))
        .fetch(ATTRIBUTION.CONTEXT_ID);
  }

  /** The visible contexts of a visible execution. */
  List<Long> contextIdsOfExecution(DSLContext sql, long executionId, ReadScope scope) {
    return sql.select(ASSOCIATION.CONTEXT_ID)
        .from(ASSOCIATION)
        .where(
            ASSOCIATION.EXECUTION_ID.eq(executionId),
            scope.visible(NodeKind.EXECUTION, ASSOCIATION.EXECUTION_ID),
            scope.visible(NodeKind.CONTEXT, ASSOCIATION.CONTEXT_ID))
        .fetch(ASSOCIATION.CONTEXT_ID);
  }
}
