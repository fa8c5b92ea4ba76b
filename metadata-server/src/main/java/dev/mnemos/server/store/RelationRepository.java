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
import java.util.function.LongConsumer;
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
    addMembers(
        tx.sql(),
        ATTRIBUTION,
        ATTRIBUTION.CONTEXT_ID,
        ATTRIBUTION.ARTIFACT_ID,
        contextId,
        artifactIds,
        artifactId ->
            tx.record(new MemberAdded(new Membership(contextId, NodeRef.artifact(artifactId)))));
  }

  /** Adds the associations that do not exist yet; MLMD treats a repeat as success. */
  void associate(WriteTransaction tx, long contextId, Collection<Long> executionIds) {
    addMembers(
        tx.sql(),
        ASSOCIATION,
        ASSOCIATION.CONTEXT_ID,
        ASSOCIATION.EXECUTION_ID,
        contextId,
        executionIds,
        executionId ->
            tx.record(new MemberAdded(new Membership(contextId, NodeRef.execution(executionId)))));
  }

  /**
   * The members not in the context yet join it: one lookup and one multi-row insert per chunk of
   * ids, whatever their number.
   */
  private static <R extends Record> void addMembers(
      DSLContext sql,
      Table<R> membership,
      Field<Long> context,
      Field<Long> member,
      long contextId,
      Collection<Long> members,
      LongConsumer added) {
    Set<Long> present = new HashSet<>();
    for (List<Long> chunk : IdChunks.of(members)) {
      present.addAll(
          sql.select(member)
              .from(membership)
              .where(context.eq(contextId))
              .and(member.in(chunk))
              .fetch(member));
    }
    List<Long> missing = new ArrayList<>();
    for (long id : new LinkedHashSet<>(members)) {
      if (present.add(id)) {
        missing.add(id);
      }
    }
    for (List<Long> chunk : IdChunks.of(missing)) {
      var insert = sql.insertInto(membership, context, member);
      for (long id : chunk) {
        insert = insert.values(contextId, id);
        added.accept(id);
      }
      try {
        insert.execute();
      } catch (IntegrityConstraintViolationException e) {
        // Missing when looked up, there when inserted: a concurrent write added it meanwhile.
        throw new ConcurrentWriteConflict(
            "a concurrent write added the same members to context " + contextId, e);
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
