package dev.mnemos.server.store;

import dev.mnemos.migrations.NodeKind;
import dev.mnemos.server.change.ChangeListener;
import dev.mnemos.server.change.ChangeSet;
import dev.mnemos.server.change.StoreChange;
import dev.mnemos.server.errors.StoreException;
import dev.mnemos.server.schema.NodeTable;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;

/**
 * On MySQL and PostgreSQL, where several servers write one database: a write that links nodes (an
 * event, a membership, a parent link) finds each of them still there when it is about to commit,
 * reading them with a shared lock. A deletion on another server that removed one meanwhile was
 * waited for (its reads lock what it decides on, so the link waited for its commit): the write is
 * then refused with NOT_FOUND instead of leaving a link to nothing. While the write holds the lock,
 * a deletion waits for it and then sees the link. SQLite serialises writers in one server; it needs
 * no check.
 */
final class LinkedNodesCheck implements ChangeListener {

  @Override
  public void onWrite(DSLContext sql, ChangeSet changes) {
    if (!ConcurrentServers.possible(sql)) {
      return;
    }
    Map<NodeKind, Set<Long>> linked = new EnumMap<>(NodeKind.class);
    for (StoreChange change : changes.changes()) {
      switch (change) {
        case StoreChange.EventAdded(long artifact, long execution) -> {
          of(linked, NodeKind.ARTIFACT).add(artifact);
          of(linked, NodeKind.EXECUTION).add(execution);
        }
        case StoreChange.MemberAdded(var membership) -> {
          of(linked, NodeKind.CONTEXT).add(membership.contextId());
          of(linked, membership.member().kind()).add(membership.member().id());
        }
        case StoreChange.ParentAdded(long child, long parent) -> {
          of(linked, NodeKind.CONTEXT).add(child);
          of(linked, NodeKind.CONTEXT).add(parent);
        }
        case StoreChange.NodeInserted n -> {}
        case StoreChange.NodeUpdated n -> {}
        case StoreChange.NodeRemoved n -> {}
      }
    }
    linked.forEach((kind, ids) -> requireThere(sql, NodeTable.of(kind), ids));
  }

  private static Set<Long> of(Map<NodeKind, Set<Long>> linked, NodeKind kind) {
    return linked.computeIfAbsent(kind, k -> new TreeSet<>());
  }

  private static void requireThere(DSLContext sql, NodeTable table, Set<Long> ids) {
    Set<Long> missing = new TreeSet<>(ids);
    for (var chunk : IdChunks.of(ids)) {
      var select = sql.select(table.id()).from(table.table()).where(table.id().in(chunk));
      // MariaDB knows no FOR SHARE; PostgreSQL no LOCK IN SHARE MODE.
      missing.removeAll(
          (sql.dialect().family() == SQLDialect.MYSQL
                  ? select.option("LOCK IN SHARE MODE")
                  : select.orderBy(table.id()).forShare())
              .fetch(table.id()));
    }
    if (!missing.isEmpty()) {
      throw StoreException.notFound(
          "the "
              + table.label().toLowerCase(Locale.ROOT)
              + "s with ids "
              + missing
              + " were deleted while this write linked them");
    }
  }
}
