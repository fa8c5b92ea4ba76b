package dev.mnemos.server.tenancy;

import static dev.mnemos.migrations.tenancy.jooq.Tables.MNEMOS_NODE_NAMESPACE;
import static dev.mnemos.migrations.tenancy.jooq.Tables.MNEMOS_TENANCY_STATE;

import dev.mnemos.migrations.NodeKind;
import dev.mnemos.server.auth.AuthenticationException;
import dev.mnemos.server.auth.Caller;
import dev.mnemos.server.auth.RequestCaller;
import dev.mnemos.server.change.ChangeListener;
import dev.mnemos.server.change.ChangeSet;
import dev.mnemos.server.change.StoreChange;
import dev.mnemos.server.errors.ErrorCode;
import dev.mnemos.server.errors.StoreException;
import dev.mnemos.server.model.NodeRef;
import dev.mnemos.server.schema.NodeTable;
import dev.mnemos.server.store.Database;
import dev.mnemos.server.store.GraphReads;
import dev.mnemos.server.store.IdChunks;
import dev.mnemos.server.store.NamedLock;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The namespace of every node, kept in {@code mnemos_node_namespace} inside each write transaction.
 * The rule, in order (docs/security.md):
 *
 * <ol>
 *   <li>the node's own {@code namespace} property, declared or custom, when it is a non-empty
 *       string (KFP sets it on its run contexts and, from the launcher, on its executions);
 *   <li>a context: that of its first parent context (by id) that has one;
 *   <li>an execution or an artifact: that of its first context (by id) that has one;
 *   <li>an artifact: that of the execution that first wrote it;
 *   <li>none ({@link #NONE}): the node is shared.
 * </ol>
 *
 * <p>When a context's namespace changes, its members and child contexts are derived again; when an
 * execution's does, the artifacts it wrote. Nodes without a namespace have no row.
 *
 * <p>A write must be allowed in every namespace it touches, before and after: the namespace a node
 * was in and the one it is in now, for each node it put or linked, and each one that moved with
 * them. Otherwise it fails PERMISSION_DENIED and nothing of it is kept. Nodes without a namespace
 * (KFP's pipeline contexts, shared by name) may be linked to by anyone.
 */
public final class NodeNamespaces implements ChangeListener {

  /** The property that names a node's namespace. */
  public static final String PROPERTY = "namespace";

  /** What a node without a namespace is in. */
  public static final String NONE = "";

  private static final Logger log = LoggerFactory.getLogger(NodeNamespaces.class);
  private static final String COMPLETE = "complete";

  /** Nodes per back-fill transaction, so no transaction holds the write lock for long. */
  private static final int BACKFILL_BATCH = 500;

  /** Parent links nest at most this deep here; MLMD refuses cycles, this keeps a bad one finite. */
  private static final int MAX_DEPTH = 64;

  private final NamespaceAccess access;
  private final KnownNamespaces known;
  private final String defaultNamespace;

  /**
   * @param access who may write where; {@link NamespaceAccess#OPEN} keeps the table without checks
   * @param known told of each namespace a node is put in
   * @param defaultNamespace the namespace whose write right nodes without a namespace need; empty:
   *     they are shared, anyone may link to them
   */
  public NodeNamespaces(NamespaceAccess access, KnownNamespaces known, String defaultNamespace) {
    this.access = access;
    this.known = known;
    this.defaultNamespace = defaultNamespace;
  }

  @Override
  public void onWrite(DSLContext sql, ChangeSet changes) {
    Set<NodeRef> inserted = new HashSet<>();
    for (StoreChange change : changes.changes()) {
      if (change instanceof StoreChange.NodeInserted(NodeRef node)) {
        inserted.add(node);
      }
    }
    Involved involved = new Involved(inserted);
    forget(sql, changes, involved);
    derive(
        sql,
        changes.touched(NodeKind.CONTEXT),
        changes.touched(NodeKind.EXECUTION),
        changes.touched(NodeKind.ARTIFACT),
        involved);
    Set<String> namespaces = involved.namespaces;
    if (namespaces.remove(NONE) && !defaultNamespace.isEmpty()) {
      namespaces.add(defaultNamespace);
    }
    if (!namespaces.isEmpty()) {
      requireWrite(namespaces);
    }
  }

  /**
   * The namespaces a write touches: each derived node's after the write, and before it unless the
   * write inserted the node (a new node was in no namespace, not in the default one).
   */
  private static final class Involved {
    private final Set<NodeRef> inserted;
    private final Set<String> namespaces = new TreeSet<>();

    Involved(Set<NodeRef> inserted) {
      this.inserted = inserted;
    }

    void add(NodeKind kind, long id, String before, String after) {
      if (!inserted.contains(new NodeRef(kind, id))) {
        namespaces.add(before);
      }
      namespaces.add(after);
    }
  }

  private void requireWrite(Set<String> namespaces) {
    if (!RequestCaller.CURRENT.isBound()) {
      // A write from no request touching namespaces: a path that forgot to bind its caller.
      throw new StoreException(
          ErrorCode.INTERNAL, "a write into namespaces " + namespaces + " without a caller");
    }
    Caller caller = RequestCaller.CURRENT.get();
    if (!caller.restricted()) {
      return; // admins, Mnemos itself, everyone with authentication off
    }
    for (String namespace : namespaces) {
      boolean allowed;
      try {
        allowed = access.may(caller, NamespaceAccess.Action.WRITE, namespace);
      } catch (AuthenticationException e) {
        throw new StoreException(ErrorCode.UNAVAILABLE, String.valueOf(e.getMessage()), e);
      }
      if (!allowed) {
        throw new StoreException(
            ErrorCode.PERMISSION_DENIED,
            caller.name() + " may not write in namespace " + namespace);
      }
    }
  }

  /** Drops the rows of removed nodes; removing a node is a write in its namespace. */
  private static void forget(DSLContext sql, ChangeSet changes, Involved involved) {
    for (NodeKind kind : NodeKind.values()) {
      Set<Long> removed = changes.removed(kind);
      if (removed.isEmpty()) {
        continue;
      }
      involved.namespaces.addAll(of(sql, kind, removed).values());
      for (List<Long> chunk : IdChunks.of(removed)) {
        sql.deleteFrom(MNEMOS_NODE_NAMESPACE)
            .where(MNEMOS_NODE_NAMESPACE.NODE_KIND.eq((long) kind.code()))
            .and(MNEMOS_NODE_NAMESPACE.NODE_ID.in(chunk))
            .execute();
      }
    }
  }

  /** The namespaces of the given nodes; those without one are left out. */
  public static Map<Long, String> of(DSLContext sql, NodeKind kind, Collection<Long> ids) {
    Map<Long, String> found = new HashMap<>();
    for (List<Long> chunk : IdChunks.of(ids)) {
      sql.select(MNEMOS_NODE_NAMESPACE.NODE_ID, MNEMOS_NODE_NAMESPACE.NAMESPACE)
          .from(MNEMOS_NODE_NAMESPACE)
          .where(MNEMOS_NODE_NAMESPACE.NODE_KIND.eq((long) kind.code()))
          .and(MNEMOS_NODE_NAMESPACE.NODE_ID.in(chunk))
          .forEach(row -> found.put(row.value1(), row.value2()));
    }
    return found;
  }

  /**
   * Derives the namespaces of the given nodes and of those that follow them; tells {@code involved}
   * every namespace a derived node was in or is in now.
   */
  private void derive(
      DSLContext sql,
      Set<Long> contexts,
      Set<Long> executions,
      Set<Long> artifacts,
      Involved involved) {
    GraphReads reads = GraphReads.in(sql);
    Set<Long> allExecutions = new TreeSet<>(executions);
    Set<Long> allArtifacts = new TreeSet<>(artifacts);
    Set<Long> pending = contexts;
    for (int depth = 0; !pending.isEmpty() && depth < MAX_DEPTH; depth++) {
      Set<Long> changed =
          store(sql, NodeKind.CONTEXT, contextNamespaces(sql, reads, pending), involved);
      allExecutions.addAll(reads.membersOf(NodeKind.EXECUTION, changed));
      allArtifacts.addAll(reads.membersOf(NodeKind.ARTIFACT, changed));
      pending = changed.isEmpty() ? Set.of() : reads.children(changed);
    }
    Set<Long> changedExecutions =
        store(
            sql,
            NodeKind.EXECUTION,
            memberNamespaces(sql, reads, NodeKind.EXECUTION, allExecutions),
            involved);
    reads.writtenBy(changedExecutions).forEach(artifact -> allArtifacts.add(artifact.ref().id()));
    store(
        sql,
        NodeKind.ARTIFACT,
        memberNamespaces(sql, reads, NodeKind.ARTIFACT, allArtifacts),
        involved);
  }

  private static Map<Long, String> contextNamespaces(
      DSLContext sql, GraphReads reads, Set<Long> ids) {
    Map<Long, String> namespaces = own(reads, NodeKind.CONTEXT, ids);
    Set<Long> rest = without(ids, namespaces.keySet());
    if (rest.isEmpty()) {
      return namespaces;
    }
    Map<Long, Set<Long>> parents = new HashMap<>();
    reads
        .parents(rest)
        .forEach(
            (child, headers) ->
                parents.put(
                    child,
                    headers.stream()
                        .map(header -> header.ref().id())
                        .collect(Collectors.toCollection(TreeSet::new))));
    inherit(sql, NodeKind.CONTEXT, rest, parents, namespaces);
    rest.forEach(id -> namespaces.putIfAbsent(id, NONE));
    return namespaces;
  }

  private static Map<Long, String> memberNamespaces(
      DSLContext sql, GraphReads reads, NodeKind kind, Set<Long> ids) {
    Map<Long, String> namespaces = own(reads, kind, ids);
    Set<Long> rest = without(ids, namespaces.keySet());
    if (rest.isEmpty()) {
      return namespaces;
    }
    Map<Long, Set<Long>> contexts = new HashMap<>();
    reads.contextsOf(kind, rest).forEach((node, of) -> contexts.put(node, new TreeSet<>(of)));
    inherit(sql, NodeKind.CONTEXT, rest, contexts, namespaces);
    if (kind == NodeKind.ARTIFACT) {
      Set<Long> unplaced = without(rest, namespaces.keySet());
      if (!unplaced.isEmpty()) {
        Map<Long, Set<Long>> writers = new HashMap<>();
        reads
            .firstWriters(unplaced)
            .forEach((artifact, execution) -> writers.put(artifact, Set.of(execution)));
        inherit(sql, NodeKind.EXECUTION, unplaced, writers, namespaces);
      }
    }
    rest.forEach(id -> namespaces.putIfAbsent(id, NONE));
    return namespaces;
  }

  /** Each node's own {@code namespace} property, where it is a non-empty string. */
  private static Map<Long, String> own(GraphReads reads, NodeKind kind, Set<Long> ids) {
    Map<Long, String> namespaces = new HashMap<>();
    reads
        .stringProperty(kind, ids, PROPERTY)
        .forEach(
            (id, value) -> {
              if (!value.isBlank()) {
                namespaces.put(id, value.strip());
              }
            });
    return namespaces;
  }

  /**
   * For each of {@code ids}, the namespace of the first of its {@code sources} (of kind {@code
   * sourceKind}, in id order) that has one; those that find none are left out.
   */
  private static void inherit(
      DSLContext sql,
      NodeKind sourceKind,
      Set<Long> ids,
      Map<Long, Set<Long>> sources,
      Map<Long, String> namespaces) {
    Set<Long> all = new TreeSet<>();
    sources.values().forEach(all::addAll);
    Map<Long, String> ofSources = of(sql, sourceKind, all);
    for (long id : ids) {
      Optional<String> found =
          sources.getOrDefault(id, Set.of()).stream()
              .map(ofSources::get)
              .filter(Objects::nonNull)
              .findFirst();
      found.ifPresent(namespace -> namespaces.put(id, namespace));
    }
  }

  /**
   * Writes the derived namespaces; returns the ids whose namespace changed ({@link #NONE} and no
   * row are the same).
   */
  private Set<Long> store(
      DSLContext sql, NodeKind kind, Map<Long, String> derived, Involved involved) {
    if (derived.isEmpty()) {
      return Set.of();
    }
    Map<Long, String> stored = of(sql, kind, derived.keySet());
    Set<Long> changed = new TreeSet<>();
    derived.forEach(
        (id, namespace) -> {
          String before = stored.getOrDefault(id, NONE);
          involved.add(kind, id, before, namespace);
          if (before.equals(namespace)) {
            return;
          }
          changed.add(id);
          if (namespace.equals(NONE)) {
            sql.deleteFrom(MNEMOS_NODE_NAMESPACE)
                .where(MNEMOS_NODE_NAMESPACE.NODE_KIND.eq((long) kind.code()))
                .and(MNEMOS_NODE_NAMESPACE.NODE_ID.eq(id))
                .execute();
          } else {
            known.add(namespace);
            // Insert-or-update in the form MariaDB, MySQL and SQLite all take; a row another
            // transaction inserted meanwhile is updated instead.
            int inserted =
                sql.insertInto(MNEMOS_NODE_NAMESPACE)
                    .set(MNEMOS_NODE_NAMESPACE.NODE_KIND, (long) kind.code())
                    .set(MNEMOS_NODE_NAMESPACE.NODE_ID, id)
                    .set(MNEMOS_NODE_NAMESPACE.NAMESPACE, namespace)
                    .onDuplicateKeyIgnore()
                    .execute();
            if (inserted == 0) {
              sql.update(MNEMOS_NODE_NAMESPACE)
                  .set(MNEMOS_NODE_NAMESPACE.NAMESPACE, namespace)
                  .where(MNEMOS_NODE_NAMESPACE.NODE_KIND.eq((long) kind.code()))
                  .and(MNEMOS_NODE_NAMESPACE.NODE_ID.eq(id))
                  .execute();
            }
          }
        });
    return changed;
  }

  /**
   * Derives every node's namespace unless the table is complete (it is not after a start without
   * authentication, which does not keep it, or on a database MLMD wrote). Call before serving.
   *
   * @return whether it ran
   */
  public boolean backfillIfNeeded(Database database) {
    if (complete(database)) {
      return false;
    }
    // Replicas starting together on one database: one derives, the others wait and find it done
    // (a second derivation's first step, emptying the table, would hide nodes from the first's
    // readers until it ended).
    return new NamedLock(database, "namespaces")
        .holding(() -> !complete(database) && derivedAll(database));
  }

  private static boolean complete(Database database) {
    return database.read(
        sql ->
            sql.fetchExists(
                sql.selectOne()
                    .from(MNEMOS_TENANCY_STATE)
                    .where(MNEMOS_TENANCY_STATE.NAME.eq(COMPLETE))));
  }

  private boolean derivedAll(Database database) {
    long started = System.nanoTime();
    database.write(tx -> tx.sql().deleteFrom(MNEMOS_NODE_NAMESPACE).execute());
    long nodes = 0;
    for (NodeKind kind : List.of(NodeKind.CONTEXT, NodeKind.EXECUTION, NodeKind.ARTIFACT)) {
      NodeTable table = NodeTable.of(kind);
      long after = 0;
      while (true) {
        long from = after;
        List<Long> batch =
            database.read(
                sql ->
                    sql.select(table.id())
                        .from(table.table())
                        .where(table.id().gt(from))
                        .orderBy(table.id())
                        .limit(BACKFILL_BATCH)
                        .fetch(table.id()));
        if (batch.isEmpty()) {
          break;
        }
        Set<Long> ids = new TreeSet<>(batch);
        database.write(
            tx -> {
              switch (kind) {
                case CONTEXT -> derive(tx.sql(), ids, Set.of(), Set.of(), new Involved(Set.of()));
                case EXECUTION -> derive(tx.sql(), Set.of(), ids, Set.of(), new Involved(Set.of()));
                case ARTIFACT -> derive(tx.sql(), Set.of(), Set.of(), ids, new Involved(Set.of()));
              }
              return null;
            });
        nodes += batch.size();
        after = batch.getLast();
      }
    }
    database.write(
        tx ->
            tx.sql()
                .insertInto(MNEMOS_TENANCY_STATE)
                .set(MNEMOS_TENANCY_STATE.NAME, COMPLETE)
                .set(MNEMOS_TENANCY_STATE.VALUE, "true")
                .onDuplicateKeyIgnore()
                .execute());
    log.info(
        "Derived the namespaces of {} nodes in {} ms",
        nodes,
        (System.nanoTime() - started) / 1_000_000);
    return true;
  }

  /**
   * Marks the table incomplete: a process that does not keep it (authentication off) says so at
   * start, and the next one that does derives it again.
   */
  public static void markIncomplete(Database database) {
    database.write(
        tx ->
            tx.sql()
                .deleteFrom(MNEMOS_TENANCY_STATE)
                .where(MNEMOS_TENANCY_STATE.NAME.eq(COMPLETE))
                .execute());
  }

  private static Set<Long> without(Set<Long> ids, Set<Long> placed) {
    Set<Long> rest = new TreeSet<>(ids);
    rest.removeAll(placed);
    return rest;
  }
}
