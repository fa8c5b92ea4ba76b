package dev.mnemos.server.store;

import static dev.mnemos.migrations.jooq.Tables.ARTIFACT;
import static dev.mnemos.migrations.jooq.Tables.CONTEXT;
import static dev.mnemos.migrations.jooq.Tables.CONTEXTPROPERTY;
import static dev.mnemos.migrations.jooq.Tables.EVENT;
import static dev.mnemos.migrations.jooq.Tables.EVENTPATH;
import static dev.mnemos.migrations.jooq.Tables.PARENTCONTEXT;

import dev.mnemos.migrations.NodeKind;
import dev.mnemos.server.change.StoreChange.NodeRemoved;
import dev.mnemos.server.change.StoreChange.NodeUpdated;
import dev.mnemos.server.model.ArtifactMark;
import dev.mnemos.server.model.DeletionReport;
import dev.mnemos.server.model.NodeRef;
import dev.mnemos.server.schema.MembershipTable;
import dev.mnemos.server.schema.NodeTable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jooq.DSLContext;
import org.jooq.Record2;

/**
 * Writes a {@link DeletionRule.Plan}: deletes the removed nodes with every row that refers to them
 * (properties, events and their paths, memberships, parent links), and marks each retained run with
 * {@link RunDeletions#RETAINED_PROPERTY}. Records a {@link NodeRemoved} per removed node and a
 * {@link NodeUpdated} per newly marked run, so summaries, namespaces and the search index follow.
 */
final class RunRemoval {

  private RunRemoval() {}

  static DeletionReport apply(WriteTransaction tx, DeletionRule.Plan plan) {
    DSLContext sql = tx.sql();
    SortedMap<Long, String> uris = uris(sql, plan.artifacts());
    deleteEvents(sql, plan.artifacts(), plan.executions());
    deleteNodes(sql, NodeTable.ARTIFACTS, plan.artifacts());
    deleteNodes(sql, NodeTable.EXECUTIONS, plan.executions());
    for (var chunk : IdChunks.of(plan.removedRuns())) {
      for (MembershipTable members :
          List.of(MembershipTable.ATTRIBUTIONS, MembershipTable.ASSOCIATIONS)) {
        sql.deleteFrom(members.table()).where(members.contextId().in(chunk)).execute();
      }
      sql.deleteFrom(PARENTCONTEXT)
          .where(PARENTCONTEXT.CONTEXT_ID.in(chunk).or(PARENTCONTEXT.PARENT_CONTEXT_ID.in(chunk)))
          .execute();
    }
    deleteNodes(sql, NodeTable.CONTEXTS, plan.removedRuns());
    markRetained(tx, plan.retainedRuns());
    plan.artifacts().forEach(id -> tx.record(new NodeRemoved(NodeRef.artifact(id))));
    plan.executions().forEach(id -> tx.record(new NodeRemoved(NodeRef.execution(id))));
    plan.removedRuns().forEach(id -> tx.record(new NodeRemoved(NodeRef.context(id))));
    return new DeletionReport(
        new TreeSet<>(plan.removedRuns()),
        new TreeSet<>(plan.retainedRuns()),
        new TreeSet<>(plan.artifacts()),
        new TreeSet<>(plan.executions()),
        uris);
  }

  /** Sets {@code mark} as the state of the artifacts not in it yet, as an update of each. */
  static void mark(WriteTransaction tx, List<Long> artifacts, ArtifactMark mark) {
    DSLContext sql = tx.sql();
    List<Long> unmarked =
        sql.select(ARTIFACT.ID)
            .from(ARTIFACT)
            .where(
                ARTIFACT.ID.in(artifacts),
                ARTIFACT.STATE.isNull().or(ARTIFACT.STATE.ne(mark.state())))
            .fetch(ARTIFACT.ID);
    if (unmarked.isEmpty()) {
      return;
    }
    sql.update(ARTIFACT)
        .set(ARTIFACT.STATE, mark.state())
        .set(ARTIFACT.LAST_UPDATE_TIME_SINCE_EPOCH, System.currentTimeMillis())
        .where(ARTIFACT.ID.in(unmarked))
        .execute();
    unmarked.forEach(id -> tx.record(new NodeUpdated(NodeRef.artifact(id))));
  }

  /** The URIs of the artifacts that have one, read before they go. */
  static SortedMap<Long, String> uris(DSLContext sql, Collection<Long> artifacts) {
    SortedMap<Long, String> uris = new TreeMap<>();
    for (var chunk : IdChunks.of(artifacts)) {
      for (Record2<Long, String> row :
          sql.select(ARTIFACT.ID, ARTIFACT.URI)
              .from(ARTIFACT)
              .where(ARTIFACT.ID.in(chunk), ARTIFACT.URI.isNotNull(), ARTIFACT.URI.ne(""))
              .fetch()) {
        uris.put(row.value1(), row.value2());
      }
    }
    return uris;
  }

  /** Every event with an end among the removed nodes, and its path. */
  private static void deleteEvents(DSLContext sql, Set<Long> artifacts, Set<Long> executions) {
    // Locking reads read what is committed now, not the transaction's first snapshot (MySQL).
    boolean lock = ConcurrentServers.possible(sql);
    List<Long> events = new ArrayList<>();
    for (var chunk : IdChunks.of(artifacts)) {
      var select = sql.select(EVENT.ID).from(EVENT).where(EVENT.ARTIFACT_ID.in(chunk));
      events.addAll((lock ? select.forUpdate() : select).fetch(EVENT.ID));
    }
    for (var chunk : IdChunks.of(executions)) {
      var select = sql.select(EVENT.ID).from(EVENT).where(EVENT.EXECUTION_ID.in(chunk));
      events.addAll((lock ? select.forUpdate() : select).fetch(EVENT.ID));
    }
    for (var chunk : IdChunks.of(new TreeSet<>(events))) {
      sql.deleteFrom(EVENTPATH).where(EVENTPATH.EVENT_ID.in(chunk)).execute();
      sql.deleteFrom(EVENT).where(EVENT.ID.in(chunk)).execute();
    }
  }

  /** The nodes' property rows and memberships, then the nodes. */
  private static void deleteNodes(DSLContext sql, NodeTable table, Set<Long> ids) {
    for (var chunk : IdChunks.of(ids)) {
      sql.deleteFrom(table.propertyTable()).where(table.propertyOwner().in(chunk)).execute();
      if (table.kind() != NodeKind.CONTEXT) {
        MembershipTable members = MembershipTable.of(table.kind());
        sql.deleteFrom(members.table()).where(members.memberId().in(chunk)).execute();
      }
      sql.deleteFrom(table.table()).where(table.id().in(chunk)).execute();
    }
  }

  /** Sets the retained mark on the runs that lack it. */
  private static void markRetained(WriteTransaction tx, Set<Long> runs) {
    DSLContext sql = tx.sql();
    long now = System.currentTimeMillis();
    for (var chunk : IdChunks.of(runs)) {
      Set<Long> marked =
          new TreeSet<>(
              sql.select(CONTEXTPROPERTY.CONTEXT_ID)
                  .from(CONTEXTPROPERTY)
                  .where(
                      CONTEXTPROPERTY.CONTEXT_ID.in(chunk),
                      CONTEXTPROPERTY.NAME.eq(RunDeletions.RETAINED_PROPERTY),
                      CONTEXTPROPERTY.IS_CUSTOM_PROPERTY.isTrue(),
                      CONTEXTPROPERTY.BOOL_VALUE.isTrue())
                  .fetch(CONTEXTPROPERTY.CONTEXT_ID));
      List<Long> unmarked = chunk.stream().filter(run -> !marked.contains(run)).toList();
      if (unmarked.isEmpty()) {
        continue;
      }
      sql.deleteFrom(CONTEXTPROPERTY)
          .where(
              CONTEXTPROPERTY.CONTEXT_ID.in(unmarked),
              CONTEXTPROPERTY.NAME.eq(RunDeletions.RETAINED_PROPERTY),
              CONTEXTPROPERTY.IS_CUSTOM_PROPERTY.isTrue())
          .execute();
      var insert =
          sql.insertInto(
              CONTEXTPROPERTY,
              CONTEXTPROPERTY.CONTEXT_ID,
              CONTEXTPROPERTY.NAME,
              CONTEXTPROPERTY.IS_CUSTOM_PROPERTY,
              CONTEXTPROPERTY.BOOL_VALUE);
      for (long run : unmarked) {
        insert = insert.values(run, RunDeletions.RETAINED_PROPERTY, true, true);
      }
      insert.execute();
      sql.update(CONTEXT)
          .set(CONTEXT.LAST_UPDATE_TIME_SINCE_EPOCH, now)
          .where(CONTEXT.ID.in(unmarked))
          .execute();
      unmarked.forEach(run -> tx.record(new NodeUpdated(NodeRef.context(run))));
    }
  }
}
